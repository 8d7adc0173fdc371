import { PetitioError } from "../errors.js";

/** A dispatcher or channel option that cannot work, named by its field. */
export class NotifyConfigError extends PetitioError {
  readonly code = "NOTIFY_CONFIG_INVALID";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`notification config: ${field}: ${reason}`);
  }
}
