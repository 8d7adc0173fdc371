import type { EventEnvelope } from "../events/envelope.js";

/**
 * A projection is a pure fold of the log (DESIGN §6): the same events in the
 * same order always give the same state, so any projection can be rebuilt
 * from the log and compared with the one kept incrementally.
 */
export interface Projection<TState, TQuery = unknown, TResult = unknown> {
  /** Unique name; the key of its snapshot and checkpoint in a store. */
  readonly name: string;
  /** Bump when `apply` changes meaning: a stored snapshot of another version is rebuilt. */
  readonly version: number;
  init(): TState;
  /** Fold one event. May return a new state or the same (mutated) one; must not throw on unknown types. */
  apply(state: TState, event: EventEnvelope): TState;
  query?(state: TState, query: TQuery): TResult;
}
