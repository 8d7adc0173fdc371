import type { Writable } from "node:stream";
import {
  type AppendOptions,
  type AppendResult,
  ArgumentCheck,
  type ClaimOptions,
  checkImportedBatch,
  type EventEnvelope,
  type EventStore,
  type ImportOptions,
  type ImportResult,
  type NewEvent,
  type OutboxRow,
  type ProjectionSnapshot,
  type ReadAllOptions,
  type ReadStreamOptions,
  readLogFile,
  StoreClosedError,
  type SubscribeOptions,
  type Subscription,
  type TimerSpec,
  ValidationError,
  validateAppend,
  validateCheckpoint,
  validateReadAll,
  validateSnapshot,
  writeLog,
  writeLogFile,
} from "@petitio/core";
import { AppendWriter, type WriterStats } from "./append-writer.js";
import { Connection } from "./connection.js";
import { isLockTimeout, StoreBusyError } from "./errors.js";
import { startLeasedSubscription } from "./leased-subscription.js";
import { type PostgresStoreOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { columnParams, type EventRow, rowToEnvelope, toColumns } from "./rows.js";
import { migrate } from "./schema.js";
import { type Statements, statements } from "./sql.js";
import { Wakeups } from "./wakeups.js";

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

const epochMs = (method: string, iso: unknown, field: string): number => {
  const ms = typeof iso === "string" ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ValidationError(method, [{ path: field, message: "must be an ISO-8601 date-time" }]);
  }
  return ms;
};

const validateClaim = (method: string, options: ClaimOptions): number => {
  const now = epochMs(method, options?.now, "now");
  const issues = [];
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    issues.push({ path: "limit", message: "must be an integer ≥ 1" });
  }
  if (!Number.isInteger(options.leaseMs) || options.leaseMs < 0) {
    issues.push({ path: "leaseMs", message: "must be an integer ≥ 0" });
  }
  if (issues.length > 0) throw new ValidationError(method, issues);
  return now;
};

/** An outbox id is the row's bigint id, as a string; anything else matches no row. */
const outboxId = (id: string): string | undefined =>
  /^[1-9][0-9]{0,17}$/.test(id) ? id : undefined;

export interface PostgresStoreStats extends WriterStats {
  /** Connection failures met and retried. */
  reconnects: number;
  listenerReconnects: number;
}

/**
 * The store for many engine processes on one PostgreSQL database (DESIGN §8).
 *
 * - Every append locks the single `head` row until COMMIT: positions are
 *   assigned, and transactions commit, in one order, so a reader that sees
 *   position N has seen every position below it and subscribers never skip a
 *   late commit (docs/storage.md, "PostgreSQL").
 * - Appends are group-committed: concurrent calls share one transaction and
 *   one statement (`AppendWriter`).
 * - Timers and outbox rows are claimed with `FOR UPDATE SKIP LOCKED`.
 * - Subscribers wake on LISTEN/NOTIFY, with polling as the fallback; a named
 *   subscription runs in one process at a time, under a lease.
 * - Connection loss: reads are retried with backoff; a write in flight fails
 *   with `StoreUnavailableError` (retryable).
 */
export class PostgresEventStore implements EventStore {
  readonly kind = "postgres";
  readonly schema: string;
  private readonly options: ResolvedOptions;
  private readonly db: Connection;
  private readonly sql: Statements;
  private readonly writer: AppendWriter;
  private readonly wakeups: Wakeups;
  private closed = false;
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

  private constructor(options: ResolvedOptions) {
    this.options = options;
    this.schema = options.schema;
    this.db = new Connection(options);
    this.sql = statements(options.schema);
    this.writer = new AppendWriter(this.db, this.sql, options);
    this.wakeups = new Wakeups(options, this.db, this.sql.channel, this.sql.head);
  }

