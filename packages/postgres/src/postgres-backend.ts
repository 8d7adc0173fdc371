import {
  type AppendResult,
  type DeadLetter,
  type EventEnvelope,
  GENESIS_HASH,
  type OutboxRow,
  type ProjectionSnapshot,
  type TimerSpec,
} from "@petitio/core";
import type { AppendFacts, FactsNeeded, PlannedWrite, StoreBackend } from "@petitio/core/adapter";
import type { PoolClient } from "pg";
import type { Connection } from "./connection.js";
import { isLockTimeout, isUniqueViolation, StoreBusyError, StoreConflictError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { columnParams, type EventRow, rowToEnvelope } from "./rows.js";
import type { Statements } from "./sql.js";
import { TimerPlan } from "./timer-plan.js";
import type { Wakeups } from "./wakeups.js";

/** Counters for monitoring (`store.stats()`). */
export interface CommitStats {
  /** Transactions that wrote events (a group-committed batch or an import batch). */
  batches: number;
  /** Appends and import batches written. */
  writes: number;
  largestBatch: number;
  /** Commits that waited longer than `slowLockWarningMs` for the head row. */
  slowHeadLocks: number;
  maxHeadLockWaitMs: number;
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
  fire_ms?: number;
  kind: string;
  payload: string | null;
}

interface IdempotencyRow {
  key: string;
  stream_id: string;
  first_position: number;
  last_position: number;
  next_expected_version: number;
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

const toOutboxRow = (row: OutboxDbRow): OutboxRow => {
  const out: OutboxRow = {
    key: row.key,
    channel: row.channel,
    payload: JSON.parse(row.payload),
    id: String(row.id),
    streamId: row.stream_id,
    position: row.position,
    attempts: row.attempts,
    availableAt: row.available_at,
  };
  if (row.last_error !== null) out.lastError = row.last_error;
  return out;
};

/** An outbox id is the row's bigint id, as a string; anything else matches no row. */
const outboxId = (id: string): string | undefined =>
  /^[1-9][0-9]{0,17}$/.test(id) ? id : undefined;

/**
 * The storage operations of the PostgreSQL store (core's `StoreFront` checks
 * arguments and runs the append pipeline around it). `commit` is where the
 * head row is locked, the facts are read in the same round trip, and the
 * whole plan is written by one statement.
 */
export class PostgresBackend implements StoreBackend {
  readonly kind = "postgres";
  readonly stats: CommitStats = {
    batches: 0,
    writes: 0,
    largestBatch: 0,
    slowHeadLocks: 0,
    maxHeadLockWaitMs: 0,
  };

  constructor(
    private readonly db: Connection,
    private readonly sql: Statements,
    private readonly options: ResolvedOptions,
    private readonly wakeups: Wakeups,
  ) {}

  // ---- appends and imports -------------------------------------------------

  async commit(
    need: FactsNeeded,
    plan: (facts: AppendFacts) => readonly PlannedWrite[],
  ): Promise<void> {
    const { sql, options } = this;
    const begin = `${sql.lockHead(options.lockTimeoutMs)}; ${sql.facts(need.streamIds, need.idempotencyKeys)}`;
    const started = performance.now();
    let wrote = false;
    try {
      await this.db.transaction("append", begin, async (client, begun) => {
        this.noteLockWait(performance.now() - started);
        // [BEGIN, SET, head, stream versions, idempotency rows, their events, head hash]
        const head = (begun[2]!.rows[0] as { position: number }).position;
        const base = new Map(
          (begun[3]!.rows as { stream_id: string; version: number }[]).map((r) => [
            r.stream_id,
            r.version,
          ]),
        );
        const firstResults = idempotentResults(
          begun[4]!.rows as IdempotencyRow[],
          (begun[5]!.rows as EventRow[]).map(rowToEnvelope),
        );
        const headHash = begun[6]!.rows as { hash: string | null }[];
        const facts: AppendFacts = {
          head: () => head,
          lastHash: () => (headHash.length === 0 ? GENESIS_HASH : (headHash[0]!.hash ?? undefined)),
          streamVersion: (id) => {
            const v = base.get(id);
            if (v === undefined)
              throw new Error(`postgres store: facts for stream ${id} were not loaded`);
            return v;
          },
          findIdempotent: (key) => firstResults.get(key),
        };
        const writes = plan(facts);
        if (writes.length === 0) return;
        await this.write(client, writes, head, base);
        wrote = true;
      });
    } catch (error) {
      if (isLockTimeout(error)) {
        this.noteLockWait(performance.now() - started);
        throw new StoreBusyError(options.lockTimeoutMs);
      }
      if (isUniqueViolation(error)) throw new StoreConflictError((error as Error).message);
      throw error;
    }
    if (wrote) this.wakeups.fire();
  }

  /** Every planned write of the transaction in one statement. */
  private async write(
    client: PoolClient,
    writes: readonly PlannedWrite[],
    head: number,
    base: ReadonlyMap<string, number>,
  ): Promise<void> {
    const { sql } = this;
    const events = writes.flatMap((w) => w.events);
    const snapshots = new Map<string, ProjectionSnapshot>();
    const timers = new TimerPlan();
    const outbox: unknown[][] = [[], [], [], [], [], [], []];
    const idempotency: unknown[][] = [[], [], [], [], []];
    const outboxKeys = new Set<string>();
    for (const w of writes) {
      for (const snapshot of w.snapshots) snapshots.set(snapshot.name, snapshot);
      for (const m of w.outbox) {
        if (outboxKeys.has(m.key)) continue;
        outboxKeys.add(m.key);
        const row = [
          m.key,
          m.channel,
          JSON.stringify(m.payload),
          m.streamId,
          m.position,
          m.availableAt,
          Date.parse(m.availableAt),
        ];
        row.forEach((v, i) => {
          outbox[i]!.push(v);
        });
      }
      if (w.timers) timers.add(w.timers.streamId, w.timers);
      if (w.idempotency) {
        const r = w.idempotency;
        const row = [r.key, r.streamId, r.firstPosition, r.lastPosition, r.nextExpectedVersion];
        row.forEach((v, i) => {
          idempotency[i]!.push(v);
        });
      }
    }
    const touched = [...new Set(events.map((e) => e.streamId))];
    const last = events.length === 0 ? head : events[events.length - 1]!.position;
    const upserts = [...timers.upserts.values()];
    const saved = [...snapshots.values()];
    const params = [
      ...columnParams(events),
      touched,
      touched.map((id) => base.get(id) ?? 0),
      last,
      head,
      ...outbox,
      ...idempotency,
      saved.map((s) => s.name),
      saved.map((s) => s.version),
      saved.map((s) => s.position),
      saved.map((s) => JSON.stringify(s.state)),
      [...timers.cancelStreams],
      [...timers.cancelIds],
      upserts.map((t) => t.id),
      upserts.map((t) => t.streamId),
      upserts.map((t) => t.fireAt),
      upserts.map((t) => Date.parse(t.fireAt)),
      upserts.map((t) => t.kind),
      upserts.map((t) => (t.payload === undefined ? null : JSON.stringify(t.payload))),
      sql.channel,
    ];
    // Named: prepared once per connection, not planned again for every batch.
    const done = await client.query<{ inserted: number; head_moved: number }>({
      name: `petitio_${sql.channel}_write`,
      text: sql.appendBatch,
      values: params,
    });
    const row = done.rows[0]!;
    if (row.inserted !== events.length || row.head_moved !== 1) {
      throw new StoreConflictError(
        `the event log changed under the head lock (${row.inserted} of ${events.length} rows written)`,
      );
    }
    this.stats.batches++;
    this.stats.writes += writes.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, writes.length);
  }

  private noteLockWait(ms: number): void {
    this.stats.maxHeadLockWaitMs = Math.max(this.stats.maxHeadLockWaitMs, ms);
    if (ms > this.options.slowLockWarningMs) {
      this.stats.slowHeadLocks++;
      this.options.onWarning(
        `append waited ${Math.round(ms)} ms for the event log's head row: another session holds it (a long commit or a transaction left open)`,
      );
    }
  }

  // ---- reads ------------------------------------------------------------------

  private readonly toEnvelope = (row: EventRow): EventEnvelope => {
    const envelope = rowToEnvelope(row);
    const { registry } = this.options;
    return envelope.schemaVersion < registry.currentVersion(envelope.type)
      ? registry.decode(envelope)
      : envelope;
  };

  async readStream(
    streamId: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<EventEnvelope[]> {
    const rows = await this.db.query<EventRow>("readStream", this.sql.readStream, [
      streamId,
      fromVersion,
      Math.min(toVersion, 2_147_483_647),
    ]);
    return rows.map(this.toEnvelope);
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.db.query<{ version: number }>("streamVersion", this.sql.streamVersion, [
      streamId,
    ]);
    return rows[0]?.version ?? 0;
  }

  async headPosition(): Promise<number> {
    const rows = await this.db.query<{ position: number }>("headPosition", this.sql.head);
    return rows[0]?.position ?? 0;
  }

  /** Keyset page by position: safe for followers, since positions commit in order (the head lock). */
  async readPage(
    after: number,
    asOfMs: number | undefined,
    limit: number,
  ): Promise<EventEnvelope[]> {
    const rows =
      asOfMs === undefined
        ? await this.db.query<EventRow>("readAll", this.sql.readAfter, [after, limit])
        : await this.db.query<EventRow>("readAll", this.sql.readAfterAsOf, [after, limit, asOfMs]);
    return rows.map(this.toEnvelope);
  }

  // ---- checkpoints and snapshots -------------------------------------------

  async readCheckpoint(name: string): Promise<number> {
    const rows = await this.db.query<{ position: number }>(
      "readCheckpoint",
      this.sql.readCheckpoint,
      [name],
    );
    return rows[0]?.position ?? 0;
  }

  async writeCheckpoint(name: string, position: number): Promise<void> {
    await this.db.query("writeCheckpoint", this.sql.writeCheckpoint, [name, position]);
  }

  async loadProjection(name: string): Promise<ProjectionSnapshot | undefined> {
    const rows = await this.db.query<{
      name: string;
      version: number;
      position: number;
      state: string;
    }>("loadProjection", this.sql.loadProjection, [name]);
    const row = rows[0];
    return row && { ...row, state: JSON.parse(row.state) };
  }

  async saveProjection(snapshot: ProjectionSnapshot): Promise<void> {
    await this.db.query("saveProjection", this.sql.saveProjection, [
      snapshot.name,
      snapshot.version,
      snapshot.position,
      JSON.stringify(snapshot.state),
    ]);
  }

  // ---- outbox ----------------------------------------------------------------

  async claimOutbox(nowMs: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    const rows = await this.db.query<OutboxDbRow>("claimOutbox", this.sql.claimOutbox, [
      nowMs,
      limit,
      leaseMs,
    ]);
    return rows.sort((a, b) => a.id - b.id).map(toOutboxRow);
  }

  async ackOutbox(id: string): Promise<void> {
    const key = outboxId(id);
    if (key) await this.db.query("ackOutbox", this.sql.ackOutbox, [key]);
  }

  async failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    const key = outboxId(id);
    if (key)
      await this.db.query("failOutbox", this.sql.failOutbox, [
        key,
        error,
        retryAt,
        Date.parse(retryAt),
      ]);
  }

  async deadLetterOutbox(id: string, error: string, deadAt: string): Promise<void> {
    const key = outboxId(id);
    if (key)
      await this.db.query("deadLetterOutbox", this.sql.deadLetterOutbox, [key, error, deadAt]);
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    const rows = await this.db.query<OutboxDbRow>("listDeadLetters", this.sql.listDeadLetters, [
      limit,
    ]);
    return rows.map((row) => ({
      ...toOutboxRow(row),
      lastError: row.last_error ?? "",
      deadAt: row.dead_at!,
    }));
  }

  async redriveOutbox(id: string, availableAt: string): Promise<void> {
    const key = outboxId(id);
    if (key) {
      await this.db.query("redriveOutbox", this.sql.redriveOutbox, [
        key,
        availableAt,
        Date.parse(availableAt),
      ]);
    }
  }

  // ---- timers ------------------------------------------------------------------

  async claimDueTimers(
    nowMs: number,
    limit: number,
    leaseMs: number,
    kinds?: string[],
  ): Promise<TimerSpec[]> {
    const rows = await this.db.query<TimerDbRow>("claimDueTimers", this.sql.claimTimers, [
      nowMs,
      limit,
      leaseMs,
      kinds ?? null,
    ]);
    return rows
      .sort((a, b) => a.fire_ms! - b.fire_ms! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(toTimer);
  }

  async completeTimer(id: string): Promise<void> {
    await this.db.query("completeTimer", this.sql.completeTimer, [id]);
  }

  async listTimers(streamId: string | undefined): Promise<TimerSpec[]> {
    const rows =
      streamId === undefined
        ? await this.db.query<TimerDbRow>("listTimers", this.sql.listTimers)
        : await this.db.query<TimerDbRow>("listTimers", this.sql.listStreamTimers, [streamId]);
    return rows.map(toTimer);
  }

  // ---- personal-data keys --------------------------------------------------------

  async getKey(subjectId: string): Promise<Buffer | undefined> {
    const rows = await this.db.query<{ key: Buffer }>("getKey", this.sql.getKey, [subjectId]);
    return rows[0]?.key;
  }

  async createKey(subjectId: string, key: Buffer): Promise<Buffer | "destroyed"> {
    const rows = await this.db.query<{ key: Buffer | null }>("createKey", this.sql.createKey, [
      subjectId,
      key,
      this.options.clock.now(),
    ]);
    return rows[0]?.key ?? "destroyed";
  }

  async destroyKey(subjectId: string): Promise<void> {
    await this.db.query("destroyKey", this.sql.destroyKey, [subjectId, this.options.clock.now()]);
    // Dead row versions still hold the old key: vacuum them away (best effort).
    await this.db.query("destroyKey", this.sql.vacuumKeys).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.wakeups.close();
    await this.db.end();
  }
}

/** The stored first result of each used idempotency key, from its row and its events. */
const idempotentResults = (
  rows: readonly IdempotencyRow[],
  events: readonly EventEnvelope[],
): Map<string, AppendResult> => {
  const results = new Map<string, AppendResult>();
  for (const row of rows) {
    results.set(row.key, {
      streamId: row.stream_id,
      events: events.filter(
        (e) =>
          e.streamId === row.stream_id &&
          e.position >= row.first_position &&
          e.position <= row.last_position,
      ),
      nextExpectedVersion: row.next_expected_version,
      lastPosition: row.last_position,
      duplicate: true,
    });
  }
  return results;
};
