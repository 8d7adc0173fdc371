import type { Writable } from "node:stream";
import { type ImportOptions, type ImportResult, readLogFile, writeLogFile } from "@petitio/core";
import { StoreFront, writeLog } from "@petitio/core/adapter";
import { openDatabase } from "./open-database.js";
import { type ResolvedOptions, resolveOptions, type SqliteStoreOptions } from "./options.js";
import { SqliteBackend } from "./sqlite-backend.js";

/**
 * The embedded default store (docs/storage.md): one SQLite file in WAL mode holds
 * events, projection snapshots, checkpoints, the outbox, durable timers and
 * personal-data keys. Appends go through core's shared pipeline: concurrent
 * appends are planned and committed together in one IMMEDIATE transaction
 * (group commit, one fsync), each caller getting its own result. Another
 * process on the same file waits its turn for the write lock (jittered
 * retries, bounded by `busyTimeoutMs`) and then sees the new stream
 * version: the loser of a race gets a `ConcurrencyError`, never a driver error.
 */
export class SqliteEventStore extends StoreFront {
  /** Schema version of the open file (after migrations). */
  readonly schemaVersion: number;
  /** The durability setting in force on this connection, read back from SQLite. */
  readonly synchronous: "FULL" | "NORMAL";
  readonly readOnly: boolean;
  private readonly resolved: ResolvedOptions;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    const resolved = resolveOptions(path, options);
    const { db, schemaVersion } = openDatabase(path, resolved);
    super(
      new SqliteBackend(db, {
        path,
        registry: resolved.registry,
        busyTimeoutMs: resolved.busyTimeoutMs,
        pollIntervalMs: resolved.pollIntervalMs,
        readOnly: resolved.readOnly,
        now: () => resolved.clock.now(),
      }),
      { clock: resolved.clock, registry: resolved.registry, groupCommit: resolved.groupCommit },
    );
    this.resolved = resolved;
    this.schemaVersion = schemaVersion;
    this.readOnly = resolved.readOnly;
    this.synchronous = db.pragma("synchronous", { simple: true }) === 2 ? "FULL" : "NORMAL";
  }

  /** Import a docs/log-format.md JSONL file, streaming. */
  async importFromFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.importEvents(readLogFile(path, { registry: this.resolved.registry }), options);
  }

  /** Write the whole log as canonical JSONL to `out`, streaming. Returns the event count. */
  async export(out: Writable): Promise<number> {
    return writeLog(this.readAll({ batchSize: 1000 }), out);
  }

  /** Write the whole log to a JSONL file, replacing it. Returns the event count. */
  async exportToFile(path: string): Promise<number> {
    return writeLogFile(path, this.readAll({ batchSize: 1000 }));
  }
}

/**
 * Open (or create) a store in one SQLite file. A path is all it needs: the
 * schema is created or migrated on open. `{ readOnly: true }` opens an
 * existing store for reading only (no migration, no lock).
 */
export const openSqliteStore = (path: string, options?: SqliteStoreOptions): SqliteEventStore =>
  new SqliteEventStore(path, options);
