import { MAX_EXTENSION_DAYS, MAX_REPRESENTATIVES } from "../events/catalog.js";
import type { Actor, ActorRole } from "../events/envelope.js";
import type { Policy } from "../time/policy-config.js";
import { COMMAND_ROLES, type CommandType } from "./command-types.js";
import { OFFICE_STAGES, type PetitionState, stageRunKey, supervisionKey } from "./state.js";

/**
 * The rules of the procedure beyond the shape of the chart, each with the
 * article it comes from. They judge an action given as the data of the event it
 * records, so the engine (before appending) and `checkEvent` (over a stored
 * log) apply the very same rules. Windows are judged against the due times
 * stored in the state (LOG-FORMAT: stored due times are authoritative); the
 * numeric caps of the law (30 days, 5 representatives) hold whatever the policy.
 */

/** An action to judge: who does what, when, with the data of the event it records. */
export interface RuleInput {
  type: CommandType;
  actor: Actor;
  /** Business time of the action (`occurredAt`). */
  at: string;
  data: Readonly<Record<string, unknown>>;
}

export interface RuleContext {
  /** The deployment policy; without it (verifying a log) only the law's own caps apply. */
  policy?: Policy;
  /**
   * True when judging an event already in a log (`checkEvent`) rather than a
   * command the engine is about to record: rules with `appliesTo: "commands"`
   * are then skipped.
   */
  recorded?: boolean;
}

export interface Problem {
  /** `actor`: wrong role or org; `rule`: a legal rule refuses it. */
  kind: "actor" | "rule";
  rule: string;
  article?: string;
  message: string;
}

export interface LegalRule {
  /** Stable id, used as a guard name in `petitionMachine`. */
  id: string;
  /** Human name of the rule, e.g. "review request window". */
  rule: string;
  article?: string;
  commands: readonly CommandType[];
  /**
   * `"commands"`: a duty the engine enforces on what it records, not a defect
   * of a log written elsewhere (a source may simply not have recorded it), so
   * `checkEvent` does not judge it. Default: both.
   */
  appliesTo?: "commands";
  /** A message saying what is wrong, or undefined when the action is legal. */
  check(state: PetitionState, input: RuleInput, ctx: RuleContext): string | undefined;
}

const ms = (iso: string | undefined): number => (iso === undefined ? Number.NaN : Date.parse(iso));
const after = (at: string, due: string | undefined): boolean =>
  due !== undefined && ms(at) > ms(due);

