import type { EventEnvelope } from "../events/envelope.js";
import type { DeadLetter, OutboxRow, ProjectionSnapshot, TimerSpec } from "./event-store.js";
import type { AppendBackend } from "./group-commit.js";

type MaybePromise<T> = T | Promise<T>;

/**
 * What an adapter implements: storage operations only. `StoreFront` wraps a
 * backend into an `EventStore`: it checks every argument (so a backend only
 * ever sees valid input), runs appends and imports through the shared
 * pipeline, and handles subscriptions and `close`. Times arrive as ISO
 * strings already checked, with their epoch milliseconds where a backend
 * compares them.
 */
export interface StoreBackend extends AppendBackend {
  readonly kind: string;

  readStream(
    streamId: string,
    fromVersion: number,
    toVersion: number,
  ): MaybePromise<EventEnvelope[]>;
  streamVersion(streamId: string): MaybePromise<number>;
  headPosition(): MaybePromise<number>;
  /** Up to `limit` events with `position > after` (and `recordedAt ≤ asOfMs`), in position order. */
  readPage(after: number, asOfMs: number | undefined, limit: number): MaybePromise<EventEnvelope[]>;

  readCheckpoint(name: string): MaybePromise<number>;
  writeCheckpoint(name: string, position: number): MaybePromise<void>;
  loadProjection(name: string): MaybePromise<ProjectionSnapshot | undefined>;
  saveProjection(snapshot: ProjectionSnapshot): MaybePromise<void>;

  claimOutbox(nowMs: number, limit: number, leaseMs: number): MaybePromise<OutboxRow[]>;
  ackOutbox(id: string): MaybePromise<void>;
  failOutbox(id: string, error: string, retryAt: string): MaybePromise<void>;
  deadLetterOutbox(id: string, error: string, deadAt: string): MaybePromise<void>;
  listDeadLetters(limit: number): MaybePromise<DeadLetter[]>;
  redriveOutbox(id: string, availableAt: string): MaybePromise<void>;

  /** Due timers (of `kinds` only, when given), soonest first, leased until `nowMs + leaseMs`. */
  claimDueTimers(
    nowMs: number,
    limit: number,
    leaseMs: number,
    kinds: readonly string[] | undefined,
  ): MaybePromise<TimerSpec[]>;
  completeTimer(id: string): MaybePromise<void>;
  listTimers(streamId: string | undefined): MaybePromise<TimerSpec[]>;

  getKey(subjectId: string): MaybePromise<Buffer | undefined>;
  /** The existing key, the new one, or `"destroyed"`. */
  createKey(subjectId: string, key: Buffer): MaybePromise<Buffer | "destroyed">;
  destroyKey(subjectId: string): MaybePromise<void>;

  /** Wake `wake` on commits made elsewhere (another process); returns the stop function. */
  watchExternal?(wake: () => void): () => void;
  close(): MaybePromise<void>;
}
