import type { PetitionEvent, PetitionEventType } from "../events/catalog.js";
import { type EventEnvelope, isoDateTime, petitionIdOf } from "../events/envelope.js";
import { OFFICE_STAGES } from "../lifecycle/state.js";
import { stageAfterEvent } from "../lifecycle/transitions.js";
import { instantMs } from "../time/instant-ms.js";
import type { Awaiting, PetitionFacts } from "./petition-facts.js";

/**
 * The reference fold for the fact table's tests: the fact table as it was
 * written before it was stored in columns, a Map of plain objects with each
 * rule spelled out field by field. fact-table.property.test.ts holds the
 * column table to answer exactly as this does.
 */

export interface ObjectFactsState {
  petitions: Map<string, PetitionFacts>;
  lastOccurredAt: string | null;
}

const newFacts = (petitionId: string): PetitionFacts => ({
  petitionId,
  registered: false,
  receivedAt: null,
  title: "",
  category: null,
  topic: null,
  registeredBy: null,
  routedTo: null,
  routingDueAt: null,
  firstRoutingDueAt: null,
  routingPending: false,
  routingLate: false,
  isRepeat: false,
  acceptanceDueAt: null,
  firstDecisionAt: null,
  handlingDueAt: null,
  firstReplyAt: null,
  firstReplyDeliveredAt: null,
  firstReviewRequestAt: null,
  firstRepeatLinkAt: null,
  followers: 0,
  rating: null,
  closedBy: null,
  stage: null,
  stageDueAt: null,
  awaiting: "office",
  reminders: 0,
  supervisions: 0,
  maxSupervisionLevel: 0,
});

const factsOf = (state: ObjectFactsState, petitionId: string): PetitionFacts => {
  let facts = state.petitions.get(petitionId);
  if (!facts) {
    facts = newFacts(petitionId);
    state.petitions.set(petitionId, facts);
  }
  return facts;
};

/**
 * A due time the engine stores on an event whose catalog schema does not name
 * it (`RoutingObjected.routingDueAt`, `HearingEnded.reexaminationDueAt`):
 * used when present and a valid date-time, else `undefined` (older logs).
 */
const extraDueAt = (value: unknown): string | undefined =>
  typeof value === "string" && isoDateTime.safeParse(value).success ? value : undefined;

const earliest = (current: number | null, at: number): number =>
  current === null || at < current ? at : current;

/**
 * Enter the stage an event starts (from the procedure table: the stage of the
 * status the event leads to; an event that keeps the status keeps the stage)
 * with its stored due time; stage-local counters restart on a new stage.
 */
const enterStage = (facts: PetitionFacts, type: PetitionEventType, dueAt: string) => {
  const stage = stageAfterEvent(type) ?? facts.stage;
  if (stage === null) return;
  const awaiting: Awaiting = OFFICE_STAGES.includes(stage) ? "office" : "petitioner";
  if (facts.stage !== stage) {
    facts.reminders = 0;
    facts.supervisions = 0;
    facts.maxSupervisionLevel = 0;
  }
  facts.stage = stage;
  facts.stageDueAt = dueAt;
  facts.awaiting = awaiting;
};

/** A routing decision: late if it came after the routing due time in force. */
const decideRouting = (facts: PetitionFacts, at: string) => {
  if (!facts.routingPending) return;
  facts.routingPending = false;
  if (facts.routingDueAt !== null && instantMs(at) > instantMs(facts.routingDueAt)) {
    facts.routingLate = true;
  }
};

/**
 * Whether `time` is after `current`. Same-format times with the same offset
 * (the usual log) compare as strings, sparing a `Date.parse` per event.
 */
const isLater = (time: string, current: string | null): boolean => {
  if (current === null) return true;
  const n = time.length;
  if (
    n === current.length &&
    n > 6 &&
    (time.charCodeAt(n - 6) === 43 || time.charCodeAt(n - 6) === 45) &&
    time.endsWith(current.slice(n - 6))
  ) {
    return time > current;
  }
  return instantMs(time) > instantMs(current);
};

