import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import type { PersonalDataKeys } from "../privacy/keys.js";

/**
 * The storage contract (docs/storage.md). Every adapter (in-memory, SQLite,
 * PostgreSQL) implements it and passes the same conformance suite
 * (`@petitio/core/conformance`).
 */

/**
 * - a number: the stream must be at exactly this version (0 = must not exist);
 * - `"noStream"`: the stream must not exist;
 * - `"exists"`: the stream must exist, at any version;
 * - `"any"`: no check.
 */
export type ExpectedVersion = number | "noStream" | "exists" | "any";

/** A notification to deliver, written in the same transaction as its events (docs/notifications.md). */
export interface OutboxMessage {
  /** Delivery key, unique in the store: a second row with the same key is ignored. */
  key: string;
  /** Channel name: `webhook`, `email`, `console`, … */
  channel: string;
  payload: Record<string, unknown>;
}

export interface OutboxRow extends OutboxMessage {
  /** Store-assigned id. */
  id: string;
  streamId: string;
  /** Position of the last event of the append that produced it. */
  position: number;
  attempts: number;
  /** Earliest time the row may be claimed (ISO-8601). */
  availableAt: string;
  lastError?: string;
}

/**
 * An outbox row given up on: `deadLetterOutbox` moved it aside, so no claim
 * returns it again until `redriveOutbox` puts it back.
 */
export interface DeadLetter extends OutboxRow {
  /** Why it was given up on (the `error` passed to `deadLetterOutbox`). */
  lastError: string;
  /** Store time (its clock) when it was dead-lettered. */
  deadAt: string;
}

export interface ListDeadLettersOptions {
  /** At most this many, oldest row first (default 100). */
  limit?: number;
}

/** A durable timer: a deadline the engine's `tick()` must act on (docs/policies.md). */
export interface TimerSpec {
  /** Unique id, e.g. `petition-42:handling:reminder`. Setting an existing id replaces it. */
  id: string;
  streamId: string;
  /** ISO-8601 moment the timer is due. */
  fireAt: string;
  kind: string;
  payload?: Record<string, unknown>;
}

export interface TimerChanges {
  set?: readonly TimerSpec[];
  /** Timer ids to delete. */
  cancel?: readonly string[];
  /** Delete every timer of the appended stream before `set` is applied. */
  cancelAllForStream?: boolean;
}

/** Persisted state of a projection at a log position. */
export interface ProjectionSnapshot {
  name: string;
  /** The projection's own version: a change triggers a rebuild. */
  version: number;
  /** Last log position folded into `state`. */
  position: number;
  state: unknown;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /**
   * Unique per store. A key seen before on the same stream makes the append a
   * no-op that returns the first result (`duplicate: true`), whatever the
   * events now are; on another stream it is an `IdempotencyConflictError`.
   */
  idempotencyKey?: string;
  outbox?: readonly OutboxMessage[];
  timers?: TimerChanges;
  /**
   * Inline projections: called inside the append transaction, after positions
   * are assigned. Returned snapshots are saved in the same transaction; a throw
   * rolls the whole append back. Must be synchronous.
   */
  inline?: (events: readonly EventEnvelope[]) => readonly ProjectionSnapshot[] | undefined;
}

export interface AppendResult {
  streamId: string;
  /** The stored events of this append (or of the first append, when `duplicate`). */
  events: EventEnvelope[];
  /** Stream version after the append: pass it as the next `expectedVersion`. */
  nextExpectedVersion: number;
  /** Position of the last event appended. */
  lastPosition: number;
  /** True when the idempotency key had been used: nothing was appended now. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (default 1). */
  fromVersion?: number;
  /** Last version to return (inclusive). */
  toVersion?: number;
}

export interface ReadAllOptions {
  /** Return events with `position` strictly greater than this (default 0: everything). */
  after?: number;
  /** Only events the store had accepted by then: `recordedAt ≤ asOf`. */
  asOf?: string;
  /** Rows fetched per round trip; the iterable never holds more than this. */
  batchSize?: number;
}

export type SubscriptionHandler = (event: EventEnvelope) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Named checkpoint: the subscription starts after the stored position and
   * saves its progress there after each handled event.
   */
  checkpoint?: string;
  /** Start after this position when there is no checkpoint (default 0). */
  after?: number;
  handler: SubscriptionHandler;
  /** Called when the handler throws; the subscription then stops. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Position of the last event handled. */
  readonly position: number;
  /** Resolves once every event up to the store's current head has been handled. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClaimOptions {
  now: string;
  limit: number;
  /** How long a claim lasts before another worker may take the row again. */
  leaseMs: number;
  /**
   * `claimDueTimers` only: claim only timers of these kinds (absent: every
   * kind), so each tick claims just the timers it knows how to fire.
   */
  kinds?: readonly string[];
}

export interface ImportOptions {
  /** Events per transaction (default 1000). */
  batchSize?: number;
  onProgress?: (imported: number) => void;
}

