import { isDuty, MAX_EXTENSION_DAYS, MAX_REPRESENTATIVES, type Stage } from "../events/catalog.js";
import type { Actor } from "../events/envelope.js";
import { instantMs } from "../time/instant-ms.js";
import type { Policy } from "../time/policy-config.js";
import type { CommandType } from "./command-types.js";
import { dutyDueAt, noticeTarget } from "./notice-target.js";
import { isAbove, type OrgHierarchy } from "./org-hierarchy.js";
import {
  isEarlySupervision,
  OFFICE_STAGES,
  type PetitionState,
  stageRunKey,
  supervisionKey,
} from "./state.js";

/**
 * The legal rules of the procedure, each written once: its name, the article
 * it comes from, what it depends on, and its check. Which transitions a rule
 * guards is said by the transition table (transitions.ts); the statechart
 * turns each rule into a guard of the same id, so the chart refuses what a
 * rule refuses.
 *
 * A rule judges an action given as the data of the event it records, so the
 * engine (before appending) and `checkEvent` (over a stored log) apply the very
 * same rules. Windows are judged against the due times stored in the state
 * (stored due times are authoritative, docs/log-format.md); the caps of the law
 * (30 days, 5 representatives) hold whatever the policy says; numbers in
 * messages come from the policy when there is one.
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
  /**
   * The deployment's org hierarchy (child → parent). With it, a review or
   * re-examination must be asked of an org above the one that decided before
   * (W22 Art. 35–36); without it, any other org is taken at its word.
   */
  orgs?: OrgHierarchy;
}

/**
 * What a rule needs to be judged: `state` only the petition's state (so
 * `allowedCommands` can judge it), `time` the state and the time of the action
 * (judged by `allowedCommands` when it is given `at`), `data` free data of the
 * action too (only the command itself can be judged). A choice the command's
 * fields make among a few, which `allowedCommands` tries each of (what a
 * notice is about, why a petition is concluded), is not free data.
 */
export type RuleDependence = "state" | "time" | "data";

/** One broken rule: what the engine refuses and what `checkEvent` reports. */
export interface Violation {
  /** The rule's name, e.g. "review request window"; for checks outside the rules, e.g. "lifecycle", "role". */
  rule: string;
  /** Where the rule comes from, e.g. "W22 Art. 35". */
  article?: string;
  message: string;
  /** The field of the command or event at fault, when one field is (e.g. "deliveredAt"). */
  field?: string;
}

export interface LegalRule {
  /** Human name of the rule, e.g. "review request window". */
  name: string;
  article?: string;
  depends: RuleDependence;
  /**
   * `"commands"`: a duty the engine enforces on what it records, not a defect
   * of a log written elsewhere (a source may simply not have recorded it), so
   * `checkEvent` does not judge it. Default: both.
   */
  appliesTo?: "commands";
  /**
   * The policy period the rule enforces: when judged under a policy, the
   * article reported is that period's own `basis` (a 12345 preset's objection
   * window is its own practice, not W22 Art. 23 ¶3).
   */
  limit?: Stage;
  /** The field at fault when the rule is broken. */
  field?: string;
  /** A message saying what is wrong, or undefined when the action is legal. */
  check(state: PetitionState, input: RuleInput, ctx: RuleContext): string | undefined;
}

const ms = (iso: string | undefined): number => (iso === undefined ? Number.NaN : instantMs(iso));
const after = (at: string, due: string | undefined): boolean =>
  due !== undefined && ms(at) > ms(due);

/**
 * "within 5 working days" from the policy; judging a log without one, the
 * due time the log recorded is the measure, so the period is named, not counted.
 */
const within = (policy: Policy | undefined, stage: Stage): string => {
  const limit = policy?.limits[stage];
  if (!limit) return "within the legal period";
  const unit = limit.unit === "workingDays" ? "working day" : "day";
  return `within ${limit.days} ${unit}${limit.days === 1 ? "" : "s"}`;
};

