import type { Category, PetitionEvent, Stage } from "../events/catalog.js";
import { type EventEnvelope, isoDateTime, petitionIdOf } from "../events/envelope.js";
import { OFFICE_STAGES } from "../lifecycle/state.js";
import { stageAfterEvent } from "../lifecycle/transitions.js";
import { instantMs } from "../time/instant-ms.js";
import { type EventClass, isLaterThan } from "./event-class.js";
import {
  ACCEPTANCE_DUE_AT,
  AWAITING,
  CATEGORY,
  CLOSED_BY,
  CODE,
  FactTable,
  FIRST_DECISION_AT,
  FIRST_REPEAT_LINK_AT,
  FIRST_REPLY_AT,
  FIRST_REPLY_DELIVERED_AT,
  FIRST_REVIEW_REQUEST_AT,
  FIRST_ROUTING_DUE_AT,
  FLAGS,
  FOLLOWERS,
  HANDLING_DUE_AT,
  IS_REPEAT,
  MAX_SUPERVISION_LEVEL,
  NULL_TIME,
  NUM,
  PETITION_STREAM,
  RATING,
  RECEIVED_AT,
  REGISTERED,
  REGISTERED_BY,
  REMINDERS,
  ROUTED_TO,
  ROUTING_DUE_MS,
  ROUTING_LATE,
  ROUTING_PENDING,
  STAGE,
  STAGE_DUE_MS,
  SUPERVISIONS,
  TOPIC,
} from "./fact-table.js";
import { isLaterTime } from "./later-time.js";
import type { Projection } from "./projection.js";
import { TYPE, typeCode } from "./type-codes.js";

/**
 * The per-petition fact table: for every petition, exactly the facts the
 * metric formulas of docs/metrics.md need, kept up to
 * date in O(1) per event. Metrics, the overdue view and hot topics are all
 * queries over this one state (metrics.ts, overdue.ts, hot-topics.ts), so
 * "rebuilt from the log" and "updated incrementally" are the same fold.
 *
 * Times are epoch milliseconds (cheap to compare); `null` means "not yet".
 * The table is stored in columns (fact-table.ts); a `PetitionFacts` object
 * is made only when a petition is read.
 */

/** Who the current stage waits on. Only an office can be overdue (see docs/metrics.md). */
export type Awaiting = "office" | "petitioner" | "closure";

/** How a petition left the flow; `null` while it is open. */
export type ClosedBy = "concluded" | "withdrawn" | "merged" | "redirected" | "notAccepted";

export type Rating = "satisfied" | "basicallySatisfied" | "unsatisfied";

export interface PetitionFacts {
  petitionId: string;
  /** A `PetitionRegistered` has been seen (rows can exist before it, for repeat links). */
  registered: boolean;
  receivedAt: number | null;
  title: string;
  category: Category | null;
  topic: string | null;
  registeredBy: string | null;
  /** `toOrg` of the latest `PetitionRouted`. */
  routedTo: string | null;
  /** The due time of routing (W22 Art. 22): stored at registration, replaced by the one a `RoutingObjected` stores. */
  routingDueAt: string | null;
  /** The registration's `routingDueAt` (epoch ms): it places the petition in the on-time routing rate's period. */
  firstRoutingDueAt: number | null;
  /** Registered or objected to, and not yet routed (or redirected) since. */
  routingPending: boolean;
  /** A routing decision (`PetitionRouted` / `PetitionRedirected`) came after the routing due time in force. */
  routingLate: boolean;
  /** A `RepeatPetitionLinked` is in this petition's own stream. */
  isRepeat: boolean;
  /** `acceptanceDueAt` of the latest `PetitionRouted`. */
  acceptanceDueAt: number | null;
  /** Earliest `occurredAt` of a `PetitionAccepted` / `PetitionNotAccepted`. */
  firstDecisionAt: number | null;
  /** `handlingDueAt` of the latest `PetitionAccepted` or `HandlingExtended`. */
  handlingDueAt: number | null;
  /** `occurredAt` of the first `ReplyIssued`. */
  firstReplyAt: number | null;
  /** `deliveredAt` of the first `ReplyIssued`. */
  firstReplyDeliveredAt: number | null;
  /** Earliest `occurredAt` of a `ReviewRequested` in this stream. */
  firstReviewRequestAt: number | null;
  /** Earliest `occurredAt` of a `RepeatPetitionLinked` in another stream pointing here. */
  firstRepeatLinkAt: number | null;
  /** Later petitions linked to this one as repeats or merged into it: its weight as a representative. */
  followers: number;
  /** The latest `SatisfactionEvaluated` rating. */
  rating: Rating | null;
  closedBy: ClosedBy | null;
  /** Current stage and its stored due time (`null` before registration). */
  stage: Stage | null;
  stageDueAt: string | null;
  awaiting: Awaiting;
  /** 催办 and 督办 issued for the current stage (reset when the stage changes). */
  reminders: number;
  supervisions: number;
  maxSupervisionLevel: number;
}