export const LEGAL_RULES: readonly LegalRule[] = [
  {
    id: "representativesCap",
    rule: "group visit representatives",
    article: "W22 Art. 20 ¶3",
    commands: ["register"],
    check: (_s, { data }, { policy }) => {
      const cap = Math.min(policy?.maxRepresentatives ?? MAX_REPRESENTATIVES, MAX_REPRESENTATIVES);
      const n = data.representatives;
      return typeof n === "number" && n > cap
        ? `${n} representatives elected, at most ${cap} are allowed`
        : undefined;
    },
  },
  {
    id: "notOwnRepeat",
    rule: "repeat link",
    commands: ["linkRepeat"],
    check: (s, { data }) => {
      if (data.previousPetitionId === s.petitionId) return "a petition cannot repeat itself";
      if (s.repeatOf) return `already linked to ${s.repeatOf.previousPetitionId}`;
      return undefined;
    },
  },
  {
    id: "noticeUnlessAnonymous",
    rule: "acceptance notice",
    article: "W22 Art. 23 ¶2",
    commands: ["accept", "notAccept"],
    check: (s, { data }) => {
      if (s.anonymous && data.noticeSent === true)
        return "an anonymous petitioner cannot be sent a notice";
      if (!s.anonymous && data.noticeSent === false)
        return "the petitioner must be told in writing whether the petition is accepted";
      return undefined;
    },
  },
  {
    id: "objectionWindowOpen",
    rule: "objection window",
    article: "W22 Art. 23 ¶3",
    commands: ["objectRouting"],
    check: (s, { at }) =>
      after(at, s.objectionDueAt)
        ? `an objection to routing must be raised within 5 working days, by ${s.objectionDueAt}`
        : undefined,
  },
  {
    id: "extensionOnce",
    rule: "one extension",
    article: "W22 Art. 34",
    commands: ["extend"],
    check: (s) =>
      s.extensionUsed
        ? `the handling period was already extended by ${s.extensionDays} days`
        : undefined,
  },
  {
    id: "extensionDays",
    rule: "extension length",
    article: "W22 Art. 34",
    commands: ["extend"],
    check: (_s, { data }, { policy }) => {
      const cap = Math.min(policy?.maxExtensionDays ?? MAX_EXTENSION_DAYS, MAX_EXTENSION_DAYS);
      const days = data.days;
      return typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > cap
        ? `an extension is 1 to ${cap} days, not ${String(days)}`
        : undefined;
    },
  },
  {
    id: "extensionApproved",
    rule: "extension approval",
    article: "W22 Art. 34",
    commands: ["extend"],
    check: (_s, { data }) =>
      typeof data.approvedBy === "string" && data.approvedBy.trim() !== ""
        ? undefined
        : "an extension needs the approval of the org's head (approvedBy)",
  },
  {
    id: "extensionBeforeDue",
    rule: "extension within the handling period",
    article: "W22 Art. 34",
    commands: ["extend"],
    check: (s, { at }) =>
      after(at, s.handlingDueAt)
        ? `the handling period already ended at ${s.handlingDueAt}; a lapsed period cannot be extended`
        : undefined,
  },
  {
    id: "mediationForClaims",
    rule: "mediation of claims",
    article: "W22 Art. 33",
    commands: ["recordMediation"],
    check: (s) =>
      s.category === "claim"
        ? undefined
        : `mediation applies to claims (申诉求决), this petition is a ${s.category}`,
  },
  {
    id: "hearingNotOpen",
    rule: "one hearing at a time",
    article: "W22 Art. 31(6), Art. 36 ¶2",
    commands: ["startHearing"],
    check: (s) =>
      s.hearing ? `a hearing started at ${s.hearing.startedAt} is still open` : undefined,
  },
  {
    id: "hearingForClaimsOrReexamination",
    rule: "hearing",
    article: "W22 Art. 31(6), Art. 36 ¶2",
    commands: ["startHearing"],
    check: (s) =>
      s.status === "underReexamination" || s.category === "claim"
        ? undefined
        : `a hearing is held for claims (申诉求决) or in re-examination, this petition is a ${s.category}`,
  },
  {
    id: "hearingOpen",
    rule: "hearing end",
    article: "W22 Art. 36 ¶2",
    commands: ["endHearing"],
    check: (s) => (s.hearing ? undefined : "no hearing is open"),
  },
  {
    id: "hearingStageMatches",
    rule: "hearing stage",
    commands: ["startHearing", "endHearing"],
    check: (s, { data }) =>
      data.stage === s.stage
        ? undefined
        : `the running stage is ${s.stage}, not ${String(data.stage)}`,
  },
  {
    id: "noHearingOpen",
    rule: "decision after the hearing",
    article: "W22 Art. 36 ¶2",
    commands: ["reply", "decideReexamination"],
    check: (s) =>
      s.hearing ? `the hearing started at ${s.hearing.startedAt} must end first` : undefined,
  },
  {
    id: "replyHasLegalBasis",
    rule: "reply states its legal basis",
    article: "W22 Art. 32",
    commands: ["reply"],
    // LOG-FORMAT only asks `legalBasis: string[]`; imported replies often lack it.
    appliesTo: "commands",
    check: (_s, { data }) =>
      Array.isArray(data.legalBasis) && data.legalBasis.length > 0
        ? undefined
        : "the written reply (信访处理意见书) must cite the laws and regulations it rests on",
  },
  {
    id: "reviewRequestWindowOpen",
    rule: "review request window",
    article: "W22 Art. 35",
    commands: ["requestReview"],
    check: (s, { at }) =>
      after(at, s.reviewRequestDueAt)
        ? `a review (复查) must be requested within 30 days of the reply, by ${s.reviewRequestDueAt}; requested at ${at}`
        : undefined,
  },
  {
    id: "reexaminationRequestWindowOpen",
    rule: "re-examination request window",
    article: "W22 Art. 36",
    commands: ["requestReexamination"],
    check: (s, { at }) =>
      after(at, s.reexaminationRequestDueAt)
        ? `a re-examination (复核) must be requested within 30 days of the review decision, by ${s.reexaminationRequestDueAt}; requested at ${at}`
        : undefined,
  },
  {
    id: "conclusionReason",
    rule: "conclusion",
    article: "W22 Art. 35, Art. 36",
    commands: ["conclude"],
    check: (s, { at, data }) => {
      const window = s.status === "reviewed" ? s.reexaminationRequestDueAt : s.reviewRequestDueAt;
      if (data.reason === "reviewWindowLapsed") {
        return after(at, window)
          ? undefined
          : `the petitioner may still ask for ${s.status === "reviewed" ? "re-examination" : "review"} until ${window}`;
      }
      if (data.reason === "resolved") {
        return s.rating === "satisfied" || s.rating === "basicallySatisfied"
          ? undefined
          : "a petition is concluded as resolved only once the petitioner rated the reply satisfied or basically satisfied";
      }
      return `reason "${String(data.reason)}" is recorded by its own action, not by conclude`;
    },
  },
  {
    id: "reminderOncePerStage",
    rule: "reminder once per stage",
    commands: ["issueReminder"],
    check: (s, { at, data }) => {
      const problem = stageNoticeProblem(s, data);
      if (problem) return problem;
      if (s.reminders.includes(stageRunKey(s.stage!, s.dueAt!)))
        return `a reminder (催办) for ${s.stage} due ${s.dueAt} was already issued`;
      if (after(at, s.dueAt)) return `${s.stage} is already overdue: supervise instead`;
      return undefined;
    },
  },
  {
    id: "supervisionOncePerLevel",
    rule: "supervision once per stage and level",
    article: "W22 Art. 40",
    commands: ["issueSupervision"],
    check: (s, { data }, { policy }) => {
      const problem = stageNoticeProblem(s, data);
      if (problem) return problem;
      const level = data.level;
      const max = policy?.maxSupervisionLevel;
      if (typeof level !== "number" || !Number.isInteger(level) || level < 1)
        return `level must be a positive integer, not ${String(level)}`;
      if (max !== undefined && level > max) return `the highest supervision level is ${max}`;
      if (s.supervisions.includes(supervisionKey(s.stage!, s.dueAt!, level)))
        return `a level ${level} supervision (督办) for ${s.stage} due ${s.dueAt} was already issued`;
      return undefined;
    },
  },
];