/**
 * How far a delivery time may lie after the command's own time: clock skew
 * between the office's systems, not a delivery still to come (docs/lifecycle.md).
 */
export const DELIVERY_TOLERANCE_MS = 5 * 60_000;

/** A delivery before the decision (W22 Art. 35–36 count the windows from the delivery). */
const deliveredBeforeDecision = (at: string, deliveredAt: unknown): boolean =>
  typeof deliveredAt === "string" && ms(deliveredAt) < ms(at);

/** With a hierarchy, a review or re-examination goes to an org above the one that decided before. */
const levelUpBreach = (
  orgs: OrgHierarchy | undefined,
  decidedBy: string | undefined,
  toOrg: unknown,
  what: string,
): string | undefined => {
  if (orgs === undefined || decidedBy === undefined || typeof toOrg !== "string") return undefined;
  if (toOrg === decidedBy)
    return `a ${what} is asked of the org above ${decidedBy}, not of ${decidedBy} itself`;
  return isAbove(orgs, toOrg, decidedBy)
    ? undefined
    : `${toOrg} is not above ${decidedBy} in the org hierarchy; a ${what} is asked one level up`;
};

/** A 12345 consultation not dispatched to an org: the hotline may answer it itself (BJ Art. 11 ¶1). */
const isUndispatchedConsultation = (s: PetitionState): boolean =>
  s.requestType === "consultation" && s.org === undefined;

/** An objection to routing raised and not yet verified (W22 Art. 23 ¶3). */
const objectionAwaited = (s: PetitionState): string | undefined =>
  s.objection ? undefined : "no objection to routing awaits verification";

/** 经转送、交办的信访部门: the intake office that registered and routed the petition. */
const isRoutingOffice = (s: PetitionState, actor: Actor): boolean =>
  actor.role === "intake" && (actor.org ?? actor.id) === s.registeredBy;

/** Reminders and supervisions need a running office stage with a stored due time. */
const officeStageRunning = (s: PetitionState): boolean =>
  s.stage !== undefined && s.dueAt !== undefined && OFFICE_STAGES.includes(s.stage);

