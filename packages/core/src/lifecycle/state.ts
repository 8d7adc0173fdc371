import type { Category, Channel, RequestType, Stage } from "../events/catalog.js";
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
  firstReplyAt?: string;
  replyDeliveredAt?: string;
  /** Latest satisfaction rating. */
  rating?: "satisfied" | "basicallySatisfied" | "unsatisfied";
  concludedReason?: string;
  mergedInto?: string;

  /** Reminders issued: keys `stage@dueAt` (a re-started or extended stage is a new one). */
  reminders: string[];
  /** Supervisions issued: keys `stage@dueAt#level`. */
  supervisions: string[];
}

/** Key of a stage run: the same stage with a new due time (re-routed, extended) is a new run. */
export const stageRunKey = (stage: Stage, dueAt: string): string => `${stage}@${Date.parse(dueAt)}`;
export const supervisionKey = (stage: Stage, dueAt: string, level: number): string =>
  `${stageRunKey(stage, dueAt)}#${level}`;

/** The highest supervision level issued for the current stage run (0 = none). */
export const supervisionLevel = (state: PetitionState): number => {
  if (state.stage === undefined || state.dueAt === undefined) return 0;
  const prefix = `${stageRunKey(state.stage, state.dueAt)}#`;
  let level = 0;
  for (const key of state.supervisions) {
    if (key.startsWith(prefix)) level = Math.max(level, Number(key.slice(prefix.length)));
  }
  return level;
};
