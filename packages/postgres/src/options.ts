import { type Clock, defaultRegistry, type EventRegistry, ValidationError } from "@petitio/core";
import { systemClock } from "./system-clock.js";

export interface ReconnectOptions {
  /** First wait after a connection failure, in ms (default 50); doubled each try, with jitter. */
  initialDelayMs?: number;
  /** Longest wait between tries, in ms (default 2000). */
  maxDelayMs?: number;
  /** After this long without a connection a call fails with `StoreUnavailableError` (default 30000). */
  giveUpAfterMs?: number;
}

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Schema holding the store's tables, created if missing (default `petitio`). */
  schema?: string;
  /** Connections in the pool (default 10). Appends use one at a time: see `groupCommit`. */
  maxConnections?: number;
  /** Stamps `recordedAt` (default: the system clock). */
  clock?: Clock;
  registry?: EventRegistry;
  /**
   * How often subscriptions poll for commits when no LISTEN/NOTIFY wake-up
   * came, in ms (default 1000). NOTIFY wakes them at once; polling covers a
   * dropped listener connection.
   */
  pollIntervalMs?: number;
  /** How long an append waits for the head row before `StoreBusyError` (default 10000). */
  lockTimeoutMs?: number;
  /**
   * Set on every session: the server ends a session left idle inside a
   * transaction for this long, so a forgotten transaction cannot hold the head
   * row forever (default 30000; 0 leaves the server's setting).
   */
  idleInTransactionTimeoutMs?: number;
  /** An append that waited longer than this for the head row is counted and reported (default 1000). */
  slowLockWarningMs?: number;
  /** Receives operational warnings (slow head lock, lost listener). Default: none. */
  onWarning?: (message: string) => void;
  /** Most appends committed in one transaction (default 256; 1 turns group commit off). */
  maxBatch?: number;
  reconnect?: ReconnectOptions;
  /** How long a named subscription's lease lasts without renewal, in ms (default 10000). */
  subscriptionLeaseMs?: number;
}

export interface ResolvedOptions {
  connectionString: string;
  schema: string;
  maxConnections: number;
  clock: Clock;
  registry: EventRegistry;
  pollIntervalMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  slowLockWarningMs: number;
  onWarning: (message: string) => void;
  maxBatch: number;
  reconnect: Required<ReconnectOptions>;
  subscriptionLeaseMs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Fill in defaults and reject options that would fail later in a less readable way. */
export const resolveOptions = (options: PostgresStoreOptions): ResolvedOptions => {
  const issues: { path: string; message: string }[] = [];
  const int = (path: string, value: number | undefined, fallback: number, min: number) => {
    const v = value ?? fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      issues.push({ path, message: `must be an integer ≥ ${min}` });
    }
    return v;
  };
  if (typeof options?.connectionString !== "string" || options.connectionString.length === 0) {
    issues.push({ path: "connectionString", message: "must be a postgres:// URL" });
  }
  const schema = options?.schema ?? "petitio";
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema)) {
    issues.push({
      path: "schema",
      message: "must be a lower-case SQL identifier (letters, digits, _; at most 63)",
    });
  }
  if (options?.clock !== undefined && typeof options.clock.now !== "function") {
    issues.push({ path: "clock.now", message: "must be a function" });
  }
  const reconnect = options?.reconnect ?? {};
  const resolved: ResolvedOptions = {
    connectionString: options?.connectionString,
    schema,
    maxConnections: int("maxConnections", options?.maxConnections, 10, 2),
    clock: options?.clock ?? systemClock,
    registry: options?.registry ?? defaultRegistry,
    pollIntervalMs: int("pollIntervalMs", options?.pollIntervalMs, 1000, 1),
    lockTimeoutMs: int("lockTimeoutMs", options?.lockTimeoutMs, 10_000, 1),
    idleInTransactionTimeoutMs: int(
      "idleInTransactionTimeoutMs",
      options?.idleInTransactionTimeoutMs,
      30_000,
      0,
    ),
    slowLockWarningMs: int("slowLockWarningMs", options?.slowLockWarningMs, 1000, 0),
    onWarning: options?.onWarning ?? (() => {}),
    maxBatch: int("maxBatch", options?.maxBatch, 256, 1),
    reconnect: {
      initialDelayMs: int("reconnect.initialDelayMs", reconnect.initialDelayMs, 50, 1),
      maxDelayMs: int("reconnect.maxDelayMs", reconnect.maxDelayMs, 2000, 1),
      giveUpAfterMs: int("reconnect.giveUpAfterMs", reconnect.giveUpAfterMs, 30_000, 0),
    },
    subscriptionLeaseMs: int("subscriptionLeaseMs", options?.subscriptionLeaseMs, 10_000, 100),
  };
  if (issues.length > 0) throw new ValidationError("PostgreSQL store options", issues);
  return resolved;
};
