import { PetitioError } from "@petitio/core";

/** An argument or input record that assist cannot use: names the field and the reason. */
export class AssistInputError extends PetitioError {
  readonly code = "ASSIST_INPUT";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** A router model file that is not a model this version can read, or whose hash does not match its content. */
export class RouterModelError extends PetitioError {
  readonly code = "ASSIST_ROUTER_MODEL";
  constructor(readonly reason: string) {
    super(`router model: ${reason}`);
  }
}