/** Fold one event into the fact table (mutates and returns `state`). */
export const applyReference = (state: ObjectFactsState, event: EventEnvelope): ObjectFactsState => {
  // The default asOf is the last occurredAt of the whole log, whatever the stream.
  if (isLater(event.occurredAt, state.lastOccurredAt)) state.lastOccurredAt = event.occurredAt;
  const petitionId = petitionIdOf(event.streamId);
  if (petitionId === undefined) return state;
  const e = event as PetitionEvent;
  switch (e.type) {
    case "PetitionRegistered": {
      const f = factsOf(state, petitionId);
      const d = e.data;
      f.registered = true;
      f.receivedAt = instantMs(d.receivedAt);
      f.title = d.title;
      f.category = d.category;
      f.topic = d.topic ?? null;
      f.registeredBy = d.registeredBy;
      f.routingDueAt = d.routingDueAt;
      f.firstRoutingDueAt = instantMs(d.routingDueAt);
      f.routingPending = true;
      enterStage(f, e.type, d.routingDueAt);
      break;
    }
    case "RepeatPetitionLinked": {
      factsOf(state, petitionId).isRepeat = true;
      const previous = e.data.previousPetitionId;
      // A link from a stream to itself is not "another petition's" link.
      if (previous !== petitionId) {
        const target = factsOf(state, previous);
        target.firstRepeatLinkAt = earliest(target.firstRepeatLinkAt, instantMs(event.occurredAt));
        target.followers++;
      }
      break;
    }
    case "PetitionMerged": {
      factsOf(state, petitionId).closedBy = "merged";
      const into = e.data.intoPetitionId;
      if (into !== petitionId) factsOf(state, into).followers++;
      break;
    }
    case "PetitionRouted": {
      const f = factsOf(state, petitionId);
      f.routedTo = e.data.toOrg;
      decideRouting(f, event.occurredAt);
      f.acceptanceDueAt = instantMs(e.data.acceptanceDueAt);
      enterStage(f, e.type, e.data.acceptanceDueAt);
      break;
    }
    case "RoutingObjected": {
      // Back to the routing office. The engine stores the new routing due time
      // on the objection; a log without it keeps the one stored before.
      const f = factsOf(state, petitionId);
      const stored = extraDueAt(e.data.routingDueAt);
      if (stored !== undefined) f.routingDueAt = stored;
      // The routing office must decide again, by the due time now in force.
      f.routingPending = true;
      if (f.routingDueAt !== null) enterStage(f, e.type, f.routingDueAt);
      break;
    }
    case "PetitionRedirected": {
      // Telling the petitioner to use another channel is a routing decision too (W22 Art. 22).
      const f = factsOf(state, petitionId);
      f.closedBy = "redirected";
      decideRouting(f, event.occurredAt);
      break;
    }
    case "PetitionAccepted": {
      const f = factsOf(state, petitionId);
      f.firstDecisionAt = earliest(f.firstDecisionAt, instantMs(event.occurredAt));
      f.handlingDueAt = instantMs(e.data.handlingDueAt);
      enterStage(f, e.type, e.data.handlingDueAt);
      break;
    }
    case "PetitionNotAccepted": {
      const f = factsOf(state, petitionId);
      f.firstDecisionAt = earliest(f.firstDecisionAt, instantMs(event.occurredAt));
      f.closedBy = "notAccepted";
      break;
    }
    case "HandlingExtended": {
      const f = factsOf(state, petitionId);
      f.handlingDueAt = instantMs(e.data.handlingDueAt);
      enterStage(f, e.type, e.data.handlingDueAt);
      break;
    }
    case "ReplyIssued": {
      const f = factsOf(state, petitionId);
      if (f.firstReplyAt === null) {
        f.firstReplyAt = instantMs(event.occurredAt);
        f.firstReplyDeliveredAt = instantMs(e.data.deliveredAt);
      }
      // practice (12345): a consultation answered at once is settled, not routed (BJ Art. 11 ¶1).
      decideRouting(f, event.occurredAt);
      // The petitioner's window to ask for a review (W22 Art. 35).
      enterStage(f, e.type, e.data.reviewRequestDueAt);
      break;
    }
    case "SatisfactionEvaluated":
      factsOf(state, petitionId).rating = e.data.rating;
      break;
    case "ReviewRequested": {
      const f = factsOf(state, petitionId);
      f.firstReviewRequestAt = earliest(f.firstReviewRequestAt, instantMs(event.occurredAt));
      enterStage(f, e.type, e.data.reviewDueAt);
      break;
    }
    case "ReviewDecided":
      // The petitioner's window to ask for a re-examination (W22 Art. 36).
      enterStage(factsOf(state, petitionId), e.type, e.data.reexaminationRequestDueAt);
      break;
    case "ReexaminationRequested":
      enterStage(factsOf(state, petitionId), e.type, e.data.reexaminationDueAt);
      break;
    case "ReexaminationDecided":
      // Final (W22 Art. 36 ¶3): nothing is due from anyone but the closing event.
      factsOf(state, petitionId).awaiting = "closure";
      break;
    case "HearingEnded": {
      // Hearing time is not counted (W22 Art. 36 ¶2): the engine stores the
      // re-examination's moved due time here; it is read, never recomputed.
      const f = factsOf(state, petitionId);
      const moved = extraDueAt(e.data.reexaminationDueAt);
      if (moved !== undefined && f.stage === "reexamination") {
        enterStage(f, e.type, moved);
      }
      break;
    }
    case "PetitionConcluded":
      factsOf(state, petitionId).closedBy = "concluded";
      break;
    case "PetitionWithdrawn":
      factsOf(state, petitionId).closedBy = "withdrawn";
      break;
    case "ReminderIssued": {
      const f = factsOf(state, petitionId);
      if (e.data.stage === f.stage) f.reminders++;
      break;
    }
    case "SupervisionIssued": {
      const f = factsOf(state, petitionId);
      if (e.data.stage === f.stage) {
        f.supervisions++;
        f.maxSupervisionLevel = Math.max(f.maxSupervisionLevel, e.data.level);
      }
      break;
    }
    default:
      // Other catalog types (notifications, mediation, recommendations,
      // HearingStarted) and custom types change no fact.
      break;
  }
  return state;
};

/** Fold `events` in order into a fresh object table. */
export const referenceFacts = (events: Iterable<EventEnvelope>): ObjectFactsState => {
  const state: ObjectFactsState = { petitions: new Map(), lastOccurredAt: null };
  for (const event of events) applyReference(state, event);
  return state;
};
