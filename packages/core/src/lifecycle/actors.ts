import type { ActorRole } from "../events/envelope.js";
import { COMMAND_ROLES, type CommandType } from "./command-types.js";
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
  const org = ORG_DUTIES[type];
  if (org === "petitioner") {
    return state.petitionerIds.length > 0 && !state.petitionerIds.includes(actor.id)
      ? breach("petitioner", `only the petitioner of ${state.petitionId} may do this`)
      : undefined;
  }
  if (org === undefined || (org.agencyOnly && actor.role !== "agency")) return undefined;
  const duty = org.of(state);
  return orgMust(duty.org, duty.what, duty.article);
};

interface OrgDuty {
  /** Checked only when the actor is an agency (intake may also act, for any org). */
  agencyOnly?: true;
  of(state: PetitionState): { org: string | undefined; what: string; article: string };
}

const routedOrg = (state: PetitionState) => ({
  org: state.org,
  what: "the org the petition was routed to",
  article: "W22 Art. 23",
});
const handlingOrg =
  (article: string) =>
  (state: PetitionState): ReturnType<OrgDuty["of"]> => ({
    org: state.org,
    what: "the handling org",
    article,
  });

/** Which org (or the petitioner) a command belongs to, once the petition names one. */
const ORG_DUTIES: { readonly [C in CommandType]?: OrgDuty | "petitioner" } = {
  accept: { of: routedOrg },
  objectRouting: { of: routedOrg },
  notAccept: { agencyOnly: true, of: routedOrg },
  redirect: { agencyOnly: true, of: routedOrg },
  extend: { of: handlingOrg("W22 Art. 34") },
  recordMediation: { of: handlingOrg("W22 Art. 33") },
  reply: { of: handlingOrg("W22 Art. 32") },
  startHearing: { of: (s) => hearingOrg(s) },
  endHearing: { of: (s) => hearingOrg(s) },
  decideReview: {
    of: (s) => ({ org: s.reviewOrg, what: "the org asked to review", article: "W22 Art. 35" }),
  },
  decideReexamination: {
    of: (s) => ({
      org: s.reexaminationOrg,
      what: "the org asked to re-examine",
      article: "W22 Art. 36",
    }),
  },
  evaluate: "petitioner",
  requestReview: "petitioner",
  requestReexamination: "petitioner",
  withdraw: "petitioner",
};

function hearingOrg(s: PetitionState): ReturnType<OrgDuty["of"]> {
  return s.status === "underReexamination"
    ? { org: s.reexaminationOrg, what: "the re-examination org", article: "W22 Art. 36 ¶2" }
    : { org: s.org, what: "the handling org", article: "W22 Art. 31(6)" };
}
