import type { ConclusionReason, EventData, PetitionEventType, Stage } from "../events/catalog.js";
import type { EventEnvelope } from "../events/envelope.js";
import type { CommandType } from "./command-types.js";
import type { RepeatCondition, RuleId } from "./rules.js";
import { isEarlySupervision, type PetitionState, stageRunKey, supervisionKey } from "./state.js";

/**
 * The petition procedure, written once: for every status, the stage it runs
 * and, for every command it takes, the status it leads to, the events it
 * records and the legal rules that guard it. Everything else is derived from
 * this table: the XState chart (machine.ts) and its guards, the status `evolve`
 * folds to, `allowedCommands`, the running stage, the terminal statuses, the
 * stage the fact table enters, the Mermaid diagram in docs/lifecycle.md and
 * docs/commands.md.
 */

export const PETITION_STATUSES = [
  "unregistered",
  "registered",
  "objected",
  "routed",
  "accepted",
  "replied",
  "underReview",
  "reviewed",
  "underReexamination",
  "final",
  "concluded",
  "notAccepted",
  "redirected",
  "withdrawn",
  "merged",
] as const;
/** Every state of `petitionMachine`; `unregistered` is its start, before any event. */
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** Events a branch may record after the command's own (each has one builder in engine/commands.ts). */
export type FollowUpEventType = "PetitionConcluded" | "PetitionNotAccepted" | "ReplyIssued";

/** One way a command can go in a status. */
export interface Transition {
  /** The status after it; left out, the petition stays where it is. */
  to?: PetitionStatus;
  /** The event types it records, in order; the first is the command's own event. */
  records: readonly [PetitionEventType, ...FollowUpEventType[]];
  /** Legal rules that must all hold, in the order their breaches are reported. */
  rules?: readonly RuleId[];
  /**
   * A condition that selects this branch over the next one (not a refusal),
   * judged on the earlier petition a repeat is linked to (`REPEAT_CONDITIONS`
   * in rules.ts): it is final (W22 Art. 36 ¶3), still being handled (W22 Art.
   * 19 ¶3), or its review window lapsed unused (BJ Art. 37(3)); or
   * `answeredAtOnce` = a 12345 consultation answered when it is registered (BJ Art. 11 ¶1).
   */
  when?: RepeatCondition | "answeredAtOnce";
}

/** A command's branches in one status, tried in order: the first whose guards hold is taken. */
export type Branches = readonly [Transition, ...Transition[]];

export interface StatusSpec {
  /** The stage this status runs; its due time is the state's `${stage}DueAt`. */
  stage?: Stage;
  /** Ends the petition: nothing but one closing `PetitionConcluded` may follow. */
  terminal?: true;
  /** The `PetitionConcluded.reason` of the closing record after this exit. */
  closingReason?: ConclusionReason;
  on: { readonly [C in CommandType]?: Branches };
}

const one = (t: Transition): Branches => [t];

// Commands that read the same in every status that takes them.
const withdraw = one({ to: "withdrawn", records: ["PetitionWithdrawn"] });
const issueRecommendation = one({ records: ["RecommendationIssued"] });
const issueReminder = one({
  records: ["ReminderIssued"],
  rules: ["noticeNamesRunningStage", "reminderOncePerStage", "reminderBeforeDue"],
});
const issueSupervision = one({
  records: ["SupervisionIssued"],
  rules: ["noticeNamesRunningStage", "supervisionOncePerLevel"],
});
const officeNotices = { issueReminder, issueSupervision, issueRecommendation } as const;
// In the petitioner's window no office stage runs: only a duty beside it is
// reminded of or supervised — the 交办 report-back, the 12345 call-back (W22 Art. 22 ¶1(3); BJ Art. 23).
const dutyNotices = { issueReminder, issueSupervision } as const;
const redirect = one({ to: "redirected", records: ["PetitionRedirected"] });
const notAccept = one({
  to: "notAccepted",
  records: ["PetitionNotAccepted"],
  rules: ["noticeUnlessAnonymous"],
});
const repeatNotAccepted = (when: RepeatCondition): Transition => ({
  to: "notAccepted",
  records: ["RepeatPetitionLinked", "PetitionNotAccepted"],
  rules: ["notLinkedYet", "notOwnRepeat"],
  when,
});
const deliveryRules = ["deliveredNotBeforeDecision", "deliveredNotInFuture"] as const;
const merge = one({ to: "merged", records: ["PetitionMerged"] });
const startHearing = one({
  records: ["HearingStarted"],
  rules: ["hearingNotOpen", "hearingForClaimsOrReexamination", "hearingStageMatches"],
});
const endHearing = one({
  records: ["HearingEnded"],
  rules: ["hearingOpen", "hearingStageMatches"],
});
const evaluate = one({ records: ["SatisfactionEvaluated"] });
// 交办: the assigned org reports back while handling or once it has replied (W22 Art. 22 ¶1(3)).
const reportBack = one({ records: ["ReportedBack"], rules: ["reportBackOwed"] });
const conclude = one({
  to: "concluded",
  records: ["PetitionConcluded"],
  rules: ["conclusionReason"],
});

