import { isBusy, StoreBusyError } from "./errors.js";

/**
 * Taking the write lock fairly. SQLite's own busy handler sleeps on a fixed
 * schedule, so a process that commits in a tight loop wins every race; here
 * each connection asks with a short driver timeout and, when it loses, waits
 * a random (jittered) time off the event loop before asking again, until the
 * bounded wait is used up. The error then says what happened: the lock was
 * not had in time, not that one transaction held it that long.
 */

/** Driver-level wait per try: short, so the event loop is never blocked for long. */
export const LOCK_TRY_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `write` (one whole transaction, or a single statement) until it gets the
 * lock. `write` must throw SQLITE_BUSY only before it changed anything, which
 * holds for BEGIN IMMEDIATE and single autocommit statements in WAL mode.
 */
export const withWriteLock = async <T>(
  path: string,
  busyTimeoutMs: number,
  write: () => T,
  random: () => number = Math.random,
): Promise<T> => {
  const deadline = performance.now() + busyTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const left = deadline - performance.now();
      if (left <= 0) throw new StoreBusyError(path, busyTimeoutMs, attempt);
      // Full jitter over a window that grows with the attempts (capped at 50 ms).
      await sleep(Math.min(left, random() * Math.min(50, 2 * attempt + 5)));
    }
  }
};
