import Database, { type Database as Db } from "better-sqlite3";
import {
  isBusy,
  NotAPetitioStoreError,
  SchemaTooNewError,
  StoreBusyError,
  StoreOpenError,
  sqliteCode,
} from "./errors.js";
import { CURRENT_SCHEMA_VERSION, migrate } from "./migrations/index.js";
import type { ResolvedOptions } from "./options.js";
import { LOCK_TRY_MS } from "./write-lock.js";

/**
 * Opening a file: read-write (create or migrate, WAL, the chosen durability)
 * or read-only (SQLite readonly, never migrates, never changes the journal
 * mode). Either way a file that is not a Petitio store is refused before
 * anything is written to it.
 */

export interface OpenedDatabase {
  db: Db;
  schemaVersion: number;
}

/** The tables every Petitio schema has had since version 1. */
const PETITIO_TABLES = ["events", "idempotency", "checkpoints", "projections", "outbox", "timers"];

const userTables = (db: Db): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];

/** The file's schema version, after checking it is (or may become) a Petitio store. */
const petitioVersion = (db: Db, path: string, readOnly: boolean): number => {
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = userTables(db);
  if (version === 0) {
    if (tables.length > 0) {
      throw new NotAPetitioStoreError(
        path,
        `it holds tables (${tables.slice(0, 3).join(", ")}) but no Petitio schema version`,
      );
    }
    if (readOnly) throw new NotAPetitioStoreError(path, "it is empty");
    return 0;
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new SchemaTooNewError(path, version, CURRENT_SCHEMA_VERSION);
  }
  const missing = PETITIO_TABLES.filter((t) => !tables.includes(t));
  if (missing.length > 0) {
    throw new NotAPetitioStoreError(path, `tables ${missing.join(", ")} are missing`);
  }
  return version;
};

const mapOpenError = (error: unknown, path: string, options: ResolvedOptions): unknown => {
  if (error instanceof SchemaTooNewError || error instanceof NotAPetitioStoreError) return error;
  if (error instanceof StoreOpenError || error instanceof StoreBusyError) return error;
  const code = sqliteCode(error);
  if (code === "SQLITE_NOTADB") return new NotAPetitioStoreError(path, "not a SQLite database");
  if (isBusy(error)) return new StoreBusyError(path, options.busyTimeoutMs);
  if (code !== undefined) return new StoreOpenError(path, (error as Error).message);
  return error;
};

export const openDatabase = (path: string, options: ResolvedOptions): OpenedDatabase => {
  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readOnly,
      fileMustExist: options.readOnly,
      timeout: options.busyTimeoutMs,
    });
  } catch (error) {
    throw new StoreOpenError(path, (error as Error).message);
  }
  try {
    if (options.readOnly) {
      const version = petitioVersion(db, path, true);
      if (version < CURRENT_SCHEMA_VERSION) {
        throw new StoreOpenError(
          path,
          `schema version ${version} is older than this release's ${CURRENT_SCHEMA_VERSION}; open it once read-write (that migrates it) before reading it read-only`,
        );
      }
      return { db, schemaVersion: version };
    }
    // Nothing that needs the write lock unless there is something to change.
    const version = petitioVersion(db, path, false);
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous}`);
    // Deleted content is zeroed, so a destroyed personal-data key leaves no bytes in free pages.
    db.pragma("secure_delete = ON");
    const schemaVersion = version < CURRENT_SCHEMA_VERSION ? migrate(db, path) : version;
    // From here on writes retry on their own (write-lock.ts); the driver waits only briefly per try.
    db.pragma(`busy_timeout = ${Math.min(options.busyTimeoutMs, LOCK_TRY_MS)}`);
    return { db, schemaVersion };
  } catch (error) {
    db.close();
    throw mapOpenError(error, path, options);
  }
};
