import {
  type AppendFacts,
  type AppendResult,
  type DeadLetter,
  type EventEnvelope,
  type EventRegistry,
  type FactsNeeded,
  GENESIS_HASH,
  type OutboxRow,
  type PlannedWrite,
  type ProjectionSnapshot,
  type StoreBackend,
  type TimerSpec,
} from "@petitio/core";
import type { Database as Db, Transaction } from "better-sqlite3";
import { isBusy, StoreBusyError, StoreReadOnlyError } from "./errors.js";
import { type EventRow, envelopeToParams, rowToEnvelope } from "./rows.js";
import { prepareStatements, type Statements } from "./statements.js";
import { withWriteLock } from "./write-lock.js";

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
  dead_at?: string | null;
}

interface TimerDbRow {
  id: string;
  stream_id: string;
  fire_at: string;
  kind: string;
  payload: string | null;
}

const toOutboxRow = (row: OutboxDbRow, attempts: number): OutboxRow => {
  const visible: OutboxRow = {
    key: row.key,
    channel: row.channel,
    payload: JSON.parse(row.payload),
    id: String(row.id),
    streamId: row.stream_id,
    position: row.position,
    attempts,
    availableAt: row.available_at,
  };
  if (row.last_error !== null) visible.lastError = row.last_error;
  return visible;
};

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

export interface SqliteBackendOptions {
  path: string;
  registry: EventRegistry;
  busyTimeoutMs: number;
  pollIntervalMs: number;
  readOnly: boolean;
  /** Store time, for personal-data key rows. */
  now: () => string;
}

/**
 * SQLite storage operations for `StoreFront`. Every argument arrives checked.
 * Each write is one IMMEDIATE transaction (or one statement) run through
 * `withWriteLock`, so losing the lock to another process means a jittered
 * retry, then `StoreBusyError`; it never leaks SQLITE_BUSY.
 */
export class SqliteBackend implements StoreBackend {
  readonly kind = "sqlite";
  private readonly s: Statements;
  private readonly watchers = new Set<() => void>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;

  private readonly facts: AppendFacts = {
    head: () => this.head(),
    streamVersion: (streamId) => this.currentVersion(streamId),
    findIdempotent: (key) => this.findIdempotent(key),
    lastHash: () => {
      const hash = this.s.headHash.get() as string | null | undefined;
      return hash === undefined ? GENESIS_HASH : (hash ?? undefined);
    },
  };

  constructor(
    private readonly db: Db,
    private readonly options: SqliteBackendOptions,
  ) {
    this.s = prepareStatements(db);
    this.commitTx = db.transaction((plan: () => readonly PlannedWrite[]) => {
      for (const write of plan()) this.write(write);
    });
  }

  // ---- the append pipeline's one entry point --------------------------------

  async commit(
    _need: FactsNeeded,
    plan: (facts: AppendFacts) => readonly PlannedWrite[],
  ): Promise<void> {
    this.assertWritable("append");
    let planned = false;
    await this.locked(() => {
      try {
        this.commitTx.immediate(() => {
          planned = true;
          return plan(this.facts);
        });
      } catch (error) {
        // Busy after planning (at COMMIT): do not plan twice, fail this commit.
        if (planned && isBusy(error)) {
          throw new StoreBusyError(this.options.path, this.options.busyTimeoutMs);
        }
        throw error;
      }
    });
  }

  /** Made once: better-sqlite3 prepares BEGIN/COMMIT for each `transaction()` it builds. */
  private readonly commitTx: Transaction<(plan: () => readonly PlannedWrite[]) => void>;

