/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * min(max, base·2^(n−1)). The random half spreads the retries of many rows
 * that failed together (a receiver outage) so they do not return in one burst;
 * the fixed half keeps a retry from coming back at once.
 */
export interface BackoffOptions {
  /** Delay before the second attempt, before jitter (default 1 s). */
  baseMs?: number;
  /** Ceiling of any delay, before jitter (default 15 min). */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 15 * 60_000 } as const;

export const backoffDelay = (
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number => {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const max = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
};
