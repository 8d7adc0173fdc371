import type { Clock } from "@petitio/core";

/**
 * The default clock of a SQLite store. Core never reads the system time; an
 * adapter that a user opens with just a file path may, to stamp `recordedAt`.
 */
export const systemClock: Clock = {
  now: () => new Date().toISOString(),
};
