import { type EventData, isCatalogType, type PetitionEventType } from "../events/catalog.js";
import { type EventEnvelope, petitionIdOf } from "../events/envelope.js";
import type { PetitionState } from "./state.js";
import {
  EVENT_EFFECTS,
  type EventEffect,
  isTerminal,
  STATUS_AFTER_EVENT,
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
  const next = isCatalogType(event.type) ? applyCatalogEvent(base, event.type, event) : { ...base };
  next.version = event.version;
  next.position = event.position;
  next.lastOccurredAt = event.occurredAt;
  const { stage, dueAt } = stageOf(next);
  if (stage === undefined) delete next.stage;
  else next.stage = stage;
  if (dueAt === undefined) delete next.dueAt;
  else next.dueAt = dueAt;
  return next;
}

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