export const LEGAL_RULES = {
  representativesCap: {
    name: "group visit representatives",
    article: "W22 Art. 20 ¶3",
    depends: "data",
    field: "representatives",
    // The cap is on visits (走访); a joint letter names no representatives (Art. 20 ¶3).
    check: (_s, { data }, { policy }) => {
      if (data.channel !== "visit") return undefined;
      const cap = Math.min(policy?.maxRepresentatives ?? MAX_REPRESENTATIVES, MAX_REPRESENTATIVES);
      const n = data.representatives;
      return typeof n === "number" && n > cap
        ? `${n} representatives elected for a group visit, at most ${cap} are allowed`
        : undefined;
    },
  },
  groupVisitElectsRepresentatives: {
    name: "group visit elects representatives",
    article: "W22 Art. 20 ¶3",
    depends: "data",
    field: "representatives",
    // A source may not record representatives, so a log is not judged on it.
    appliesTo: "commands",
    check: (_s, { data }, { policy }) => {
      const cap = Math.min(policy?.maxRepresentatives ?? MAX_REPRESENTATIVES, MAX_REPRESENTATIVES);
      const people = Array.isArray(data.petitioners) ? data.petitioners.length : 0;
      return data.channel === "visit" && people > cap && data.representatives === undefined
        ? `a visit by ${people} petitioners must elect representatives (at most ${cap})`
        : undefined;
    },
  },
  // practice (12345): BJ Art. 11 ¶1 对咨询类诉求，能够即时答复的，即时答复.
  // Three parts, one name: what the petition is, who answers, and when.
  consultationAnsweredAtOnce: {
    name: "consultation answered at once",
    article: "BJ Art. 11 ¶1",
    depends: "state",
    check: (s) =>
      isUndispatchedConsultation(s)
        ? undefined
        : "before dispatch, only a 12345 consultation is answered (at once, by the hotline)",
  },
  consultationAnsweredByHotline: {
    name: "consultation answered at once",
    article: "BJ Art. 11 ¶1",
    depends: "data",
    check: (s, { actor }) =>
      !isUndispatchedConsultation(s) || actor.org === s.registeredBy
        ? undefined
        : `the hotline office that registered the consultation (${s.registeredBy}) answers it, not ${actor.org ?? "an actor without an org"}`,
  },
  consultationAnsweredAtRegistration: {
    name: "consultation answered at once",
    article: "BJ Art. 11 ¶1",
    depends: "time",
    check: (s, { at }) =>
      !isUndispatchedConsultation(s) || ms(at) === ms(s.lastOccurredAt)
        ? undefined
        : `a consultation is answered at once, at its registration (${s.lastOccurredAt}); later it is dispatched`,
  },
  notLinkedYet: {
    name: "repeat link",
    depends: "state",
    check: (s) => (s.repeatOf ? `already linked to ${s.repeatOf.previousPetitionId}` : undefined),
  },
  notOwnRepeat: {
    name: "repeat link",
    depends: "data",
    check: (s, { data }) =>
      data.previousPetitionId === s.petitionId ? "a petition cannot repeat itself" : undefined,
  },
  noticeUnlessAnonymous: {
    name: "acceptance notice",
    article: "W22 Art. 23 ¶2",
    depends: "data",
    check: (s, { data }) => {
      if (s.anonymous && data.noticeSent === true)
        return "an anonymous petitioner cannot be sent a notice";
      if (!s.anonymous && data.noticeSent === false)
        return "the petitioner must be told in writing whether the petition is accepted";
      return undefined;
    },
  },
  objectionWindowOpen: {
    name: "objection window",
    article: "W22 Art. 23 ¶3",
    limit: "objection",
    depends: "time",
    check: (s, { at }, { policy }) =>
      after(at, s.objectionDueAt)
        ? `an objection to routing must be raised ${within(policy, "objection")} of the routing, by ${s.objectionDueAt}; raised at ${at}`
        : undefined,
  },
  objectionNotPending: {
    name: "one objection at a time",
    article: "W22 Art. 23 ¶3",
    depends: "state",
    check: (s) =>
      s.objection
        ? `the objection ${s.objection.byOrg} raised at ${s.objection.raisedAt} awaits the routing office's verification`
        : undefined,
  },
  objectionPending: {
    name: "objection to verify",
    article: "W22 Art. 23 ¶3",
    depends: "state",
    // Older logs recorded the objection itself as RoutingObjected, with nothing raised before.
    appliesTo: "commands",
    check: (s) => objectionAwaited(s),
  },
  objectionVerifiedByRoutingOffice: {
    name: "objection verified by the routing office",
    article: "W22 Art. 23 ¶3",
    depends: "data",
    // 经转送、交办的信访部门核实同意: not the objecting org itself (older logs had it record the objection).
    appliesTo: "commands",
    check: (s, { actor }) =>
      isRoutingOffice(s, actor)
        ? undefined
        : `an objection takes effect only when ${s.registeredBy}, the office that routed the petition, verifies it; the actor is ${actor.org ?? actor.id}`,
  },
  // A refusal is new (no older log recorded one), so a log is judged on both.
  objectionToReject: {
    name: "objection to verify",
    article: "W22 Art. 23 ¶3",
    depends: "state",
    check: (s) => objectionAwaited(s),
  },
  objectionRejectedByRoutingOffice: {
    name: "objection verified by the routing office",
    article: "W22 Art. 23 ¶3",
    depends: "data",
    check: (s, { actor }) =>
      isRoutingOffice(s, actor)
        ? undefined
        : `only ${s.registeredBy}, the office that routed the petition, verifies an objection to its routing and may refuse it; the actor is ${actor.org ?? actor.id}`,
  },
  reroutingSettlesObjection: {
    name: "routing again after an objection",
    article: "W22 Art. 23 ¶3",
    depends: "state",
    check: (s) =>
      s.objection
        ? undefined
        : `the petition is with ${s.org}; it is routed again only on its objection`,
  },
  extensionOnce: {
    name: "one extension",
    article: "W22 Art. 34",
    depends: "state",
    check: (s) =>
      s.extensionUsed
        ? `the handling period was already extended by ${s.extensionDays} days`
        : undefined,
  },
  extensionDays: {
    name: "extension length",
    article: "W22 Art. 34",
    depends: "data",
    field: "days",
    check: (_s, { data }, { policy }) => {
      const cap = Math.min(policy?.maxExtensionDays ?? MAX_EXTENSION_DAYS, MAX_EXTENSION_DAYS);
      const days = data.days;
      return typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > cap
        ? `an extension is 1 to ${cap} days, not ${String(days)}`
        : undefined;
    },
  },
  extensionApproved: {
    name: "extension approval",
    article: "W22 Art. 34",
    depends: "data",
    field: "approvedBy",
    check: (_s, { data }) =>
      typeof data.approvedBy === "string" && data.approvedBy.trim() !== ""
        ? undefined
        : "an extension needs the approval of the org's head (approvedBy)",
  },
  extensionBeforeDue: {
    name: "extension within the handling period",
    article: "W22 Art. 34",
    depends: "time",
    check: (s, { at }) =>
      after(at, s.handlingDueAt)
        ? `the handling period already ended at ${s.handlingDueAt}; a lapsed period cannot be extended (asked at ${at})`
        : undefined,
  },
  mediationForClaims: {
    name: "mediation of claims",
    article: "W22 Art. 33",
    depends: "state",
    check: (s) =>
      s.category === "claim"
        ? undefined
        : `mediation applies to claims (申诉求决), this petition is a ${s.category}`,
  },
  hearingNotOpen: {
    name: "one hearing at a time",
    article: "W22 Art. 31(6), Art. 36 ¶2",
    depends: "state",
    check: (s) =>
      s.hearing ? `a hearing started at ${s.hearing.startedAt} is still open` : undefined,
  },
  hearingForClaimsOrReexamination: {
    name: "hearing",
    article: "W22 Art. 31(6), Art. 36 ¶2",
    depends: "state",
    check: (s) =>
      s.status === "underReexamination" || s.category === "claim"
        ? undefined
        : `a hearing is held for claims (申诉求决) or in re-examination, this petition is a ${s.category}`,
  },
  hearingOpen: {
    name: "hearing end",
    article: "W22 Art. 36 ¶2",
    depends: "state",
    check: (s) => (s.hearing ? undefined : "no hearing is open"),
  },
  hearingStageMatches: {
    name: "hearing stage",
    depends: "data",
    check: (s, { data }) =>
      data.stage === s.stage
        ? undefined
        : `the running stage is ${s.stage}, not ${String(data.stage)}`,
  },
  noHearingOpen: {
    name: "decision after the hearing",
    article: "W22 Art. 36 ¶2",
    depends: "state",
    check: (s) =>
      s.hearing ? `the hearing started at ${s.hearing.startedAt} must end first` : undefined,
  },
  replyHasLegalBasis: {
    name: "reply states its legal basis",
    article: "W22 Art. 32",
    depends: "data",
    // The log format only asks `legalBasis: string[]`; imported replies often lack it.
    appliesTo: "commands",
    check: (_s, { data }) =>
      Array.isArray(data.legalBasis) && data.legalBasis.length > 0
        ? undefined
        : "the written reply (信访处理意见书) must cite the laws and regulations it rests on",
  },
  reviewRequestWindowOpen: {
    name: "review request window",
    article: "W22 Art. 35",
    limit: "reviewRequest",
    depends: "time",
    check: (s, { at }, { policy }) =>
      after(at, s.reviewRequestDueAt)
        ? `a review (复查) must be requested ${within(policy, "reviewRequest")} of the reply, by ${s.reviewRequestDueAt}; requested at ${at}`
        : undefined,
  },
  reexaminationRequestWindowOpen: {
    name: "re-examination request window",
    article: "W22 Art. 36",
    limit: "reexaminationRequest",
    depends: "time",
    check: (s, { at }, { policy }) =>
      after(at, s.reexaminationRequestDueAt)
        ? `a re-examination (复核) must be requested ${within(policy, "reexaminationRequest")} of the review decision, by ${s.reexaminationRequestDueAt}; requested at ${at}`
        : undefined,
  },
  deliveredNotBeforeDecision: {
    name: "delivery after the decision",
    article: "W22 Art. 35 ¶1, Art. 36 ¶1",
    depends: "data",
    field: "deliveredAt",
    // The petitioner's window runs from the delivery; a delivery before the decision cannot start it.
    check: (_s, { at, data }) =>
      deliveredBeforeDecision(at, data.deliveredAt)
        ? `deliveredAt ${String(data.deliveredAt)} is before the decision itself (${at})`
        : undefined,
  },
  deliveredNotInFuture: {
    name: "delivery already made",
    article: "W22 Art. 35 ¶1, Art. 36 ¶1",
    depends: "data",
    field: "deliveredAt",
    // A log may record the delivery later than the decision; a command cannot foretell one.
    appliesTo: "commands",
    check: (_s, { at, data }) =>
      typeof data.deliveredAt === "string" && ms(data.deliveredAt) > ms(at) + DELIVERY_TOLERANCE_MS
        ? `deliveredAt ${data.deliveredAt} is after the command's time ${at} (at most ${DELIVERY_TOLERANCE_MS / 60_000} minutes later is taken as clock skew); record the decision when it is delivered, or omit deliveredAt`
        : undefined,
  },
  reviewOneLevelUp: {
    name: "review one level up",
    article: "W22 Art. 35",
    depends: "data",
    field: "toOrg",
    check: (s, { data }, { orgs }) => levelUpBreach(orgs, s.org, data.toOrg, "review (复查)"),
  },
  reexaminationOneLevelUp: {
    name: "re-examination one level up",
    article: "W22 Art. 36 ¶1",
    depends: "data",
    field: "toOrg",
    check: (s, { data }, { orgs }) =>
      levelUpBreach(orgs, s.reviewOrg, data.toOrg, "re-examination (复核)"),
  },
  conclusionReason: {
    name: "conclusion",
    article: "W22 Art. 35, Art. 36",
    // The reason is a choice `allowedCommands` tries (resolved, or the window lapsed).
    depends: "time",
    check: (s, { at, data }) => {
      const window = s.status === "reviewed" ? s.reexaminationRequestDueAt : s.reviewRequestDueAt;
      if (data.reason === "reviewWindowLapsed") {
        return after(at, window)
          ? undefined
          : `the petitioner may still ask for ${s.status === "reviewed" ? "re-examination" : "review"} until ${window}`;
      }
      if (data.reason === "resolved") {
        return s.rating === "satisfied" ||
          s.rating === "basicallySatisfied" ||
          answeredAtOnce(s, at)
          ? undefined
          : "a petition is concluded as resolved only once the petitioner rated the reply satisfied or basically satisfied";
      }
      return `reason "${String(data.reason)}" is recorded by its own action, not by conclude`;
    },
  },
  noticeNamesRunningStage: {
    name: "notice names the running stage",
    // The stage or duty named is a choice `allowedCommands` tries (none, or each duty).
    depends: "state",
    check: (s, { data }) => {
      // A duty beside the stage (交办 report-back, 12345 call-back) has its own due time.
      if (isDuty(data.stage)) {
        const due = dutyDueAt(s, data.stage);
        if (due === undefined) return `no ${data.stage} is owed in state ${s.status}`;
        return ms(String(data.dueAt)) === ms(due)
          ? undefined
          : `${data.stage} is due ${due}, not ${String(data.dueAt)}`;
      }
      if (!officeStageRunning(s)) return `no office stage is running in state ${s.status}`;
      if (data.stage !== s.stage)
        return `the running stage is ${s.stage}, not ${String(data.stage)}`;
      return ms(String(data.dueAt)) === ms(s.dueAt)
        ? undefined
        : `${s.stage} is due ${s.dueAt}, not ${String(data.dueAt)}`;
    },
  },
  reminderOncePerStage: {
    name: "reminder once per stage",
    depends: "state",
    check: (s, { data }) => {
      const target = noticeTarget(s, data.stage);
      return target && s.reminders.includes(stageRunKey(target.stage, target.dueAt))
        ? `a reminder (催办) for ${target.stage} due ${target.dueAt} was already issued`
        : undefined;
    },
  },
  reminderBeforeDue: {
    name: "reminder before the due time",
    depends: "time",
    check: (s, { at, data }) => {
      const target = noticeTarget(s, data.stage);
      return target && after(at, target.dueAt)
        ? `${target.stage} is already overdue: supervise instead`
        : undefined;
    },
  },
  reportBackOwed: {
    name: "report-back of an assigned petition",
    article: "W22 Art. 22 ¶1(3)",
    depends: "state",
    check: (s) =>
      s.routingMode === "assign" && s.reportBackDueAt !== undefined
        ? undefined
        : s.routingMode === "assign"
          ? "the result was already reported back"
          : "only a petition assigned (交办) is reported back; this one was transferred (转送)",
  },
  // Any reply may be called back (a 12345 policy also sets its due time, callBackDueAt).
  callBackOncePerReply: {
    name: "one call-back per reply",
    article: "BJ Art. 23, JN Art. 27 ¶1",
    depends: "state",
    check: (s) => (s.callBack !== undefined ? "this reply was already called back" : undefined),
  },
  rehandlingAfterUnsatisfiedCallBack: {
    name: "sent back only after an unsatisfied call-back",
    article: "JN Art. 27 ¶2",
    depends: "state",
    check: (s) =>
      s.callBack === undefined
        ? "the caller has not been called back on this reply"
        : s.callBack.resolved && s.callBack.rating !== "unsatisfied"
          ? "the call-back found the matter resolved and the caller satisfied"
          : undefined,
  },
  supervisionOncePerLevel: {
    name: "supervision once per stage and level",
    article: "W22 Art. 40",
    depends: "data",
    check: (s, { at, data }, { policy }) => {
      const target = noticeTarget(s, data.stage);
      if (!target) return undefined; // "notice names the running stage" says it
      const level = data.level;
      const max = policy?.maxSupervisionLevel;
      if (typeof level !== "number" || !Number.isInteger(level) || level < 1)
        return `level must be a positive integer, not ${String(level)}`;
      if (max !== undefined && level > max) return `the highest supervision level is ${max}`;
      // Early (manual, before the due time) and overdue levels are counted apart.
      const early = isEarlySupervision(at, target.dueAt);
      if (s.supervisions.includes(supervisionKey(target.stage, target.dueAt, level, early)))
        return `a level ${level} supervision (督办) for ${target.stage} due ${target.dueAt} was already issued${early ? " before the due time" : ""}`;
      return undefined;
    },
  },
} as const satisfies Record<string, LegalRule>;