/**
 * The fact table. `petitions` is a read-only view over the table's columns
 * (fact-table.ts): each read gives a fresh `PetitionFacts` object.
 */
export interface PetitionFactsState {
  readonly petitions: ReadonlyMap<string, PetitionFacts>;
  /** Greatest `occurredAt` folded so far (any stream, any type), as written in the log: the default `asOf`. */
  lastOccurredAt: string | null;
}

/** Snapshot form: plain data, safe for JSON and structuredClone. */
export interface PetitionFactsSnapshot {
  petitions: PetitionFacts[];
  lastOccurredAt: string | null;
}

/** The table of a state: the state itself, or a table filled from a state made some other way. */
const tableOf = (state: PetitionFactsState): FactTable => {
  if (state instanceof FactTable) return state;
  const table = new FactTable();
  for (const f of state.petitions.values()) table.put(f);
  table.lastOccurredAt = state.lastOccurredAt;
  return table;
};

/**
 * A due time the engine stores on an event whose catalog schema does not name
 * it (`RoutingObjected.routingDueAt`, `HearingEnded.reexaminationDueAt`):
 * used when present and a valid date-time, else `undefined` (older logs).
 */
const extraDueAt = (value: unknown): string | undefined =>
  typeof value === "string" && isoDateTime.safeParse(value).success ? value : undefined;

/** Keep the earliest of a nullable time column and `at`. */
const earliest = (t: FactTable, row: number, field: number, at: number): void => {
  const i = row * NUM + field;
  const current = t.num[i]!;
  if (current === NULL_TIME || at < current) t.num[i] = at;
};

/** The stage each event that sets a due time leads to (read once, not per event). */
const STAGE_AFTER = Object.fromEntries(
  (
    [
      "PetitionRegistered",
      "PetitionRouted",
      "RoutingObjected",
      "PetitionAccepted",
      "HandlingExtended",
      "ReplyIssued",
      "ReviewRequested",
      "ReviewDecided",
      "ReexaminationRequested",
      "HearingEnded",
    ] as const
  ).map((type) => [type, stageAfterEvent(type)]),
) as Record<
  | "PetitionRegistered"
  | "PetitionRouted"
  | "RoutingObjected"
  | "PetitionAccepted"
  | "HandlingExtended"
  | "ReplyIssued"
  | "ReviewRequested"
  | "ReviewDecided"
  | "ReexaminationRequested"
  | "HearingEnded",
  Stage | undefined
>;

/**
 * Enter the stage an event starts (from the procedure table: the stage of the
 * status the event leads to; an event that keeps the status keeps the stage)
 * with its stored due time; stage-local counters restart on a new stage.
 */
const enterStage = (t: FactTable, row: number, after: Stage | undefined, dueAt: string) => {
  const c = row * CODE;
  const stageCode = after === undefined ? t.code[c + STAGE]! : t.stages.codeOf(after);
  const stage = t.stages.textOf(stageCode);
  if (stage === null) return;
  if (t.code[c + STAGE] !== stageCode) {
    const n = row * NUM;
    t.num[n + REMINDERS] = 0;
    t.num[n + SUPERVISIONS] = 0;
    t.num[n + MAX_SUPERVISION_LEVEL] = 0;
  }
  t.code[c + STAGE] = stageCode;
  t.setDueText(row, STAGE_DUE_MS, dueAt);
  t.code[c + AWAITING] = OFFICE_STAGES.includes(stage) ? t.officeCode : t.petitionerCode;
};

