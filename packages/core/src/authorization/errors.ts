import { PetitioError } from "../errors.js";

/** The embedding app's `authorize` hook (or the default) refused a command. Nothing was appended. */
export class NotAuthorizedError extends PetitioError {
  readonly code = "NOT_AUTHORIZED";
  constructor(
    readonly actorId: string,
    readonly command: string,
    readonly petitionId: string,
    /** Short rule id: `role`, `org scope`, `own petition`, `conflict of interest`, `accused org`, ... */
    readonly rule: string,
    readonly reason: string,
    readonly article?: string,
  ) {
    super(
      `${actorId} may not ${command} petition ${petitionId}: ${reason}${article ? ` (${article})` : ""}`,
    );
  }
}

/** An outbox payload would carry an accusation's content or its accuser's identity to someone. */
export class AccusationLeakError extends PetitioError {
  readonly code = "ACCUSATION_LEAK";
  constructor(
    readonly petitionId: string,
    /** Paths in the payload that carry what must not leave (`payload.data.content`). */
    readonly paths: readonly string[],
  ) {
    super(
      `an outbox payload of accusation ${petitionId} carries ${paths.join(", ")}; accusation material and the accuser's identity are never sent out (W22 Art. 30 ¶3)`,
    );
  }
}
