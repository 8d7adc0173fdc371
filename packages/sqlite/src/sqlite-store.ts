import type { Writable } from "node:stream";
import {
  type AppendOptions,
  type AppendResult,
  ConcurrencyError,
  type EventEnvelope,
  type EventStore,
  type NewEvent,
  type OutboxRow,
  type ReadAllOptions,
  type ReadStreamOptions,
  readLogFile,
  StoreClosedError,
  type SubscribeOptions,
  type Subscription,
  type TimerSpec,
  ValidationError,
  writeLogFile,
} from "@petitio/core";
import {
  type ClaimOptions,
  checkExpectedVersion,
  checkImportedBatch,
  type ImportOptions,
  type ImportResult,
  importInBatches,
  type ProjectionSnapshot,
  placeEvents,
  startSubscription,
  validateAppend,
  validateCheckpoint,
  validateReadAll,
  validateSnapshot,
  writeLog,
} from "@petitio/core/adapter";
import Database, { type Database as Db } from "better-sqlite3";
import {
  isBusy,
  isUniqueViolation,
  SchemaTooNewError,
  StoreBusyError,
  StoreOpenError,
  sqliteCode,
} from "./errors.js";
import { migrate } from "./migrations/index.js";
import { type ResolvedOptions, resolveOptions, type SqliteStoreOptions } from "./options.js";
import { type EventRow, envelopeToParams, rowToEnvelope } from "./rows.js";
import { prepareStatements, type Statements } from "./statements.js";

interface IdempotencyRow {
  stream_id: string;
  first_position: number;
  last_position: number;
  next_expected_version: number;
}

interface OutboxDbRow {
  id: number;
  key: string;
  channel: string;
  payload: string;
  stream_id: string;
  position: number;
  attempts: number;
  available_at: string;
  last_error: string | null;
}

interface TimerDbRow {
  id: string;
  stream_id: string;
  fire_at: string;
  kind: string;
  payload: string | null;
}

const toTimer = (row: TimerDbRow): TimerSpec => {
  const timer: TimerSpec = {
    id: row.id,
    streamId: row.stream_id,
    fireAt: row.fire_at,
    kind: row.kind,
  };
  if (row.payload !== null) timer.payload = JSON.parse(row.payload);
  return timer;
};

const epochMs = (iso: string, field: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new ValidationError("SQLite store call", [
      { path: field, message: "must be an ISO-8601 date-time" },
    ]);
  }
  return ms;
};