/** What the intake office may do with a petition waiting to be routed (again, after an objection). */
const awaitingRouting = {
  route: one({ to: "routed", records: ["PetitionRouted"] }),
  redirect,
  notAccept,
  merge,
  withdraw,
  ...officeNotices,
} as const;

const exit = (closingReason?: ConclusionReason): StatusSpec =>
  closingReason === undefined
    ? { terminal: true, on: {} }
    : { terminal: true, closingReason, on: {} };

export const PROCEDURE: { readonly [S in PetitionStatus]: StatusSpec } = {
  unregistered: {
    on: {
      register: [
        // practice (12345): a consultation answered at once is registered, answered and closed (BJ Art. 11 ¶1).
        {
          to: "concluded",
          records: ["PetitionRegistered", "ReplyIssued", "PetitionConcluded"],
          rules: ["representativesCap", "groupVisitElectsRepresentatives"],
          when: "answeredAtOnce",
        },
        {
          to: "registered",
          records: ["PetitionRegistered"],
          rules: ["representativesCap", "groupVisitElectsRepresentatives"],
        },
      ],
    },
  },
  registered: {
    stage: "routing",
    on: {
      // A repeat of the same matter is not accepted when the earlier one is final, still
      // being handled, or its review window lapsed (W22 Art. 19 ¶3, 36 ¶3; BJ Art. 37).
      linkRepeat: [
        repeatNotAccepted("repeatOfFinal"),
        repeatNotAccepted("repeatWhileHandled"),
        repeatNotAccepted("repeatAfterWindowLapsed"),
        { records: ["RepeatPetitionLinked"], rules: ["notLinkedYet", "notOwnRepeat"] },
      ],
      // practice (12345): the answer of a consultation, at the moment it is registered (BJ Art. 11 ¶1).
      reply: one({
        to: "replied",
        records: ["ReplyIssued"],
        rules: [
          "consultationAnsweredAtOnce",
          "consultationAnsweredByHotline",
          "consultationAnsweredAtRegistration",
        ],
      }),
      ...awaitingRouting,
    },
  },
  objected: { stage: "routing", on: awaitingRouting },
  routed: {
    stage: "acceptance",
    on: {
      // W22 Art. 23 ¶3: the objection is raised by the receiving org and takes effect only
      // once the routing office verifies it (核实同意) or routes the petition elsewhere;
      // until then the receiving org keeps its acceptance duty (the stage runs on).
      objectRouting: one({
        records: ["RoutingObjectionRaised"],
        rules: ["objectionWindowOpen", "objectionNotPending"],
      }),
      confirmObjection: one({
        to: "objected",
        records: ["RoutingObjected"],
        rules: ["objectionPending", "objectionVerifiedByRoutingOffice"],
      }),
      // … or refuses it (no 核实同意): the objection ends, the acceptance duty runs on.
      rejectObjection: one({
        records: ["RoutingObjectionRejected"],
        rules: ["objectionToReject", "objectionRejectedByRoutingOffice"],
      }),
      route: one({
        to: "routed",
        records: ["PetitionRouted"],
        rules: ["reroutingSettlesObjection"],
      }),
      accept: one({
        to: "accepted",
        records: ["PetitionAccepted"],
        rules: ["noticeUnlessAnonymous"],
      }),
      notAccept,
      redirect,
      merge,
      withdraw,
      ...officeNotices,
    },
  },
  accepted: {
    stage: "handling",
    on: {
      extend: one({
        records: ["HandlingExtended"],
        rules: ["extensionOnce", "extensionDays", "extensionApproved", "extensionBeforeDue"],
      }),
      recordMediation: one({ records: ["MediationRecorded"], rules: ["mediationForClaims"] }),
      startHearing,
      endHearing,
      reply: one({
        to: "replied",
        records: ["ReplyIssued"],
        rules: ["noHearingOpen", "replyHasLegalBasis", ...deliveryRules],
      }),
      // 12345: the handling org contacts the caller while handling (BJ 接诉即办条例 Art. 15(1)).
      contactCaller: one({ records: ["CallerContacted"] }),
      reportBack,
      withdraw,
      ...officeNotices,
    },
  },
  replied: {
    stage: "reviewRequest",
    on: {
      evaluate,
      requestReview: one({
        to: "underReview",
        records: ["ReviewRequested"],
        rules: ["reviewRequestWindowOpen", "reviewOneLevelUp"],
      }),
      conclude,
      reportBack,
      withdraw,
      issueRecommendation,
      ...dutyNotices,
      // 12345 回访 and 退回再办 (BJ Art. 23, JN Art. 27).
      callBack: one({ records: ["CallBackRecorded"], rules: ["callBackOncePerReply"] }),
      returnForRehandling: one({
        to: "accepted",
        records: ["ReturnedForRehandling"],
        rules: ["rehandlingAfterUnsatisfiedCallBack"],
      }),
    },
  },
  underReview: {
    stage: "review",
    on: {
      decideReview: one({ to: "reviewed", records: ["ReviewDecided"], rules: deliveryRules }),
      withdraw,
      ...officeNotices,
    },
  },
  reviewed: {
    stage: "reexaminationRequest",
    on: {
      evaluate,
      requestReexamination: one({
        to: "underReexamination",
        records: ["ReexaminationRequested"],
        rules: ["reexaminationRequestWindowOpen", "reexaminationOneLevelUp"],
      }),
      conclude,
      withdraw,
      issueRecommendation,
    },
  },
  underReexamination: {
    stage: "reexamination",
    on: {
      startHearing,
      endHearing,
      // 终结: the procedure ends here (W22 Art. 36 ¶3).
      decideReexamination: one({
        to: "final",
        records: ["ReexaminationDecided", "PetitionConcluded"],
        rules: ["noHearingOpen", ...deliveryRules],
      }),
      withdraw,
      ...officeNotices,
    },
  },
  final: exit("final"),
  concluded: exit(),
  notAccepted: exit("notAccepted"),
  redirected: exit("redirected"),
  withdrawn: exit("withdrawn"),
  merged: exit("merged"),
};