export interface ImportResult {
  imported: number;
  lastPosition: number;
}

/**
 * The contract, split by concern so that a component depends only on what it
 * uses (the engine needs the event log and timers, a notifier the outbox),
 * and the conformance suite checks each part on its own. `EventStore` is all
 * of them: what an adapter implements.
 */

/** The log itself: appends, reads, subscriptions and import. */
export interface EventLog {
  /** Short adapter name for messages: `memory`, `sqlite`, `postgres`. */
  readonly kind: string;

  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /** Current version of a stream, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Events in position order, streamed in batches. */
  readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope>;
  /** Highest position in the store, 0 when empty. */
  headPosition(): Promise<number>;
  subscribe(options: SubscribeOptions): Subscription;

  /**
   * Append envelopes exported from another store, keeping their positions,
   * versions and times. Positions must be above the current head and versions
   * must continue each stream without gaps.
   */
  importEvents(
    events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
    options?: ImportOptions,
  ): Promise<ImportResult>;
}

/**
 * Inline projections registered on the store: every append path (`append`,
 * `importEvents`, the engine) folds its events through them inside the same
 * transaction, so their snapshots never lag the log.
 */
export interface InlineProjectionHost {
  /** Returns the function that unregisters the hook. */
  registerInline(hook: InlineHook): () => void;
}

export interface InlineHook {
  /**
   * Awaited before the first commit after registration (no append commits in
   * the meantime): load snapshots and catch up with the log here.
   */
  start?(): Promise<void>;
  /**
   * Fold the events of one append or import batch, already placed; return
   * the snapshots to save in the same transaction. A throw fails that append
   * only. Must be synchronous.
   */
  apply(events: readonly EventEnvelope[]): readonly ProjectionSnapshot[] | undefined;
  /**
   * Something `apply` folded was not committed (a later check or the commit
   * failed): reload from the store. Awaited before the next commit.
   */
  reset?(): Promise<void>;
}

/** Checkpoints of subscriptions and projection snapshots. */
export interface CheckpointStore {
  readCheckpoint(name: string): Promise<number>;
  writeCheckpoint(name: string, position: number): Promise<void>;
  loadProjection(name: string): Promise<ProjectionSnapshot | undefined>;
  saveProjection(snapshot: ProjectionSnapshot): Promise<void>;
}

/** Notifications written with their events, delivered at least once (docs/notifications.md). */
export interface OutboxStore {
  claimOutbox(options: ClaimOptions): Promise<OutboxRow[]>;
  /** Delivered: the row is never claimed again (its key stays used). */
  ackOutbox(id: string): Promise<void>;
  /** Release a claimed row for a later attempt. */
  failOutbox(id: string, error: string, retryAt: string): Promise<void>;
  /**
   * Give up on a row: it keeps its key (still used) and is never claimed again
   * unless redriven. An unknown, acked or already dead id changes nothing.
   */
  deadLetterOutbox(id: string, error: string): Promise<void>;
  /** Dead-lettered rows, oldest first. */
  listDeadLetters(options?: ListDeadLettersOptions): Promise<DeadLetter[]>;
  /**
   * Put a dead row back: pending again from `availableAt`, attempts reset to 0,
   * its last error kept. A row that is not dead changes nothing.
   */
  redriveOutbox(id: string, availableAt: string): Promise<void>;
}

/** Durable deadline timers, changed with appends (docs/policies.md). */
export interface TimerStore {
  /** Timers due at `now`, leased to the caller. */
  claimDueTimers(options: ClaimOptions): Promise<TimerSpec[]>;
  /** Remove a fired timer. */
  completeTimer(id: string): Promise<void>;
  listTimers(streamId?: string): Promise<TimerSpec[]>;
}

/**
 * The store's key table, as the privacy module's `PersonalDataKeys`
 * (privacy/keys.ts): per-subject keys for personal data, never in events,
 * never exported. Here every method returns a promise.
 */
export interface StorePersonalDataKeys extends PersonalDataKeys {
  getKey(subjectId: string): Promise<Buffer | undefined>;
  /** Store `key` for the subject, or return the key it already has (idempotent). */
  createKey(subjectId: string, key: Buffer): Promise<Buffer>;
  /**
   * Overwrite and delete the key. Afterwards `getKey` is undefined forever and
   * `createKey` for the subject throws `PersonalDataKeyError` (PII_KEY_INVALID).
   */
  destroyKey(subjectId: string): Promise<void>;
}

export interface EventStore
  extends EventLog,
    InlineProjectionHost,
    CheckpointStore,
    OutboxStore,
    TimerStore,
    StorePersonalDataKeys {
  close(): Promise<void>;
}

/** What the engine uses of a store (it neither delivers notices nor holds keys). */
export type EngineStore = EventLog & InlineProjectionHost & CheckpointStore & TimerStore;

/** The clock, injected everywhere: nothing in core reads the system time (docs/policies.md). */
export interface Clock {
  /** Now, as an ISO-8601 string with offset. */
  now(): string;
}