/** A routing decision: late if it came after the routing due time in force. */
const decideRouting = (t: FactTable, row: number, at: string) => {
  const c = row * CODE + FLAGS;
  if ((t.code[c]! & ROUTING_PENDING) === 0) return;
  t.code[c]! &= ~ROUTING_PENDING;
  const due = t.num[row * NUM + ROUTING_DUE_MS]!;
  if (due !== NULL_TIME && instantMs(at) > due) t.code[c]! |= ROUTING_LATE;
};

/** Fold one event into the fact table (mutates and returns `state`). */
export const applyPetitionFact = (
  state: PetitionFactsState,
  event: EventEnvelope,
): PetitionFactsState => {
  const t = tableOf(state);
  // The default asOf is the last occurredAt of the whole log, whatever the stream.
  if (isLaterTime(event.occurredAt, t.lastOccurredAt)) t.lastOccurredAt = event.occurredAt;
  if (event.streamId.startsWith(PETITION_STREAM)) foldPetitionEvent(t, event, typeCode(event.type));
  return t;
};

/**
 * `applyPetitionFact` for a pass that classified the event already
 * (event-class.ts): its type code, stream and latest time are not read again.
 */
export const applyClassifiedPetitionFact = (
  state: PetitionFactsState,
  event: EventEnvelope,
  c: EventClass,
): PetitionFactsState => {
  const t = tableOf(state);
  if (isLaterThan(c, event.occurredAt, t.lastOccurredAt)) t.lastOccurredAt = event.occurredAt;
  if (c.petition) foldPetitionEvent(t, event, c.code);
  return t;
};

type DataOf<K extends PetitionEvent["type"]> = Extract<PetitionEvent, { type: K }>["data"];

