import { type EventData, isCatalogType, type PetitionEventType } from "../events/catalog.js";
import { type EventEnvelope, petitionIdOf } from "../events/envelope.js";
import type { PetitionState } from "./state.js";
import {
  EVENT_EFFECTS,
  type EventEffect,
  isTerminal,
  STATUS_AFTER_EVENT,
  stageAfterEvent,
  stageOf,
} from "./transitions.js";

/**
 * Fold one stored event into the petition state. A plain reducer: loading a
 * stream costs one small object copy per event, never a statechart step (the
 * machine decides new commands only). It trusts the log: the legality of an
 * event is `checkEvent`'s job, so `evolve` never throws on a well-formed event,
 * and ignores types it does not know (custom events, notification
 * bookkeeping) except for advancing the version.
 *
 * The status comes from the procedure table (the status the event's command
 * leads to); the other fields from the event's effect in the same file.
 */
export function evolve(state: PetitionState | undefined, event: EventEnvelope): PetitionState {
  const base = state ?? initialState(event);
  let next: PetitionState;
  if (isCatalogType(event.type)) {
    next = applyCatalogEvent(base, event.type, event);
    recordPeriods(base, next, event.type, event);
  } else next = { ...base };
  next.version = event.version;
  next.position = event.position;
  // A delivery record is written when the dispatcher runs, not when anything happened to the petition.
  if (!DELIVERY_RECORDS.has(event.type)) next.lastOccurredAt = event.occurredAt;
  // A field is deleted only when it holds a value (see `drop` in transitions.ts).
  const { stage, dueAt } = stageOf(next);
  if (stage !== undefined) next.stage = stage;
  else if (next.stage !== undefined) delete next.stage;
  if (dueAt !== undefined) next.dueAt = dueAt;
  else if (next.dueAt !== undefined) delete next.dueAt;
  return next;
}

/** Bookkeeping of the dispatcher (notify/delivery-records.ts): no business time of the petition. */
const DELIVERY_RECORDS: ReadonlySet<string> = new Set([
  "NotificationDelivered",
  "NotificationFailed",
]);

/** Fold a whole stream (events in version order). */
export const foldStream = (events: Iterable<EventEnvelope>): PetitionState | undefined => {
  let state: PetitionState | undefined;
  for (const event of events) state = evolve(state, event);
  return state;
};

/** Before `PetitionRegistered` (or for a stream that lacks it, which `checkEvent` reports). */
const initialState = (event: EventEnvelope): PetitionState => ({
  petitionId: petitionIdOf(event.streamId) ?? event.streamId,
  streamId: event.streamId,
  status: "registered",
  version: 0,
  position: 0,
  lastOccurredAt: event.occurredAt,
  channel: "online",
  category: "claim",
  anonymous: false,
  petitionerIds: [],
  receivedAt: event.occurredAt,
  registeredBy: event.actor.org ?? event.actor.id,
  objectedBy: [],
  extensionUsed: false,
  hearingsHeld: [],
  hearingSpans: [],
  periodStarts: {},
  reminders: [],
  supervisions: [],
});

function applyCatalogEvent<K extends PetitionEventType>(
  s: PetitionState,
  type: K,
  event: EventEnvelope,
): PetitionState {
  const handler = EVENT_EFFECTS[type] as EventEffect<K>;
  const next = handler({ ...s }, event.data as EventData<K>, event);
  // A closing record after an exit keeps the exit as the status.
  if (type !== "PetitionConcluded" || !isTerminal(s.status)) {
    const status = STATUS_AFTER_EVENT[type];
    if (status !== undefined) next.status = status;
  }
  return next;
}

/**
 * What counting a period again needs (docs/policies.md): when the handling and
 * re-examination periods started, and the span of every hearing.
 */
function recordPeriods(
  before: PetitionState,
  next: PetitionState,
  type: PetitionEventType,
  event: EventEnvelope,
): void {
  const stage = stageAfterEvent(type);
  if (stage === "handling" || stage === "reexamination") {
    next.periodStarts = { ...before.periodStarts, [stage]: event.occurredAt };
  }
  if (type === "HearingEnded" && before.hearing) {
    const { stage: held, startedAt } = before.hearing;
    next.hearingSpans = [
      ...before.hearingSpans,
      { stage: held, from: startedAt, to: event.occurredAt },
    ];
  }
}
