import { COMMAND_ORGS, COMMAND_ROLES } from "../engine/commands.js";
import type { ActorRole } from "../events/envelope.js";
import type { RuleInput, Violation } from "./rules.js";
import type { PetitionState } from "./state.js";

/** A breach of who may act: the wrong role, or not the org or petitioner the procedure names. */
export interface ActorViolation extends Violation {
  /** "role", "org" or "petitioner". */
  rule: "role" | "org" | "petitioner";
  allowedRoles: readonly ActorRole[];
}

/**
 * Role and org: only the petitioner evaluates, withdraws and asks for review or
 * re-examination; only the org a petition was routed to accepts, extends and
 * replies; the review / re-examination org decides; intake registers and routes;
 * supervisors supervise and recommend.
 */
export const actorViolation = (
  state: PetitionState | undefined,
  input: Pick<RuleInput, "type" | "actor">,
): ActorViolation | undefined => {
  const { type, actor } = input;
  const allowedRoles = COMMAND_ROLES[type];
  const breach = (
    rule: ActorViolation["rule"],
    message: string,
    article?: string,
  ): ActorViolation =>
    article === undefined
      ? { rule, message, allowedRoles }
      : { rule, article, message, allowedRoles };
  if (!allowedRoles.includes(actor.role)) {
    return breach("role", `${type} is for ${allowedRoles.join(" or ")}, not ${actor.role}`);
  }
  if (!state) return undefined;
  const orgMust = (org: string | undefined, what: string, article: string) =>
    org !== undefined && actor.org !== org
      ? breach(
          "org",
          `only ${org}, ${what}, may do this; the actor is ${actor.org ?? "without an org"}`,
          article,
        )
      : undefined;
  const org = COMMAND_ORGS[type];
  if (org === "petitioner") {
    return state.petitionerIds.length > 0 && !state.petitionerIds.includes(actor.id)
      ? breach("petitioner", `only the petitioner of ${state.petitionId} may do this`)
      : undefined;
  }
  if (org === undefined || (org.agencyOnly && actor.role !== "agency")) return undefined;
  const duty = org.of(state);
  return orgMust(duty.org, duty.what, duty.article);
};