/** Fold one event of a petition stream into the table (`code`: its type's, type-codes.ts). */
const foldPetitionEvent = (t: FactTable, event: EventEnvelope, code: number): void => {
  const streamId = event.streamId;
  const e = event as PetitionEvent;
  switch (code) {
    case TYPE.PetitionRegistered: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"PetitionRegistered">;
      const n = row * NUM;
      const c = row * CODE;
      t.num[n + RECEIVED_AT] = instantMs(d.receivedAt);
      t.titles[row] = d.title;
      t.code[c + CATEGORY] = t.categories.codeOf(d.category);
      t.code[c + TOPIC] = t.topics.codeOf(d.topic ?? null);
      t.code[c + REGISTERED_BY] = t.orgs.codeOf(d.registeredBy);
      t.setDueText(row, ROUTING_DUE_MS, d.routingDueAt);
      t.num[n + FIRST_ROUTING_DUE_AT] = t.instantOf(d.routingDueAt);
      t.code[c + FLAGS]! |= REGISTERED | ROUTING_PENDING;
      enterStage(t, row, STAGE_AFTER.PetitionRegistered, d.routingDueAt);
      break;
    }
    case TYPE.RepeatPetitionLinked: {
      const row = t.rowOf(streamId);
      t.code[row * CODE + FLAGS]! |= IS_REPEAT;
      const previous = (e.data as DataOf<"RepeatPetitionLinked">).previousPetitionId;
      // A link from a stream to itself is not "another petition's" link.
      if (previous !== petitionIdOf(streamId)) {
        const target = t.rowOfPetition(previous);
        earliest(t, target, FIRST_REPEAT_LINK_AT, instantMs(event.occurredAt));
        t.num[target * NUM + FOLLOWERS]!++;
      }
      break;
    }
    case TYPE.PetitionMerged: {
      const row = t.rowOf(streamId);
      t.code[row * CODE + CLOSED_BY] = t.closings.codeOf("merged");
      const into = (e.data as DataOf<"PetitionMerged">).intoPetitionId;
      if (into !== petitionIdOf(streamId)) t.num[t.rowOfPetition(into) * NUM + FOLLOWERS]!++;
      break;
    }
    case TYPE.PetitionRouted: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"PetitionRouted">;
      t.code[row * CODE + ROUTED_TO] = t.orgs.codeOf(d.toOrg);
      decideRouting(t, row, event.occurredAt);
      t.num[row * NUM + ACCEPTANCE_DUE_AT] = t.instantOf(d.acceptanceDueAt);
      enterStage(t, row, STAGE_AFTER.PetitionRouted, d.acceptanceDueAt);
      break;
    }
    case TYPE.RoutingObjected: {
      // Back to the routing office. The engine stores the new routing due time
      // on the objection; a log without it keeps the one stored before.
      const row = t.rowOf(streamId);
      const stored = extraDueAt((e.data as DataOf<"RoutingObjected">).routingDueAt);
      if (stored !== undefined) t.setDueText(row, ROUTING_DUE_MS, stored);
      // The routing office must decide again, by the due time now in force.
      t.code[row * CODE + FLAGS]! |= ROUTING_PENDING;
      const inForce = t.dueText(row, ROUTING_DUE_MS);
      if (inForce !== null) enterStage(t, row, STAGE_AFTER.RoutingObjected, inForce);
      break;
    }
    case TYPE.PetitionRedirected: {
      // Telling the petitioner to use another channel is a routing decision too (W22 Art. 22).
      const row = t.rowOf(streamId);
      t.code[row * CODE + CLOSED_BY] = t.closings.codeOf("redirected");
      decideRouting(t, row, event.occurredAt);
      break;
    }
    case TYPE.PetitionAccepted: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"PetitionAccepted">;
      earliest(t, row, FIRST_DECISION_AT, instantMs(event.occurredAt));
      t.num[row * NUM + HANDLING_DUE_AT] = t.instantOf(d.handlingDueAt);
      enterStage(t, row, STAGE_AFTER.PetitionAccepted, d.handlingDueAt);
      break;
    }
    case TYPE.PetitionNotAccepted: {
      const row = t.rowOf(streamId);
      earliest(t, row, FIRST_DECISION_AT, instantMs(event.occurredAt));
      t.code[row * CODE + CLOSED_BY] = t.closings.codeOf("notAccepted");
      break;
    }
    case TYPE.HandlingExtended: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"HandlingExtended">;
      t.num[row * NUM + HANDLING_DUE_AT] = t.instantOf(d.handlingDueAt);
      enterStage(t, row, STAGE_AFTER.HandlingExtended, d.handlingDueAt);
      break;
    }
    case TYPE.ReplyIssued: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"ReplyIssued">;
      const n = row * NUM;
      if (t.num[n + FIRST_REPLY_AT] === NULL_TIME) {
        t.num[n + FIRST_REPLY_AT] = instantMs(event.occurredAt);
        t.num[n + FIRST_REPLY_DELIVERED_AT] = instantMs(d.deliveredAt);
      }
      // practice (12345): a consultation answered at once is settled, not routed (BJ Art. 11 ¶1).
      decideRouting(t, row, event.occurredAt);
      // The petitioner's window to ask for a review (W22 Art. 35).
      enterStage(t, row, STAGE_AFTER.ReplyIssued, d.reviewRequestDueAt);
      break;
    }
    case TYPE.SatisfactionEvaluated:
      t.code[t.rowOf(streamId) * CODE + RATING] = t.ratings.codeOf(
        (e.data as DataOf<"SatisfactionEvaluated">).rating,
      );
      break;
    case TYPE.ReviewRequested: {
      const row = t.rowOf(streamId);
      earliest(t, row, FIRST_REVIEW_REQUEST_AT, instantMs(event.occurredAt));
      enterStage(
        t,
        row,
        STAGE_AFTER.ReviewRequested,
        (e.data as DataOf<"ReviewRequested">).reviewDueAt,
      );
      break;
    }
    case TYPE.ReviewDecided:
      // The petitioner's window to ask for a re-examination (W22 Art. 36).
      enterStage(
        t,
        t.rowOf(streamId),
        STAGE_AFTER.ReviewDecided,
        (e.data as DataOf<"ReviewDecided">).reexaminationRequestDueAt,
      );
      break;
    case TYPE.ReexaminationRequested:
      enterStage(
        t,
        t.rowOf(streamId),
        STAGE_AFTER.ReexaminationRequested,
        (e.data as DataOf<"ReexaminationRequested">).reexaminationDueAt,
      );
      break;
    case TYPE.ReexaminationDecided:
      // Final (W22 Art. 36 ¶3): nothing is due from anyone but the closing event.
      t.code[t.rowOf(streamId) * CODE + AWAITING] = t.closureCode;
      break;
    case TYPE.HearingEnded: {
      // Hearing time is not counted (W22 Art. 36 ¶2): the engine stores the
      // re-examination's moved due time here; it is read, never recomputed.
      const row = t.rowOf(streamId);
      const moved = extraDueAt((e.data as DataOf<"HearingEnded">).reexaminationDueAt);
      if (moved !== undefined && t.stages.textOf(t.code[row * CODE + STAGE]!) === "reexamination") {
        enterStage(t, row, STAGE_AFTER.HearingEnded, moved);
      }
      break;
    }
    case TYPE.PetitionConcluded:
      t.code[t.rowOf(streamId) * CODE + CLOSED_BY] = t.closings.codeOf("concluded");
      break;
    case TYPE.PetitionWithdrawn:
      t.code[t.rowOf(streamId) * CODE + CLOSED_BY] = t.closings.codeOf("withdrawn");
      break;
    case TYPE.ReminderIssued: {
      const row = t.rowOf(streamId);
      if (
        (e.data as DataOf<"ReminderIssued">).stage === t.stages.textOf(t.code[row * CODE + STAGE]!)
      ) {
        t.num[row * NUM + REMINDERS]!++;
      }
      break;
    }
    case TYPE.SupervisionIssued: {
      const row = t.rowOf(streamId);
      const d = e.data as DataOf<"SupervisionIssued">;
      if (d.stage === t.stages.textOf(t.code[row * CODE + STAGE]!)) {
        const n = row * NUM;
        t.num[n + SUPERVISIONS]!++;
        t.num[n + MAX_SUPERVISION_LEVEL] = Math.max(t.num[n + MAX_SUPERVISION_LEVEL]!, d.level);
      }
      break;
    }
    default:
      // Other catalog types (notifications, mediation, recommendations,
      // HearingStarted) and custom types change no fact.
      break;
  }
};

