import { PetitioError } from "@petitio/core";

/**
 * Errors of the SQLite adapter. Driver errors (SQLITE_BUSY, SQLITE_CONSTRAINT,
 * SQLITE_NOTADB, …) never leak out of the store: they are mapped to these or to
 * core's typed errors.
 */

/**
 * The write lock could not be had within the busy timeout: other connections
 * kept taking it (each commit is short; this one kept losing the race, or one
 * of them holds a long transaction). Nothing was written.
 */
export class StoreBusyError extends PetitioError {
  readonly code = "STORE_BUSY";
  constructor(
    readonly path: string,
    readonly busyTimeoutMs: number,
    /** How many times the lock was asked for. */
    readonly attempts = 1,
  ) {
    super(
      `${path}: could not get the write lock within ${busyTimeoutMs} ms (${attempts} ${
        attempts === 1 ? "try" : "tries"
      }): other connections were writing; nothing was written, try again (or raise busyTimeoutMs)`,
    );
  }
}

/** The file is not a Petitio store: not SQLite at all, or a SQLite database of something else. */
export class NotAPetitioStoreError extends PetitioError {
  readonly code = "NOT_A_PETITIO_STORE";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `${path} is not a Petitio store (${reason}); nothing was changed. ` +
        "Give a store file Petitio wrote (openSqliteStore, petitio demo --db) or a JSONL event log",
    );
  }
}

/** A write on a store opened with `{ readOnly: true }`. */
export class StoreReadOnlyError extends PetitioError {
  readonly code = "STORE_READ_ONLY";
  constructor(
    readonly path: string,
    readonly method: string,
  ) {
    super(`${path} was opened read-only: ${method} cannot write; open it without readOnly`);
  }
}

/** The file was written by a newer release of this package: refuse it rather than guess. */
export class SchemaTooNewError extends PetitioError {
  readonly code = "SCHEMA_TOO_NEW";
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `${path}: schema version ${fileVersion} is newer than this release supports (${supportedVersion}); upgrade @petitio/sqlite`,
    );
  }
}

/** The name analysts use for a file written by a newer release (decision 4 of the storage design). */
export { SchemaTooNewError as StoreVersionError };

/** The path does not hold a SQLite database (or it cannot be opened). */
export class StoreOpenError extends PetitioError {
  readonly code = "STORE_OPEN_FAILED";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: cannot open as a Petitio SQLite store (${reason})`);
  }
}

/** The driver's error code, when `error` came from better-sqlite3. */
export const sqliteCode = (error: unknown): string | undefined => {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
};

export const isBusy = (error: unknown): boolean => {
  const code = sqliteCode(error);
  return code === "SQLITE_BUSY" || code?.startsWith("SQLITE_BUSY_") === true;
};

export const isUniqueViolation = (error: unknown): boolean => {
  const code = sqliteCode(error);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
};
