import { PetitioError } from "@petitio/core";

/**
 * Errors of the PostgreSQL adapter. Driver errors never leak out of the
 * store: connection loss, lock time-outs and schema mismatches are mapped to
 * these, constraint violations to core's typed errors.
 */

/**
 * The server could not be reached, or the connection broke while a call was
 * in flight. `retryable` is always true: for an append, retry with the same
 * idempotency key (the engine's commands carry one), which returns the first
 * result if the interrupted commit did land.
 */
export class StoreUnavailableError extends PetitioError {
  readonly code = "STORE_UNAVAILABLE";
  readonly retryable = true;
  constructor(
    /** What was being done: `append`, `readAll`, `connect`, … */
    readonly operation: string,
    /** Whether the interrupted write may have committed: `unknown` when COMMIT was in flight. */
    readonly committed: "no" | "unknown",
    readonly reason: string,
  ) {
    super(
      `PostgreSQL store unavailable during ${operation} (${reason}); ${
        committed === "unknown"
          ? "the write may or may not have committed: retry with the same idempotency key"
          : "nothing was written: retry"
      }`,
    );
  }
}

/**
 * An append waited longer than `lockTimeoutMs` for the log's head row: another
 * session holds it (a transaction left open, or a very slow commit). Nothing
 * was written.
 */
export class StoreBusyError extends PetitioError {
  readonly code = "STORE_BUSY";
  readonly retryable = true;
  constructor(readonly lockTimeoutMs: number) {
    super(
      `another session held the event log's head row for more than ${lockTimeoutMs} ms; nothing was written, try again (see pg_stat_activity for a transaction left open)`,
    );
  }
}

/**
 * The log changed under the head lock: a row the plan wrote already existed,
 * or the head moved. Only a writer that bypasses the store can cause it.
 * Nothing was written.
 */
export class StoreConflictError extends PetitioError {
  readonly code = "STORE_CONFLICT";
  constructor(readonly reason: string) {
    super(
      `the event log was changed outside this store while appending (${reason}); nothing was written`,
    );
  }
}

/** The schema was created by a newer release of this package: refuse it rather than guess. */
export class SchemaTooNewError extends PetitioError {
  readonly code = "SCHEMA_TOO_NEW";
  constructor(
    readonly schema: string,
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `PostgreSQL schema "${schema}" is at version ${databaseVersion}, newer than this release supports (${supportedVersion}); upgrade @petitio/postgres`,
    );
  }
}

/** A named subscription whose lease another process took over: this one stopped handling. */
export class LeaseLostError extends PetitioError {
  readonly code = "SUBSCRIPTION_LEASE_LOST";
  constructor(readonly subscription: string) {
    super(`subscription "${subscription}" is now owned by another process; this one stopped`);
  }
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** True when `error` means the connection is gone, not that the statement was wrong. */
export const isConnectionError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(
    error.message,
  );
};

export const pgCode = (error: unknown): string | undefined => {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
};

/** 23505 unique_violation. */
export const isUniqueViolation = (error: unknown): boolean => pgCode(error) === "23505";
/** 55P03 lock_not_available (lock_timeout). */
export const isLockTimeout = (error: unknown): boolean => pgCode(error) === "55P03";