/**
 * The org a petition is with: the org it was last routed to, else the one that
 * registered it; null for a petition the table does not hold (or holds no org of).
 * Read from the table's two columns, without making the petition's facts object.
 */
export const currentOrgOf = (state: PetitionFactsState, petitionId: string): string | null => {
  if (!(state instanceof FactTable)) {
    const f = state.petitions.get(petitionId);
    return f?.routedTo ?? f?.registeredBy ?? null;
  }
  const row = state.find(petitionId);
  if (row === -1) return null;
  const c = row * CODE;
  return (
    state.orgs.textOf(state.code[c + ROUTED_TO]!) ??
    state.orgs.textOf(state.code[c + REGISTERED_BY]!)
  );
};

/** The built-in fact-table projection; every built-in metric is a query over it. */
export const petitionFactsProjection: Projection<PetitionFactsState> = {
  name: "petitionFacts",
  // 2: RoutingObjected.routingDueAt is read. 3: HearingEnded.reexaminationDueAt replaces hearing arithmetic.
  // 4: lastOccurredAt counts events of every stream. 5: routing due time and decision (on-time routing).
  version: 5,
  init: () => new FactTable(),
  apply: applyPetitionFact,
  toSnapshot: (state): PetitionFactsSnapshot => ({
    petitions: [...state.petitions.values()],
    lastOccurredAt: state.lastOccurredAt,
  }),
  fromSnapshot: (data) => {
    const snapshot = data as PetitionFactsSnapshot;
    return tableOf({
      petitions: new Map(snapshot.petitions.map((f) => [f.petitionId, f])),
      lastOccurredAt: snapshot.lastOccurredAt,
    });
  },
};