/**
 * The embedded default store (DESIGN §8): one SQLite file in WAL mode holds
 * events, projection snapshots, checkpoints, the outbox and durable timers.
 * An append and everything that goes with it commit in one IMMEDIATE
 * transaction, so another process on the same file waits for the lock (busy
 * timeout) and then sees the new stream version: the loser of a race gets a
 * `ConcurrencyError`, never a driver error.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = "sqlite";
  /** Schema version of the open file (after migrations). */
  readonly schemaVersion: number;
  /** The durability setting in force on this connection, read back from SQLite. */
  readonly synchronous: "FULL" | "NORMAL";
  private readonly db: Db;
  private readonly options: ResolvedOptions;
  private readonly s: Statements;
  private readonly listeners = new Set<() => void>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;
  private closed = false;
  private readonly appendTx: (
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ) => AppendResult;
  private readonly importTx: (batch: readonly EventEnvelope[], offset: number) => void;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    this.options = resolveOptions(path, options);
    this.db = openDatabase(path, this.options);
    try {
      this.schemaVersion = migrate(this.db, path);
      this.s = prepareStatements(this.db);
      const level = this.db.pragma("synchronous", { simple: true });
      this.synchronous = level === 2 ? "FULL" : "NORMAL";
    } catch (error) {
      this.db.close();
      throw this.mapOpenError(error);
    }
    // better-sqlite3 transactions: BEGIN/COMMIT around a synchronous function,
    // ROLLBACK when it throws. `.immediate` takes the write lock up front.
    this.appendTx = this.db.transaction(this.appendInTransaction.bind(this)).immediate;
    this.importTx = this.db.transaction(this.importBatch.bind(this)).immediate;
  }

  // ---- events -------------------------------------------------------------

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    let result: AppendResult;
    try {
      result = this.appendTx(streamId, events, options);
    } catch (error) {
      throw this.mapWriteError(error, streamId, options);
    }
    if (!result.duplicate) this.notify();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    this.assertOpen();
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return (this.s.readStream.all(streamId, from, to) as EventRow[]).map(this.toEnvelope);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return this.currentVersion(streamId);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<EventEnvelope> {
    this.assertOpen();
    validateReadAll(options);
    const batchSize = options.batchSize ?? 500;
    const asOfMs = options.asOf === undefined ? undefined : Date.parse(options.asOf);
    let after = options.after ?? 0;
    // Keyset pagination: each round trip holds at most `batchSize` rows, and
    // no statement stays open across an `await`.
    for (;;) {
      this.assertOpen();
      const rows = (
        asOfMs === undefined
          ? this.s.readAfter.all(after, batchSize)
          : this.s.readAfterAsOf.all(after, asOfMs, batchSize)
      ) as EventRow[];
      for (const row of rows) yield this.toEnvelope(row);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]![0];
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head();
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return startSubscription(this, options, (wake) => {
      this.listeners.add(wake);
      this.startPolling();
      return () => {
        this.listeners.delete(wake);
        if (this.listeners.size === 0) this.stopPolling();
      };
    });
  }

  // ---- checkpoints and projections ----------------------------------------

  async readCheckpoint(name: string): Promise<number> {
    this.assertOpen();
    return (this.s.readCheckpoint.get(name) as number | undefined) ?? 0;
  }

  async writeCheckpoint(name: string, position: number): Promise<void> {
    this.assertOpen();
    validateCheckpoint(name, position);
    this.write(() => this.s.writeCheckpoint.run(name, position));
  }

  async loadProjection(name: string): Promise<ProjectionSnapshot | undefined> {
    this.assertOpen();
    const row = this.s.loadProjection.get(name) as
      | { name: string; version: number; position: number; state: string }
      | undefined;
    return row && { ...row, state: JSON.parse(row.state) };
  }

  async saveProjection(snapshot: ProjectionSnapshot): Promise<void> {
    this.assertOpen();
    validateSnapshot(snapshot);
    this.write(() => this.saveSnapshot(snapshot));
  }

  // ---- outbox ---------------------------------------------------------------

  async claimOutbox({ now, limit, leaseMs }: ClaimOptions): Promise<OutboxRow[]> {
    const nowMs = epochMs(now, "now");
    return this.write(() =>
      this.db
        .transaction(() => {
          const rows = this.s.claimableOutbox.all(nowMs, nowMs, limit) as OutboxDbRow[];
          return rows.map((row) => {
            this.s.leaseOutbox.run(nowMs + leaseMs, row.id);
            const claimed: OutboxRow = {
              key: row.key,
              channel: row.channel,
              payload: JSON.parse(row.payload),
              id: String(row.id),
              streamId: row.stream_id,
              position: row.position,
              attempts: row.attempts + 1,
              availableAt: row.available_at,
            };
            if (row.last_error !== null) claimed.lastError = row.last_error;
            return claimed;
          });
        })
        .immediate(),
    );
  }

  async ackOutbox(id: string): Promise<void> {
    this.write(() => this.s.ackOutbox.run(id));
  }

  async failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    const retryMs = epochMs(retryAt, "retryAt");
    this.write(() => this.s.failOutbox.run(error, retryAt, retryMs, id));
  }

  // ---- timers -------------------------------------------------------------

  async claimDueTimers({ now, limit, leaseMs }: ClaimOptions): Promise<TimerSpec[]> {
    const nowMs = epochMs(now, "now");
    return this.write(() =>
      this.db
        .transaction(() => {
          const rows = this.s.dueTimers.all(nowMs, nowMs, limit) as TimerDbRow[];
          for (const row of rows) this.s.leaseTimer.run(nowMs + leaseMs, row.id);
          return rows.map(toTimer);
        })
        .immediate(),
    );
  }

  async completeTimer(id: string): Promise<void> {
    this.write(() => this.s.completeTimer.run(id));
  }

  async listTimers(streamId?: string): Promise<TimerSpec[]> {
    this.assertOpen();
    const rows = (
      streamId === undefined ? this.s.listTimers.all() : this.s.listStreamTimers.all(streamId)
    ) as TimerDbRow[];
    return rows.map(toTimer);
  }

  // ---- import and export --------------------------------------------------

  async importEvents(
    events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    this.assertOpen();
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValidationError("import options", [
        { path: "batchSize", message: "must be an integer ≥ 1" },
      ]);
    }
    const { registry } = this.options;
    // Each batch is one transaction: a bad event rolls its whole batch back,
    // batches before it stay (and were reported through onProgress).
    const imported = await importInBatches(events, options, {
      decode: (event, line) => registry.decode(event, { line }),
      commit: (batch, before) => this.write(() => this.importTx(batch, before)),
      committed: () => this.notify(),
    });
    return { imported, lastPosition: this.head() };
  }

  /** Import a LOG-FORMAT.md JSONL file, streaming. */
  async importFromFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.importEvents(readLogFile(path, { registry: this.options.registry }), options);
  }

  /** Write the whole log as canonical JSONL to `out`, streaming. Returns the event count. */
  async export(out: Writable): Promise<number> {
    return writeLog(this.readAll({ batchSize: 1000 }), out);
  }

  /** Write the whole log to a JSONL file, replacing it. Returns the event count. */
  async exportToFile(path: string): Promise<number> {
    return writeLogFile(path, this.readAll({ batchSize: 1000 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopPolling();
    for (const wake of this.listeners) wake();
    this.listeners.clear();
    this.db.close();
  }

  // ---- inside transactions -------------------------------------------------

  private appendInTransaction(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): AppendResult {
    const { s } = this;
    const { registry } = this.options;
    if (options.idempotencyKey !== undefined) {
      const first = s.findIdempotency.get(options.idempotencyKey) as IdempotencyRow | undefined;
      if (first) {
        const stored = s.readPositions.all(
          first.first_position,
          first.last_position,
          first.stream_id,
        ) as EventRow[];
        return {
          streamId: first.stream_id,
          events: stored.map(this.toEnvelope),
          nextExpectedVersion: first.next_expected_version,
          lastPosition: first.last_position,
          duplicate: true,
        };
      }
    }
    validateAppend(streamId, events, options.expectedVersion, registry);
    const current = this.currentVersion(streamId);
    checkExpectedVersion(streamId, options.expectedVersion, current);
    const placed = placeEvents(
      streamId,
      events,
      current,
      this.head(),
      this.options.clock.now(),
      registry,
    );
    for (const envelope of placed) s.insertEvent.run(envelopeToParams(envelope));
    const first = placed[0]!;
    const last = placed[placed.length - 1]!;

    for (const snapshot of options.inline?.([...placed]) ?? []) {
      validateSnapshot(snapshot, "inline projection snapshot");
      this.saveSnapshot(snapshot);
    }
    if (options.outbox !== undefined && options.outbox.length > 0) {
      const availableMs = Date.parse(first.recordedAt);
      for (const message of options.outbox) {
        s.insertOutbox.run(
          message.key,
          message.channel,
          JSON.stringify(message.payload),
          streamId,
          last.position,
          first.recordedAt,
          availableMs,
        );
      }
    }
    if (options.timers !== undefined) this.applyTimers(streamId, options.timers);
    if (options.idempotencyKey !== undefined) {
      s.insertIdempotency.run(
        options.idempotencyKey,
        streamId,
        first.position,
        last.position,
        last.version,
      );
    }
    return {
      streamId,
      events: placed,
      nextExpectedVersion: last.version,
      lastPosition: last.position,
      duplicate: false,
    };
  }

  private applyTimers(streamId: string, changes: NonNullable<AppendOptions["timers"]>): void {
    const { s } = this;
    if (changes.cancelAllForStream) s.cancelStreamTimers.run(streamId);
    for (const id of changes.cancel ?? []) s.cancelTimer.run(id);
    for (const timer of changes.set ?? []) {
      s.setTimer.run(
        timer.id,
        timer.streamId,
        timer.fireAt,
        epochMs(timer.fireAt, `timers.set.${timer.id}.fireAt`),
        timer.kind,
        timer.payload === undefined ? null : JSON.stringify(timer.payload),
      );
    }
  }

  private importBatch(batch: readonly EventEnvelope[], offset: number): void {
    checkImportedBatch(
      batch,
      offset,
      this.head(),
      (streamId) => this.currentVersion(streamId),
      (event) => this.s.insertEvent.run(envelopeToParams(event)),
    );
  }

  private saveSnapshot(snapshot: ProjectionSnapshot): void {
    this.s.saveProjection.run(
      snapshot.name,
      snapshot.version,
      snapshot.position,
      JSON.stringify(snapshot.state),
    );
  }

  // ---- helpers --------------------------------------------------------------

  /** Rows are upcast only when stored at an older schema version than the registry's. */
  private readonly toEnvelope = (row: EventRow): EventEnvelope => {
    const envelope = rowToEnvelope(row);
    const { registry } = this.options;
    return envelope.schemaVersion < registry.currentVersion(envelope.type)
      ? registry.decode(envelope)
      : envelope;
  };

  private head(): number {
    return (this.s.head.get() as number | null) ?? 0;
  }

  private currentVersion(streamId: string): number {
    return (this.s.streamVersion.get(streamId) as number | null) ?? 0;
  }

  /** Run a write outside `append`, mapping lock time-outs to `StoreBusyError`. */
  private write<T>(run: () => T): T {
    this.assertOpen();
    try {
      return run();
    } catch (error) {
      if (isBusy(error)) throw new StoreBusyError(this.path, this.options.busyTimeoutMs);
      throw error;
    }
  }

  private mapWriteError(error: unknown, streamId: string, options: AppendOptions): unknown {
    if (isBusy(error)) return new StoreBusyError(this.path, this.options.busyTimeoutMs);
    if (isUniqueViolation(error)) {
      // Only reachable if another writer slipped in between the version check
      // and the insert; report it as the version conflict it is.
      return new ConcurrencyError(streamId, options.expectedVersion, this.currentVersion(streamId));
    }
    return error;
  }

  private mapOpenError(error: unknown): unknown {
    if (error instanceof SchemaTooNewError) return error;
    if (isBusy(error)) return new StoreBusyError(this.path, this.options.busyTimeoutMs);
    if (sqliteCode(error) !== undefined) {
      return new StoreOpenError(this.path, (error as Error).message);
    }
    return error;
  }

  private notify(): void {
    for (const wake of this.listeners) wake();
  }

  /** Commits by other processes are seen through `PRAGMA data_version`, polled while anyone subscribes. */
  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    this.lastDataVersion = this.s.dataVersion.get() as number;
    this.pollTimer = setInterval(() => {
      if (this.closed) return;
      const version = this.s.dataVersion.get() as number;
      if (version === this.lastDataVersion) return;
      this.lastDataVersion = version;
      this.notify();
    }, this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.kind);
  }
}

const openDatabase = (path: string, options: ResolvedOptions): Db => {
  let db: Db;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs });
  } catch (error) {
    throw new StoreOpenError(path, (error as Error).message);
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous}`);
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new StoreBusyError(path, options.busyTimeoutMs);
    throw new StoreOpenError(path, (error as Error).message);
  }
};

/**
 * Open (or create) a store in one SQLite file. A path is all it needs: the
 * schema is created or migrated on open.
 */
export const openSqliteStore = (path: string, options?: SqliteStoreOptions): SqliteEventStore =>
  new SqliteEventStore(path, options);
