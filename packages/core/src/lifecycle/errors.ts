import { PetitioError } from "../errors.js";
import type { ActorRole } from "../events/envelope.js";
import type { CommandType } from "./command-types.js";
import type { PetitionStatus } from "./state.js";

/**
 * A command the law or the statechart does not allow now. Nothing was appended.
 * `state` is the petition's current state, `rule` the rule that refuses it (with
 * its article when the rule comes from the law), `allowed` the commands the
 * petition accepts in this state, `field` the command field at fault when one
 * field is (e.g. `deliveredAt`).
 */
export class IllegalCommandError extends PetitioError {
  readonly code = "ILLEGAL_COMMAND";
  constructor(
    readonly state: PetitionStatus,
    readonly command: CommandType,
    readonly rule: string,
    readonly reason: string,
    readonly allowed: readonly CommandType[],
    readonly article?: string,
    readonly field?: string,
  ) {
    super(
      `${command} is not allowed in state "${state}": ${rule}${article ? ` (${article})` : ""}: ${field ? `${field}: ` : ""}${reason}; allowed now: ${
        allowed.length > 0 ? allowed.join(", ") : "none"
      }`,
    );
  }
}

/** The actor may not issue this command: wrong role, or not the org / petitioner the rule names. */
export class ForbiddenRoleError extends PetitioError {
  readonly code = "FORBIDDEN_ROLE";
  constructor(
    readonly role: ActorRole,
    readonly command: CommandType,
    readonly allowedRoles: readonly ActorRole[],
    readonly reason: string,
    readonly article?: string,
  ) {
    super(
      `${command} may not be issued by this ${role}: ${reason}${article ? ` (${article})` : ""}`,
    );
  }
}