/** An earlier petition on the same matter, as a repeat's condition judges it. */
export interface RepeatRule {
  /** Where the refusal comes from. */
  article: string;
  /** Whether the earlier petition, as it stands at `at`, bars the new one. */
  holds(previous: PetitionState, at: string): boolean;
  /** The reason `PetitionNotAccepted` records. */
  reason(previousPetitionId: string): string;
}

/** Statuses in which a matter is under review for acceptance, accepted or being handled. */
const BEING_HANDLED: readonly PetitionState["status"][] = [
  "registered",
  "objected",
  "routed",
  "accepted",
  "underReview",
  "underReexamination",
];

/**
 * When a repeat of the same matter (`sameFactsAndReasons: true`) is not
 * accepted: one condition per branch of `linkRepeat` (the `when` of the table),
 * each with its article and the reason it records.
 */
export const REPEAT_CONDITIONS = {
  repeatOfFinal: {
    article: "W22 Art. 36 ¶3",
    holds: (previous) => previous.status === "final",
    reason: (id) =>
      `petition ${id} on the same facts and reasons was concluded after re-examination (终结, W22 Art. 36 ¶3)`,
  },
  repeatWhileHandled: {
    article: "W22 Art. 19 ¶3; BJ Art. 37(1)–(2)",
    holds: (previous) => BEING_HANDLED.includes(previous.status),
    reason: (id) =>
      `the same matter, petition ${id}, is already being accepted or handled (已经受理或者正在办理, W22 Art. 19 ¶3; BJ Art. 37(1)–(2))`,
  },
  repeatAfterWindowLapsed: {
    article: "W22 Art. 35–36; BJ Art. 37(3)",
    holds: (previous, at) =>
      previous.concludedReason === "reviewWindowLapsed" ||
      (previous.status === "replied" && after(at, previous.reviewRequestDueAt)) ||
      (previous.status === "reviewed" && after(at, previous.reexaminationRequestDueAt)),
    reason: (id) =>
      `petition ${id} on the same matter was answered and no review or re-examination was asked in time (W22 Art. 35–36; BJ Art. 37(3))`,
  },
} as const satisfies Record<string, RepeatRule>;