/** Every (status, command, branch) of the table, in table order. */
export interface TransitionRow extends Transition {
  from: PetitionStatus;
  command: CommandType;
  /** Index among the command's branches in `from`. */
  branch: number;
}

export const transitionRows = (procedure = PROCEDURE): TransitionRow[] =>
  PETITION_STATUSES.flatMap((from) =>
    Object.entries(procedure[from].on).flatMap(([command, branches]) =>
      (branches ?? []).map((t, branch) => ({
        ...t,
        from,
        command: command as CommandType,
        branch,
      })),
    ),
  );

/**
 * The command whose own event (the first it records) each event type is.
 * `checkEvent` judges a stored event as if its command were issued again.
 */
export const EVENT_COMMAND: { readonly [type: string]: CommandType | undefined } =
  Object.fromEntries(transitionRows().map((row) => [row.records[0], row.command]));

/**
 * The status each event type leads to, whatever the status before it (a log
 * is trusted when folded): the target of the branch of its command that has no
 * `when` condition; undefined = the status stays. The table gives every command
 * one such target (a test holds it to that).
 */
export const STATUS_AFTER_EVENT: {
  readonly [E in PetitionEventType]?: Exclude<PetitionStatus, "unregistered">;
} = Object.fromEntries(
  transitionRows()
    .filter((row) => row.when === undefined && row.to !== undefined)
    .flatMap((row) => (row.to === "unregistered" ? [] : [[row.records[0], row.to]])),
);

