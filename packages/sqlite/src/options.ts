import {
  type Clock,
  defaultRegistry,
  type EventRegistry,
  type GroupCommitOptions,
  ValidationError,
} from "@petitio/core";
import { systemClock } from "./system-clock.js";

export interface SqliteStoreOptions {
  /**
   * `FULL` (default): every acknowledged append survives a power cut.
   * `NORMAL`: in WAL mode a power cut (not a process crash) may lose the last
   * commits; faster. See the package README.
   */
  synchronous?: "FULL" | "NORMAL";
  /** How long a write waits for another connection's lock before `StoreBusyError` (default 5000). */
  busyTimeoutMs?: number;
  /** Stamps `recordedAt` (default: the system clock). */
  clock?: Clock;
  registry?: EventRegistry;
  /**
   * How often subscriptions look for commits made by other processes, in ms
   * (default 250). Appends through this store wake them at once.
   */
  pollIntervalMs?: number;
  /**
   * Open with SQLite's readonly flag: never migrates, never changes the
   * journal mode, never takes the write lock; every write throws
   * `StoreReadOnlyError`. For reports, verification and projection readers.
   */
  readOnly?: boolean;
  /** Batch concurrent appends into one transaction (see docs/performance.md). */
  groupCommit?: GroupCommitOptions;
}

export interface ResolvedOptions {
  readOnly: boolean;
  groupCommit: GroupCommitOptions;
  synchronous: "FULL" | "NORMAL";
  busyTimeoutMs: number;
  clock: Clock;
  registry: EventRegistry;
  pollIntervalMs: number;
}

const nonNegativeInt = (value: unknown): boolean =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;

/** Fill in defaults and reject options that would fail later in a less readable way. */
export const resolveOptions = (path: unknown, options: SqliteStoreOptions): ResolvedOptions => {
  const issues: { path: string; message: string }[] = [];
  if (typeof path !== "string" || path.length === 0) {
    issues.push({ path: "path", message: "must be a non-empty file path" });
  }
  const synchronous = options.synchronous ?? "FULL";
  if (synchronous !== "FULL" && synchronous !== "NORMAL") {
    issues.push({ path: "synchronous", message: 'must be "FULL" or "NORMAL"' });
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!nonNegativeInt(busyTimeoutMs)) {
    issues.push({ path: "busyTimeoutMs", message: "must be an integer ≥ 0" });
  }
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  if (!nonNegativeInt(pollIntervalMs) || pollIntervalMs === 0) {
    issues.push({ path: "pollIntervalMs", message: "must be an integer ≥ 1" });
  }
  if (options.clock !== undefined && typeof options.clock.now !== "function") {
    issues.push({ path: "clock.now", message: "must be a function" });
  }
  if (options.readOnly !== undefined && typeof options.readOnly !== "boolean") {
    issues.push({ path: "readOnly", message: "must be true or false" });
  }
  const group = options.groupCommit ?? {};
  if (typeof group !== "object" || group === null) {
    issues.push({ path: "groupCommit", message: "must be an object" });
  } else {
    if (group.enabled !== undefined && typeof group.enabled !== "boolean") {
      issues.push({ path: "groupCommit.enabled", message: "must be true or false" });
    }
    if (group.maxBatch !== undefined && (!nonNegativeInt(group.maxBatch) || group.maxBatch < 1)) {
      issues.push({ path: "groupCommit.maxBatch", message: "must be an integer ≥ 1" });
    }
    if (group.maxWaitMs !== undefined && !nonNegativeInt(group.maxWaitMs)) {
      issues.push({ path: "groupCommit.maxWaitMs", message: "must be an integer ≥ 0" });
    }
  }
  if (issues.length > 0) throw new ValidationError("SQLite store options", issues);
  return {
    synchronous,
    busyTimeoutMs,
    clock: options.clock ?? systemClock,
    registry: options.registry ?? defaultRegistry,
    pollIntervalMs,
    readOnly: options.readOnly ?? false,
    groupCommit: group,
  };
};
