import type { Clock } from "@petitio/core";

/** The default clock: the only place this package reads the system time for `recordedAt`. */
export const systemClock: Clock = { now: () => new Date().toISOString() };