/** The stage an event starts (the stage of the status it leads to); undefined when it keeps the status. */
export const stageAfterEvent = (type: PetitionEventType): Stage | undefined => {
  const status = STATUS_AFTER_EVENT[type];
  return status === undefined ? undefined : PROCEDURE[status].stage;
};

/** States that end the petition: nothing but a closing `PetitionConcluded` may follow. */
export const TERMINAL_STATUSES: readonly PetitionStatus[] = PETITION_STATUSES.filter(
  (status) => PROCEDURE[status].terminal === true,
);
export const isTerminal = (status: PetitionStatus): boolean => PROCEDURE[status].terminal === true;

/** The `PetitionConcluded.reason` that records why a terminal exit ended the petition. */
export const CLOSING_REASON: { readonly [S in PetitionStatus]?: ConclusionReason } =
  Object.fromEntries(
    PETITION_STATUSES.flatMap((status) => {
      const reason = PROCEDURE[status].closingReason;
      return reason === undefined ? [] : [[status, reason]];
    }),
  );

/** The state field that stores the due time of `stage` (`routing` → `routingDueAt`). */
export const dueField = <S extends Stage>(stage: S): `${S}DueAt` => {
  // One string per stage: evolve reads the field for every event it folds.
  let field = DUE_FIELDS.get(stage);
  if (field === undefined) {
    field = `${stage}DueAt`;
    DUE_FIELDS.set(stage, field);
  }
  return field as `${S}DueAt`;
};
const DUE_FIELDS = new Map<Stage, string>();

/** The running stage of a status (from the table) and its stored due time. */
export const stageOf = (
  state: Pick<PetitionState, "status"> & Partial<PetitionState>,
): { stage?: Stage; dueAt?: string } => {
  const stage = PROCEDURE[state.status].stage;
  return stage === undefined ? {} : { stage, dueAt: state[dueField(stage)] };
};

/** What one event changes in the state besides its status; `s` is a fresh copy to change. */
export type EventEffect<K extends PetitionEventType> = (
  s: PetitionState,
  data: EventData<K>,
  event: EventEnvelope,
) => PetitionState;

const unchanged =
  <K extends PetitionEventType>(): EventEffect<K> =>
  (s) =>
    s;

function set<K extends keyof PetitionState>(
  state: PetitionState,
  key: K,
  value: PetitionState[K] | undefined,
): void {
  if (value === undefined) drop(state, key);
  else state[key] = value;
}

/**
 * Remove an optional field. Only a field that holds a value is deleted: one
 * that is absent or `undefined` already reads as absent, and deleting a field
 * turns a V8 object into a slower hash table (every later copy `evolve`
 * makes of it is one too).
 */
export function drop(state: PetitionState, key: keyof PetitionState): void {
  if (state[key] !== undefined) delete state[key];
}

const idsOf = (petitioners: readonly Record<string, unknown>[]): string[] =>
  petitioners.flatMap((p) => (typeof p.id === "string" ? [p.id] : []));

