import type { Category, Channel, Stage } from "../events/catalog.js";

/**
 * The folded state of one petition: everything the decider and the checks need,
 * built from its events by `evolve` (a plain reducer, no statechart per event).
 */

/** Every state of `petitionMachine` (DESIGN §4); `unregistered` is the machine's start, before any event. */
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
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** States that end the petition: nothing but a closing `PetitionConcluded` may follow. */
export const TERMINAL_STATUSES: readonly PetitionStatus[] = [
  "final",
  "concluded",
  "notAccepted",
  "redirected",
  "withdrawn",
  "merged",
];

/** The `PetitionConcluded.reason` that records why a terminal exit ended the petition. */
export const CLOSING_REASON: Partial<Record<PetitionStatus, string>> = {
  final: "final",
  notAccepted: "notAccepted",
  redirected: "redirected",
  withdrawn: "withdrawn",
  merged: "merged",
};

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

export const isTerminal = (status: PetitionStatus): boolean => TERMINAL_STATUSES.includes(status);

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

/** The running stage of a status and its stored due time. */
export const stageOf = (
  state: Omit<PetitionState, "stage" | "dueAt">,
): { stage?: Stage; dueAt?: string } => {
  switch (state.status) {
    case "registered":
    case "objected":
      return { stage: "routing", dueAt: state.routingDueAt };
    case "routed":
      return { stage: "acceptance", dueAt: state.acceptanceDueAt };
    case "accepted":
      return { stage: "handling", dueAt: state.handlingDueAt };
    case "replied":
      return { stage: "reviewRequest", dueAt: state.reviewRequestDueAt };
    case "underReview":
      return { stage: "review", dueAt: state.reviewDueAt };
    case "reviewed":
      return { stage: "reexaminationRequest", dueAt: state.reexaminationRequestDueAt };
    case "underReexamination":
      return { stage: "reexamination", dueAt: state.reexaminationDueAt };
    default:
      return {};
  }
};
