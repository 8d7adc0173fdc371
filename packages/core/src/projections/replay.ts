import { ValidationError } from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import { parseInstant } from "../time/zone.js";
import type { Projection } from "./projection.js";

/**
 * Replay: fold a sequence of events into a fresh projection state. With
 * `asOf`, events whose business time (`occurredAt`) is after it are skipped,
 * which is what "the system showed at that moment" means in docs/log-format.md
 * ("events after it are ignored").
 */
export interface ReplayOptions {
  /** ISO-8601 moment with an offset; events with `occurredAt` after it are ignored. */
  asOf?: string;
}

/**
 * Parse an instant option with core's one date-time check (ISO-8601 with an
 * offset: a bare date or local time would depend on the host's zone), or throw
 * a ValidationError about `subject` that names `field`.
 */
export const parseInstantOption = (value: string, field: string, subject = "options"): number => {
  try {
    return parseInstant(value, field);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(subject, error.issues);
    throw error;
  }
};

/** Fold `events` (in log order) into `projection.init()`, skipping events after `asOf`. */
export const replay = async <TState>(
  projection: Projection<TState>,
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: ReplayOptions = {},
): Promise<TState> => {
  const asOf = options.asOf === undefined ? undefined : parseInstantOption(options.asOf, "asOf");
  let state = projection.init();
  for await (const event of events) {
    if (asOf !== undefined && Date.parse(event.occurredAt) > asOf) continue;
    state = projection.apply(state, event);
  }
  return state;
};

/** `replay` for an in-memory array, synchronously. */
export const replaySync = <TState>(
  projection: Projection<TState>,
  events: Iterable<EventEnvelope>,
  options: ReplayOptions = {},
): TState => {
  const asOf = options.asOf === undefined ? undefined : parseInstantOption(options.asOf, "asOf");
  let state = projection.init();
  for (const event of events) {
    if (asOf !== undefined && Date.parse(event.occurredAt) > asOf) continue;
    state = projection.apply(state, event);
  }
  return state;
};
