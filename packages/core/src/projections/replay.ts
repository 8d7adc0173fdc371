import { ValidationError } from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import type { Projection } from "./projection.js";

/**
 * Replay: fold a sequence of events into a fresh projection state. With
 * `asOf`, events whose business time (`occurredAt`) is after it are skipped,
 * which is what "the system showed at that moment" means in LOG-FORMAT.md
 * ("events after it are ignored").
 */
export interface ReplayOptions {
  /** ISO-8601 moment; events with `occurredAt` after it are ignored. */
  asOf?: string;
}

/** Parse an ISO-8601 option, or throw a ValidationError that names it. */
export const parseInstantOption = (value: string, field: string, subject = "options"): number => {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ValidationError(subject, [
      { path: field, message: `must be an ISO-8601 date-time, got ${JSON.stringify(value)}` },
    ]);
  }
  return ms;
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