/** One handler per catalog event type: a type added to the catalog without one is a type error. */
export const EVENT_EFFECTS: { readonly [K in PetitionEventType]: EventEffect<K> } = {
  PetitionRegistered: (s, d) => {
    s.petitionId = d.petitionId;
    s.channel = d.channel;
    s.category = d.category;
    s.anonymous = d.anonymous;
    s.petitionerIds = idsOf(d.petitioners);
    s.receivedAt = d.receivedAt;
    s.registeredBy = d.registeredBy;
    s.routingDueAt = d.routingDueAt;
    set(s, "representatives", d.representatives);
    set(s, "requestType", d.requestType);
    return s;
  },
  RepeatPetitionLinked: (s, d) => {
    s.repeatOf = {
      previousPetitionId: d.previousPetitionId,
      sameFactsAndReasons: d.sameFactsAndReasons,
    };
    return s;
  },
  PetitionRouted: (s, d) => {
    // Routing elsewhere settles a pending objection (W22 Art. 23 ¶3).
    drop(s, "objection");
    s.org = d.toOrg;
    s.routingMode = d.mode;
    s.acceptanceDueAt = d.acceptanceDueAt;
    set(s, "reportBackDueAt", d.reportBackDueAt);
    set(s, "objectionDueAt", d.objectionDueAt);
    return s;
  },
  RoutingObjectionRaised: (s, d, event) => {
    s.objection = { byOrg: d.byOrg, reason: d.reason, raisedAt: event.occurredAt };
    return s;
  },
  RoutingObjectionRejected: (s) => {
    // The org keeps the petition and its acceptance period; only the objection goes.
    drop(s, "objection");
    return s;
  },
  RoutingObjected: (s, d) => {
    s.objectedBy = [...s.objectedBy, d.byOrg];
    // Our engine starts a new routing period on objection; older logs keep the first one.
    if (d.routingDueAt !== undefined) s.routingDueAt = d.routingDueAt;
    drop(s, "org");
    drop(s, "objectionDueAt");
    drop(s, "objection");
    return s;
  },
  PetitionRedirected: unchanged(),
  PetitionAccepted: (s, d) => {
    s.org = d.org;
    s.handlingDueAt = d.handlingDueAt;
    return s;
  },
  PetitionNotAccepted: unchanged(),
  HandlingExtended: (s, d) => {
    s.extensionUsed = true;
    s.extensionDays = d.days;
    s.handlingDueAt = d.handlingDueAt;
    return s;
  },
  MediationRecorded: unchanged(),
  HearingStarted: (s, d, event) => {
    s.hearing = { stage: d.stage, startedAt: event.occurredAt };
    return s;
  },
  HearingEnded: (s, d) => {
    if (!s.hearingsHeld.includes(d.stage)) s.hearingsHeld = [...s.hearingsHeld, d.stage];
    drop(s, "hearing");
    // Hearing time is not counted (W22 Art. 36 ¶2): the engine stores the moved due time here.
    if (d.reexaminationDueAt !== undefined) s.reexaminationDueAt = d.reexaminationDueAt;
    return s;
  },
  ReplyIssued: (s, d, event) => {
    s.replyDeliveredAt = d.deliveredAt;
    s.reviewRequestDueAt = d.reviewRequestDueAt;
    s.firstReplyAt ??= event.occurredAt;
    set(s, "callBackDueAt", d.callBackDueAt);
    return s;
  },
  SatisfactionEvaluated: (s, d) => {
    s.rating = d.rating;
    return s;
  },
  ReviewRequested: (s, d) => {
    s.reviewOrg = d.toOrg;
    s.reviewDueAt = d.reviewDueAt;
    return s;
  },
  ReviewDecided: (s, d) => {
    s.reexaminationRequestDueAt = d.reexaminationRequestDueAt;
    return s;
  },
  ReexaminationRequested: (s, d) => {
    s.reexaminationOrg = d.toOrg;
    s.reexaminationDueAt = d.reexaminationDueAt;
    return s;
  },
  ReexaminationDecided: unchanged(),
  PetitionConcluded: (s, d) => {
    s.concludedReason = d.reason;
    return s;
  },
  PetitionWithdrawn: unchanged(),
  PetitionMerged: (s, d) => {
    s.mergedInto = d.intoPetitionId;
    return s;
  },
  ReminderIssued: (s, d) => {
    s.reminders = [...s.reminders, stageRunKey(d.stage, d.dueAt)];
    return s;
  },
  SupervisionIssued: (s, d, event) => {
    const early = isEarlySupervision(event.occurredAt, d.dueAt);
    s.supervisions = [...s.supervisions, supervisionKey(d.stage, d.dueAt, d.level, early)];
    return s;
  },
  // A contact is a fact for the 12345 rates; it changes no status or due time.
  CallerContacted: (s) => s,
  ReportedBack: (s) => {
    // The report-back is no longer owed: its due time (and timers) go.
    drop(s, "reportBackDueAt");
    return s;
  },
  CallBackRecorded: (s, d) => {
    s.callBack = { resolved: d.resolved, rating: d.rating };
    return s;
  },
  ReturnedForRehandling: (s, d) => {
    // Handling starts again: the reply, its windows and its call-back belong to the old run.
    s.org = d.toOrg;
    s.handlingDueAt = d.handlingDueAt;
    s.rehandlings = (s.rehandlings ?? 0) + 1;
    for (const key of [
      "callBack",
      "callBackDueAt",
      "replyDeliveredAt",
      "reviewRequestDueAt",
    ] as const) {
      drop(s, key);
    }
    return s;
  },
  RecommendationIssued: unchanged(),
  NotificationDelivered: unchanged(),
  NotificationFailed: unchanged(),
};