  private write(write: PlannedWrite): void {
    const { s } = this;
    for (const envelope of write.events) s.insertEvent.run(envelopeToParams(envelope));
    for (const snapshot of write.snapshots) this.saveSnapshot(snapshot);
    for (const row of write.outbox) {
      s.insertOutbox.run(
        row.key,
        row.channel,
        JSON.stringify(row.payload),
        row.streamId,
        row.position,
        row.availableAt,
        Date.parse(row.availableAt),
      );
    }
    const timers = write.timers;
    if (timers) {
      if (timers.cancelAllForStream) s.cancelStreamTimers.run(timers.streamId);
      for (const id of timers.cancel ?? []) s.cancelTimer.run(id);
      for (const timer of timers.set ?? []) {
        s.setTimer.run(
          timer.id,
          timer.streamId,
          timer.fireAt,
          Date.parse(timer.fireAt),
          timer.kind,
          timer.payload === undefined ? null : JSON.stringify(timer.payload),
        );
      }
    }
    const key = write.idempotency;
    if (key) {
      s.insertIdempotency.run(
        key.key,
        key.streamId,
        key.firstPosition,
        key.lastPosition,
        key.nextExpectedVersion,
      );
    }
  }

  private findIdempotent(key: string): AppendResult | undefined {
    const first = this.s.findIdempotency.get(key) as IdempotencyRow | undefined;
    if (!first) return undefined;
    const stored = this.s.readPositions.all(
      first.first_position,
      first.last_position,
      first.stream_id,
    ) as EventRow[];
    return {
      streamId: first.stream_id,
      events: stored.map(this.toEnvelope),
      nextExpectedVersion: first.next_expected_version,
      lastPosition: first.last_position,
      duplicate: false,
    };
  }

  // ---- reads ------------------------------------------------------------------

  readStream(streamId: string, fromVersion: number, toVersion: number): EventEnvelope[] {
    return (this.s.readStream.all(streamId, fromVersion, toVersion) as EventRow[]).map(
      this.toEnvelope,
    );
  }

  streamVersion(streamId: string): number {
    return this.currentVersion(streamId);
  }

  headPosition(): number {
    return this.head();
  }

  readPage(after: number, asOfMs: number | undefined, limit: number): EventEnvelope[] {
    const rows = (
      asOfMs === undefined
        ? this.s.readAfter.all(after, limit)
        : this.s.readAfterAsOf.all(after, asOfMs, limit)
    ) as EventRow[];
    return rows.map(this.toEnvelope);
  }

  // ---- checkpoints and projections ----------------------------------------

  readCheckpoint(name: string): number {
    return (this.s.readCheckpoint.get(name) as number | undefined) ?? 0;
  }

  writeCheckpoint(name: string, position: number): Promise<void> {
    return this.writeOne("writeCheckpoint", () => {
      this.s.writeCheckpoint.run(name, position);
    });
  }

  loadProjection(name: string): ProjectionSnapshot | undefined {
    const row = this.s.loadProjection.get(name) as
      | { name: string; version: number; position: number; state: string }
      | undefined;
    return row && { ...row, state: JSON.parse(row.state) };
  }

  saveProjection(snapshot: ProjectionSnapshot): Promise<void> {
    return this.writeOne("saveProjection", () => this.saveSnapshot(snapshot));
  }

  // ---- outbox ---------------------------------------------------------------

  claimOutbox(nowMs: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    const claim = this.db.transaction(() => {
      const rows = this.s.claimableOutbox.all(nowMs, nowMs, limit) as OutboxDbRow[];
      return rows.map((row) => {
        this.s.leaseOutbox.run(nowMs + leaseMs, row.id);
        return toOutboxRow(row, row.attempts + 1);
      });
    });
    return this.writeOne("claimOutbox", () => claim.immediate());
  }

  ackOutbox(id: string): Promise<void> {
    return this.writeOne("ackOutbox", () => {
      this.s.ackOutbox.run(id);
    });
  }

  failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    return this.writeOne("failOutbox", () => {
      this.s.failOutbox.run(error, retryAt, Date.parse(retryAt), id);
    });
  }

  deadLetterOutbox(id: string, error: string, deadAt: string): Promise<void> {
    return this.writeOne("deadLetterOutbox", () => {
      this.s.deadLetterOutbox.run(error, deadAt, id);
    });
  }

  listDeadLetters(limit: number): DeadLetter[] {
    return (this.s.listDeadLetters.all(limit) as OutboxDbRow[]).map((row) => ({
      ...toOutboxRow(row, row.attempts),
      lastError: row.last_error ?? "",
      deadAt: row.dead_at ?? "",
    }));
  }

  redriveOutbox(id: string, availableAt: string): Promise<void> {
    return this.writeOne("redriveOutbox", () => {
      this.s.redriveOutbox.run(availableAt, Date.parse(availableAt), id);
    });
  }

  // ---- timers -------------------------------------------------------------

  claimDueTimers(
    nowMs: number,
    limit: number,
    leaseMs: number,
    kinds: readonly string[] | undefined,
  ): Promise<TimerSpec[]> {
    const kindList = kinds === undefined ? null : JSON.stringify(kinds);
    const claim = this.db.transaction(() => {
      const rows = this.s.dueTimers.all(nowMs, nowMs, kindList, kindList, limit) as TimerDbRow[];
      for (const row of rows) this.s.leaseTimer.run(nowMs + leaseMs, row.id);
      return rows.map(toTimer);
    });
    return this.writeOne("claimDueTimers", () => claim.immediate());
  }

  completeTimer(id: string): Promise<void> {
    return this.writeOne("completeTimer", () => {
      this.s.completeTimer.run(id);
    });
  }

  listTimers(streamId: string | undefined): TimerSpec[] {
    const rows = (
      streamId === undefined ? this.s.listTimers.all() : this.s.listStreamTimers.all(streamId)
    ) as TimerDbRow[];
    return rows.map(toTimer);
  }

  // ---- personal-data keys -------------------------------------------------

  getKey(subjectId: string): Buffer | undefined {
    return (this.s.getKey.get(subjectId) as Buffer | undefined) ?? undefined;
  }

  createKey(subjectId: string, key: Buffer): Promise<Buffer | "destroyed"> {
    const create = this.db.transaction(() => {
      this.s.insertKey.run(subjectId, key, this.options.now());
      const row = this.s.keyRow.get(subjectId) as { key: Buffer | null };
      return row.key ?? ("destroyed" as const);
    });
    return this.writeOne("createKey", () => create.immediate());
  }

  async destroyKey(subjectId: string): Promise<void> {
    const destroy = this.db.transaction(() => {
      // Overwrite first, so the old bytes do not survive in a freed page.
      this.s.overwriteKey.run(subjectId);
      const now = this.options.now();
      this.s.tombstoneKey.run(subjectId, now, now);
    });
    await this.writeOne("destroyKey", () => destroy.immediate());
    // Copy the overwrite into the main file and empty the WAL, where the old
    // page may still be; best effort (a reader may hold the WAL open).
    try {
      this.db.pragma("wal_checkpoint(TRUNCATE)");
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
  }

  // ---- commits by other processes -------------------------------------------

  /** Seen through `PRAGMA data_version`, polled while anyone subscribes. */
  watchExternal(wake: () => void): () => void {
    this.watchers.add(wake);
    if (this.pollTimer === undefined) {
      this.lastDataVersion = this.s.dataVersion.get() as number;
      this.pollTimer = setInterval(() => {
        const version = this.s.dataVersion.get() as number;
        if (version === this.lastDataVersion) return;
        this.lastDataVersion = version;
        for (const watcher of this.watchers) watcher();
      }, this.options.pollIntervalMs);
      this.pollTimer.unref();
    }
    return () => {
      this.watchers.delete(wake);
      if (this.watchers.size === 0) this.stopPolling();
    };
  }

  close(): void {
    this.stopPolling();
    this.watchers.clear();
    this.db.close();
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

  private saveSnapshot(snapshot: ProjectionSnapshot): void {
    this.s.saveProjection.run(
      snapshot.name,
      snapshot.version,
      snapshot.position,
      JSON.stringify(snapshot.state),
    );
  }

  private locked<T>(write: () => T): Promise<T> {
    return withWriteLock(this.options.path, this.options.busyTimeoutMs, write);
  }

  private async writeOne<T>(method: string, write: () => T): Promise<Awaited<T>> {
    this.assertWritable(method);
    return (await this.locked(write)) as Awaited<T>;
  }

  private assertWritable(method: string): void {
    if (this.options.readOnly) throw new StoreReadOnlyError(this.options.path, method);
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
