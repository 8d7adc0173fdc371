import type { EventEnvelope } from "../events/envelope.js";

/**
 * A projection is a pure fold of the log (docs/metrics.md): the same events in the
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
  /**
   * The state as plain JSON-safe data for `ProjectionSnapshot.state`. Absent:
   * the state itself is stored, so it must already be plain data.
   */
  toSnapshot?(state: TState): unknown;
  /** Inverse of `toSnapshot`: a state from stored snapshot data. */
  fromSnapshot?(data: unknown): TState;
}

/** A projection of any state, for lists of projections of different kinds. */
export type AnyProjection = Projection<unknown, never, unknown>;

/** The snapshot data of a state (`toSnapshot`, or the state itself). */
export const snapshotStateOf = <TState>(projection: Projection<TState>, state: TState): unknown =>
  projection.toSnapshot ? projection.toSnapshot(state) : state;

/** A state from snapshot data (`fromSnapshot`, or the data itself). */
export const stateFromSnapshot = <TState>(projection: Projection<TState>, data: unknown): TState =>
  projection.fromSnapshot ? projection.fromSnapshot(data) : (data as TState);
