import { PetitioError } from "@petitio/core";

/**
 * Errors of the SQLite adapter. Driver errors (SQLITE_BUSY, SQLITE_CONSTRAINT,
 * SQLITE_NOTADB, …) never leak out of the store: they are mapped to these or to
 * core's typed errors.
 */

/** Another process held the write lock for longer than the busy timeout. Nothing was written. */
export class StoreBusyError extends PetitioError {
  readonly code = "STORE_BUSY";
  constructor(
    readonly path: string,
    readonly busyTimeoutMs: number,
  ) {
    super(
      `${path}: another connection kept the database locked for more than ${busyTimeoutMs} ms; nothing was written, try again`,
    );
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