/** Reminders and supervisions name the running office stage and its stored due time. */
const stageNoticeProblem = (
  s: PetitionState,
  data: Readonly<Record<string, unknown>>,
): string | undefined => {
  if (s.stage === undefined || s.dueAt === undefined || !OFFICE_STAGES.includes(s.stage))
    return `no office stage is running in state ${s.status}`;
  if (data.stage !== s.stage) return `the running stage is ${s.stage}, not ${String(data.stage)}`;
  if (ms(String(data.dueAt)) !== ms(s.dueAt))
    return `${s.stage} is due ${s.dueAt}, not ${String(data.dueAt)}`;
  return undefined;
};

export const rulesById: ReadonlyMap<string, LegalRule> = new Map(LEGAL_RULES.map((r) => [r.id, r]));

/** The legal rules that refuse `input` in `state` (empty = legal). */
export const ruleProblems = (
  state: PetitionState,
  input: RuleInput,
  ctx: RuleContext,
): Problem[] => {
  const problems: Problem[] = [];
  for (const rule of LEGAL_RULES) {
    if (!rule.commands.includes(input.type)) continue;
    if (ctx.recorded && rule.appliesTo === "commands") continue;
    const message = rule.check(state, input, ctx);
    if (message !== undefined) {
      problems.push({ kind: "rule", rule: rule.rule, article: rule.article, message });
    }
  }
  return problems;
};

export interface ActorProblem extends Problem {
  kind: "actor";
  allowedRoles: readonly ActorRole[];
}

/**
 * Role and org: only the petitioner evaluates, withdraws and asks for review or
 * re-examination; only the org a petition was routed to accepts, extends and
 * replies; the review / re-examination org decides; intake registers and routes;
 * supervisors supervise and recommend.
 */
export const actorProblem = (
  state: PetitionState | undefined,
  input: Pick<RuleInput, "type" | "actor">,
): ActorProblem | undefined => {
  const { type, actor } = input;
  const allowedRoles = COMMAND_ROLES[type];
  const problem = (rule: string, message: string, article?: string): ActorProblem => ({
    kind: "actor",
    rule,
    article,
    message,
    allowedRoles,
  });
  if (!allowedRoles.includes(actor.role)) {
    return problem("role", `${type} is for ${allowedRoles.join(" or ")}, not ${actor.role}`);
  }
  if (!state) return undefined;
  const orgMust = (org: string | undefined, what: string, article: string) =>
    org !== undefined && actor.org !== org
      ? problem(
          "org",
          `only ${org}, ${what}, may do this; the actor is ${actor.org ?? "without an org"}`,
          article,
        )
      : undefined;
  switch (type) {
    case "accept":
    case "objectRouting":
      return orgMust(state.org, "the org the petition was routed to", "W22 Art. 23");
    case "notAccept":
    case "redirect":
      return actor.role === "agency"
        ? orgMust(state.org, "the org the petition was routed to", "W22 Art. 23")
        : undefined;
    case "extend":
      return orgMust(state.org, "the handling org", "W22 Art. 34");
    case "recordMediation":
      return orgMust(state.org, "the handling org", "W22 Art. 33");
    case "reply":
      return orgMust(state.org, "the handling org", "W22 Art. 32");
    case "startHearing":
    case "endHearing":
      return state.status === "underReexamination"
        ? orgMust(state.reexaminationOrg, "the re-examination org", "W22 Art. 36 ¶2")
        : orgMust(state.org, "the handling org", "W22 Art. 31(6)");
    case "decideReview":
      return orgMust(state.reviewOrg, "the org asked to review", "W22 Art. 35");
    case "decideReexamination":
      return orgMust(state.reexaminationOrg, "the org asked to re-examine", "W22 Art. 36");
    case "evaluate":
    case "requestReview":
    case "requestReexamination":
    case "withdraw":
      return state.petitionerIds.length > 0 && !state.petitionerIds.includes(actor.id)
        ? problem("petitioner", `only the petitioner of ${state.petitionId} may do this`)
        : undefined;
    default:
      return undefined;
  }
};
