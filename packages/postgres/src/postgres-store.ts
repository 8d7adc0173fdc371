import type { Writable } from "node:stream";
import {
  type ImportOptions,
  type ImportResult,
  readLogFile,
  type SubscribeOptions,
  type Subscription,
  writeLogFile,
} from "@petitio/core";
import { checkSubscribe, StoreFront, writeLog } from "@petitio/core/adapter";
import { Connection } from "./connection.js";
import { startLeasedSubscription } from "./leased-subscription.js";
import { type PostgresStoreOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { type CommitStats, PostgresBackend } from "./postgres-backend.js";
import { migrate } from "./schema.js";
import { type Statements, statements } from "./sql.js";
import { Wakeups } from "./wakeups.js";

export interface PostgresStoreStats extends CommitStats {
  /** Connection failures met (and retried, where the call was repeatable). */
  reconnects: number;
  listenerReconnects: number;
}

/**
 * The store for many engine processes on one PostgreSQL database (docs/storage.md):
 * core's `StoreFront` (argument checks, the append pipeline with group
 * commit, inline projections) on a `PostgresBackend`.
 *
 * - Every commit locks the single `head` row until COMMIT: positions are
 *   assigned, sealed into the hash chain and committed in one order, so a
 *   reader that sees position N has seen every position below it and
 *   subscribers never skip a late commit (docs/storage.md, "PostgreSQL").
 * - Timers and outbox rows are claimed with `FOR UPDATE SKIP LOCKED`.
 * - Subscribers wake on LISTEN/NOTIFY, with polling as the fallback; a named
 *   subscription runs in one process at a time, under a lease.
 * - Connection loss: reads are retried with backoff; a write in flight fails
 *   with `StoreUnavailableError` (retryable).
 */
export class PostgresEventStore extends StoreFront {
  readonly schema: string;
  private readonly db: Connection;
  private readonly sql: Statements;
  private readonly wakeups: Wakeups;
  private readonly resolved: ResolvedOptions;
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

  private constructor(options: ResolvedOptions, db: Connection) {
    const sql = statements(options.schema);
    const wakeups = new Wakeups(options, db, sql.channel, sql.head);
    super(new PostgresBackend(db, sql, options, wakeups), {
      clock: options.clock,
      registry: options.registry,
      groupCommit: { maxBatch: options.maxBatch, enabled: options.maxBatch > 1 },
    });
    this.resolved = options;
    this.schema = options.schema;
    this.db = db;
    this.sql = sql;
    this.wakeups = wakeups;
  }

  /** Connect, create or migrate the schema, and return the open store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresEventStore> {
    const resolved = resolveOptions(options);
    const db = new Connection(resolved);
    try {
      const client = await db.connect("open");
      try {
        await migrate(client, resolved.schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await db.end().catch(() => undefined);
      throw error;
    }
    return new PostgresEventStore(resolved, db);
  }

  /** With a `checkpoint`, the subscription runs under a lease (one process at a time). */
  override subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    checkSubscribe(options);
    return startLeasedSubscription({
      store: this,
      options,
      onAppend: (wake) => this.wakeups.add(wake),
      owner: this.owner,
      leaseMs: this.resolved.subscriptionLeaseMs,
      acquire: async (name) =>
        (
          await this.db.query<{ owner: string }>("subscription lease", this.sql.acquireLease, [
            name,
            this.owner,
            this.resolved.subscriptionLeaseMs,
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

  // ---- import and export --------------------------------------------------

  /** Import a docs/log-format.md JSONL file, streaming. */
  async importFromFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.importEvents(readLogFile(path, { registry: this.registry }), options);
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
      ...(this.backend as PostgresBackend).stats,
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
}

/**
 * Open (or create) a store in a PostgreSQL database. The schema (default
 * `petitio`) is created or migrated on open.
 */
export const openPostgresStore = (options: PostgresStoreOptions): Promise<PostgresEventStore> =>
  PostgresEventStore.open(options);
