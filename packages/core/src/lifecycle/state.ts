import type { Category, Channel, NoticeSubject, RequestType, Stage } from "../events/catalog.js";
import type { PetitionStatus } from "./transitions.js";

export type { PetitionStatus } from "./transitions.js";

/**
 * The folded state of one petition: everything the decider and the checks need,
 * built from its events by `evolve` (a plain reducer, no statechart per event).
 */

/** Stages run by an office: reminders (催办) and supervision (督办) apply to them only. */
export const OFFICE_STAGES: readonly Stage[] = [
  "routing",
  "acceptance",
  "handling",
  "review",
  "reexamination",
];

export interface HearingInProgress {
  stage: Stage;
  startedAt: string;
}

/** A hearing held, from its start to its end (business time). */
export interface HearingSpan {
  stage: Stage;
  from: string;
  to: string;
}

/**
 * When the periods that can be lengthened or interrupted started: an extension
 * (W22 Art. 34) or a hearing (Art. 36 ¶2) counts the period again from here,
 * once (`dueCounting`, docs/policies.md), rather than moving a due time that
 * was already rolled off a rest day.
 */
export interface PeriodStarts {
  /** The acceptance, or the latest 退回再办 (JN Art. 27 ¶2). */
  handling?: string;
  /** The re-examination request (W22 Art. 36). */
  reexamination?: string;
}

export interface PetitionState {
  petitionId: string;
  streamId: string;
  status: Exclude<PetitionStatus, "unregistered">;
  /** Stream version of the last event folded. */
  version: number;
  /** Global position of the last event folded. */
  position: number;
  lastOccurredAt: string;
  /** The running stage and when it is due (from the stored `...DueAt`). */
  stage?: Stage;
  dueAt?: string;

  channel: Channel;
  category: Category;
  anonymous: boolean;
  /** Ids of the petitioners when registration named them (`petitioners[].id`); empty = any petitioner actor. */
  petitionerIds: string[];
  representatives?: number;
  receivedAt: string;
  registeredBy: string;
  repeatOf?: { previousPetitionId: string; sameFactsAndReasons: boolean };

  /** The org the petition is routed to (handles, accepts, replies). */
  org?: string;
  routingMode?: "transfer" | "assign";
  /** Orgs that objected to routing (W22 Art. 23 ¶3). */
  objectedBy: string[];
  /** An objection raised by the routed org and not yet verified by the routing office (W22 Art. 23 ¶3). */
  objection?: { byOrg: string; reason: string; raisedAt: string };
  reviewOrg?: string;
  reexaminationOrg?: string;

  routingDueAt?: string;
  acceptanceDueAt?: string;
  objectionDueAt?: string;
  reportBackDueAt?: string;
  handlingDueAt?: string;
  reviewRequestDueAt?: string;
  reviewDueAt?: string;
  reexaminationRequestDueAt?: string;
  reexaminationDueAt?: string;
  callBackDueAt?: string;
  /** 12345 tickets: the request type (BJ Art. 11). */
  requestType?: RequestType;
  /** 12345 tickets: the latest call-back of the current reply (BJ Art. 23); cleared when sent back. */
  callBack?: { resolved: boolean; rating: "satisfied" | "basicallySatisfied" | "unsatisfied" };
  /** 12345 tickets: how many times the ticket was sent back to be handled again (JN Art. 27 ¶2). */
  rehandlings?: number;

  /** W22 Art. 34: one extension only. */
  extensionUsed: boolean;
  extensionDays?: number;
  hearing?: HearingInProgress;
  /** Stages in which a hearing was held. */
  hearingsHeld: Stage[];
  /** Every hearing held, in order: re-examination hearings are not counted (W22 Art. 36 ¶2). */
  hearingSpans: HearingSpan[];
  periodStarts: PeriodStarts;
  firstReplyAt?: string;
  replyDeliveredAt?: string;
  /** Latest satisfaction rating. */
  rating?: "satisfied" | "basicallySatisfied" | "unsatisfied";
  concludedReason?: string;
  mergedInto?: string;

  /** Reminders issued: keys `stage@dueAt` (a re-started or extended stage is a new one). */
  reminders: string[];
  /**
   * Supervisions issued: keys `stage@dueAt#level` for those issued after the due
   * time, `stage@dueAt~early#level` for a manual 督办 issued before it.
   */
  supervisions: string[];
}

/** Key of a stage run: the same stage with a new due time (re-routed, extended) is a new run. */
export const stageRunKey = (stage: NoticeSubject, dueAt: string): string =>
  `${stage}@${Date.parse(dueAt)}`;

/**
 * A supervision issued at or before its stage's due time is early: a
 * supervisor's own 督办 while the office still has time. The levels of the
 * automatic 督办 after the due time (W22 Art. 40) count only the supervisions
 * issued after it, so an early one never suppresses them (docs/policies.md).
 */
export const isEarlySupervision = (at: string, dueAt: string): boolean =>
  Date.parse(at) <= Date.parse(dueAt);

export const supervisionKey = (
  stage: NoticeSubject,
  dueAt: string,
  level: number,
  early = false,
): string => `${stageRunKey(stage, dueAt)}${early ? "~early" : ""}#${level}`;

/**
 * The highest supervision level issued for a run (default: the running stage;
 * 0 = none): among those after the due time, or with `early`, among those
 * before it.
 */
export const supervisionLevel = (
  state: PetitionState,
  early = false,
  run: { stage?: NoticeSubject; dueAt?: string } = state,
): number => {
  if (run.stage === undefined || run.dueAt === undefined) return 0;
  const prefix = `${stageRunKey(run.stage, run.dueAt)}${early ? "~early" : ""}#`;
  let level = 0;
  for (const key of state.supervisions) {
    if (key.startsWith(prefix)) level = Math.max(level, Number(key.slice(prefix.length)));
  }
  return level;
};
