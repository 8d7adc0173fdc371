import { instantMs } from "../time/instant-ms.js";

const PLUS = 43;
const MINUS = 45;

/**
 * Whether date-time `time` is after `current` (`null`: nothing yet), for the
 * folds that keep the latest `occurredAt` of a log. Times of the same length
 * and the same `±HH:MM` offset (the usual log) compare as strings, sparing two
 * reads of a date per event; any other pair compares by instant.
 */
export const isLaterTime = (time: string, current: string | null | undefined): boolean => {
  if (current === null || current === undefined) return true;
  const n = time.length;
  if (n === current.length && n > 6) {
    const sign = time.charCodeAt(n - 6);
    if (
      (sign === PLUS || sign === MINUS) &&
      current.charCodeAt(n - 6) === sign &&
      current.charCodeAt(n - 5) === time.charCodeAt(n - 5) &&
      current.charCodeAt(n - 4) === time.charCodeAt(n - 4) &&
      current.charCodeAt(n - 3) === time.charCodeAt(n - 3) &&
      current.charCodeAt(n - 2) === time.charCodeAt(n - 2) &&
      current.charCodeAt(n - 1) === time.charCodeAt(n - 1)
    ) {
      return time > current;
    }
  }
  return instantMs(time) > instantMs(current);
};