  /** Connect, create or migrate the schema, and return the open store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(resolveOptions(options));
    try {
      const client = await store.db.connect("open");
      try {
        await migrate(client, store.schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await store.db.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  // ---- events -------------------------------------------------------------

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    let invalid: unknown;
    try {
      validateAppend(streamId, events, options?.expectedVersion, this.options.registry);
    } catch (error) {
      // A used idempotency key still returns the first result, as in every store.
      if (options?.idempotencyKey === undefined) throw error;
      invalid = error;
    }
    const result = await this.writer.submit(streamId, events, options, invalid);
    if (!result.duplicate) this.wakeups.fire();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    this.assertOpen();
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(options.toVersion ?? 2_147_483_647, 2_147_483_647);
    const rows = await this.db.query<EventRow>("readStream", this.sql.readStream, [
      streamId,
      from,
      to,
    ]);
    return rows.map(this.toEnvelope);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    const rows = await this.db.query<{ version: number }>("streamVersion", this.sql.streamVersion, [
      streamId,
    ]);
    return rows[0]?.version ?? 0;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<EventEnvelope> {
    this.assertOpen();
    validateReadAll(options);
    const batchSize = options.batchSize ?? 500;
    const asOfMs = options.asOf === undefined ? undefined : Date.parse(options.asOf);
    let after = options.after ?? 0;
    // Keyset pagination by position. Safe for followers because positions
    // commit in order (the head lock): no lower position can appear later.
    for (;;) {
      this.assertOpen();
      const rows =
        asOfMs === undefined
          ? await this.db.query<EventRow>("readAll", this.sql.readAfter, [after, batchSize])
          : await this.db.query<EventRow>("readAll", this.sql.readAfterAsOf, [
              after,
              batchSize,
              asOfMs,
            ]);
      for (const row of rows) yield this.toEnvelope(row);
      if (rows.length < batchSize) return;
      after = Number(rows[rows.length - 1]!.position);
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const rows = await this.db.query<{ position: number }>("headPosition", this.sql.head);
    return rows[0]?.position ?? 0;
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return startLeasedSubscription({
      store: this,
      options,
      onAppend: (wake) => this.wakeups.add(wake),
      owner: this.owner,
      leaseMs: this.options.subscriptionLeaseMs,
      acquire: async (name) =>
        (
          await this.db.query<{ owner: string }>("subscription lease", this.sql.acquireLease, [
            name,
            this.owner,
            this.options.subscriptionLeaseMs,
          ])
        ).length === 1,
      release: async (name) => {
        await this.db.query("subscription lease", this.sql.releaseLease, [name, this.owner]);
      },
      writeCheckpoint: async (name, position, atLeast) =>
        (
          await this.db.query(
            "writeCheckpoint",
            atLeast ? this.sql.advanceLeasedCheckpoint : this.sql.writeLeasedCheckpoint,
            [name, position, this.owner],
          )
        ).length === 1,
    });
  }

  // ---- checkpoints and projections ----------------------------------------

  async readCheckpoint(name: string): Promise<number> {
    this.assertOpen();
    const rows = await this.db.query<{ position: number }>(
      "readCheckpoint",
      this.sql.readCheckpoint,
      [name],
    );
    return rows[0]?.position ?? 0;
  }

  async writeCheckpoint(name: string, position: number): Promise<void> {
    this.assertOpen();
    validateCheckpoint(name, position);
    await this.db.query("writeCheckpoint", this.sql.writeCheckpoint, [name, position]);
  }

  async loadProjection(name: string): Promise<ProjectionSnapshot | undefined> {
    this.assertOpen();
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
    this.assertOpen();
    validateSnapshot(snapshot);
    await this.db.query("saveProjection", this.sql.saveProjection, [
      snapshot.name,
      snapshot.version,
      snapshot.position,
      JSON.stringify(snapshot.state),
    ]);
  }

  // ---- outbox ---------------------------------------------------------------

  async claimOutbox(options: ClaimOptions): Promise<OutboxRow[]> {
    this.assertOpen();
    const now = validateClaim("claimOutbox", options);
    const rows = await this.db.query<OutboxDbRow>("claimOutbox", this.sql.claimOutbox, [
      now,
      options.limit,
      options.leaseMs,
    ]);
    return rows.sort((a, b) => a.id - b.id).map(toOutboxRow);
  }

  async ackOutbox(id: string): Promise<void> {
    this.assertOpen();
    const key = outboxId(id);
    if (key) await this.db.query("ackOutbox", this.sql.ackOutbox, [key]);
  }

  async failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    this.assertOpen();
    const retryMs = epochMs("failOutbox", retryAt, "retryAt");
    const key = outboxId(id);
    if (key) {
      await this.db.query("failOutbox", this.sql.failOutbox, [key, error, retryAt, retryMs]);
    }
  }

  /** Give up on a row: it is never claimed again unless redriven. */
  async deadLetterOutbox(id: string, error: string): Promise<void> {
    this.assertOpen();
    new ArgumentCheck("deadLetterOutbox").id("id", id).text("error", error).done();
    const key = outboxId(id);
    if (key) {
      await this.db.query("deadLetterOutbox", this.sql.deadLetterOutbox, [
        key,
        error,
        this.options.clock.now(),
      ]);
    }
  }

  async listDeadLetters(
    options: { limit?: number } = {},
  ): Promise<(OutboxRow & { lastError: string; deadAt: string })[]> {
    this.assertOpen();
    const limit = options.limit ?? 100;
    new ArgumentCheck("listDeadLetters").int("limit", limit, 1, 10_000).done();
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
    this.assertOpen();
    new ArgumentCheck("redriveOutbox").id("id", id).time("availableAt", availableAt).done();
    const ms = epochMs("redriveOutbox", availableAt, "availableAt");
    const key = outboxId(id);
    if (key) await this.db.query("redriveOutbox", this.sql.redriveOutbox, [key, availableAt, ms]);
  }