/** The condition of a `linkRepeat` branch (the table's `when`). */
export type RepeatCondition = keyof typeof REPEAT_CONDITIONS;
export const REPEAT_CONDITION_IDS = Object.keys(REPEAT_CONDITIONS) as RepeatCondition[];

/** The id of a legal rule; also the name of its guard in `petitionMachine`. */
export type RuleId = keyof typeof LEGAL_RULES;
export const RULE_IDS = Object.keys(LEGAL_RULES) as RuleId[];

/** Whether `rule` is judged for `ctx` (a duty on commands is not judged on a recorded log). */
export const ruleApplies = (id: RuleId, ctx: RuleContext): boolean =>
  !(ctx.recorded && (LEGAL_RULES[id] as LegalRule).appliesTo === "commands");

/**
 * The breach of rule `id` by `input` in `state`, or undefined when it holds (or
 * does not apply); `rule` is the built-in one unless a test judges an altered one.
 */
export const ruleBreach = (
  id: RuleId,
  state: PetitionState,
  input: RuleInput,
  ctx: RuleContext,
  rule: LegalRule = LEGAL_RULES[id],
): Violation | undefined => {
  if (!ruleApplies(id, ctx)) return undefined;
  const message = rule.check(state, input, ctx);
  if (message === undefined) return undefined;
  const article = articleOf(rule, ctx.policy);
  return {
    rule: rule.name,
    ...(article === undefined ? {} : { article }),
    message,
    ...(rule.field === undefined ? {} : { field: rule.field }),
  };
};

/** The article a rule reports: its policy period's own basis under a policy, else the law's. */
export const articleOf = (rule: LegalRule, policy: Policy | undefined): string | undefined =>
  (rule.limit === undefined ? undefined : policy?.limits[rule.limit]?.basis) ?? rule.article;

/**
 * practice (12345): a consultation the hotline answered itself, never dispatched,
 * is resolved by that answer at that moment (BJ Art. 11 ¶1).
 */
function answeredAtOnce(s: PetitionState, at: string): boolean {
  return (
    s.requestType === "consultation" &&
    s.org === undefined &&
    s.firstReplyAt !== undefined &&
    ms(s.firstReplyAt) === ms(at)
  );
}