  // ---- timers -------------------------------------------------------------

  async claimDueTimers(options: ClaimOptions): Promise<TimerSpec[]> {
    this.assertOpen();
    const now = validateClaim("claimDueTimers", options);
    const rows = await this.db.query<TimerDbRow>("claimDueTimers", this.sql.claimTimers, [
      now,
      options.limit,
      options.leaseMs,
    ]);
    return rows
      .sort((a, b) => a.fire_ms! - b.fire_ms! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(toTimer);
  }

  async completeTimer(id: string): Promise<void> {
    this.assertOpen();
    await this.db.query("completeTimer", this.sql.completeTimer, [id]);
  }

  async listTimers(streamId?: string): Promise<TimerSpec[]> {
    this.assertOpen();
    const rows =
      streamId === undefined
        ? await this.db.query<TimerDbRow>("listTimers", this.sql.listTimers)
        : await this.db.query<TimerDbRow>("listTimers", this.sql.listStreamTimers, [streamId]);
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
    let imported = 0;
    let batch: EventEnvelope[] = [];
    const flush = async () => {
      await this.importBatch(batch, imported);
      imported += batch.length;
      batch = [];
      this.wakeups.fire();
      options.onProgress?.(imported);
    };
    for await (const event of events) {
      batch.push(registry.decode(event, { line: imported + batch.length + 1 }));
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return { imported, lastPosition: await this.headPosition() };
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

  // ---- operations -----------------------------------------------------------

  /** Counters for monitoring: group-commit batches, slow head locks, reconnects. */
  stats(): PostgresStoreStats {
    return {
      ...this.writer.stats,
      reconnects: this.db.reconnects,
      listenerReconnects: this.wakeups.listenerReconnects,
    };
  }

  /**
   * The oldest open transaction in this database (other than this call's).
   * A long one holding the head row stalls every writer; alert on `ageMs`
   * well below `idle_in_transaction_session_timeout`.
   */
  async oldestTransaction(): Promise<{ ageMs: number; idleInTransaction: number }> {
    this.assertOpen();
    const rows = await this.db.query<{ age_ms: number; idle_in_transaction: number }>(
      "oldestTransaction",
      this.sql.oldestTransaction,
    );
    return { ageMs: rows[0]?.age_ms ?? 0, idleInTransaction: rows[0]?.idle_in_transaction ?? 0 };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.wakeups.close();
    await this.db.end();
  }

  // ---- helpers --------------------------------------------------------------

  private async importBatch(batch: readonly EventEnvelope[], offset: number): Promise<void> {
    const { sql } = this;
    try {
      const streamIds = [...new Set(batch.map((e) => e.streamId))];
      await this.db.transaction(
        "importEvents",
        `${sql.lockHead(this.options.lockTimeoutMs)}; ${sql.facts(streamIds, [])}`,
        async (client, begun) => {
          const head = (begun[2]!.rows[0] as { position: number }).position;
          const rows = begun[3]!.rows as { stream_id: string; version: number }[];
          const versions = new Map(rows.map((r) => [r.stream_id, r.version]));
          checkImportedBatch(batch, offset, head, (id) => versions.get(id) ?? 0);
          const last = batch[batch.length - 1]!.position;
          const done = await client.query<{ inserted: number; head_moved: number }>({
            name: `petitio_${sql.channel}_import`,
            text: sql.importBatch,
            values: [...columnParams(toColumns(batch)), last, head, sql.channel],
          });
          if (done.rows[0]!.inserted !== batch.length || done.rows[0]!.head_moved !== 1) {
            throw new StoreBusyError(this.options.lockTimeoutMs);
          }
        },
      );
    } catch (error) {
      if (isLockTimeout(error)) throw new StoreBusyError(this.options.lockTimeoutMs);
      throw error;
    }
  }

  /** Rows are upcast only when stored at an older schema version than the registry's. */
  private readonly toEnvelope = (row: EventRow): EventEnvelope => {
    const envelope = rowToEnvelope(row);
    const { registry } = this.options;
    return envelope.schemaVersion < registry.currentVersion(envelope.type)
      ? registry.decode(envelope)
      : envelope;
  };

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.kind);
  }
}

/**
 * Open (or create) a store in a PostgreSQL database. The schema (default
 * `petitio`) is created or migrated on open.
 */
export const openPostgresStore = (options: PostgresStoreOptions): Promise<PostgresEventStore> =>
  PostgresEventStore.open(options);
