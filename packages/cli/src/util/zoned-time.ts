/**
 * Wall-clock times in a named time zone ↔ instants, on core's zone helpers
 * (Intl, no data files). Used to read dataset times that have no offset (China
 * local, New York local with DST) and command-line dates like `2018-03-31`.
 */

import { formatInZone, localDateOf, offsetMinutes } from "@petitio/core";

export { formatInZone };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * The instant of a wall-clock time in a zone. In a DST gap (a time that does not
 * exist) the earlier offset is used, so 02:30 becomes 03:30; in an overlap the
 * first occurrence is chosen.
 */
export const localToInstant = (local: string, timeZone: string): number => {
  const m = LOCAL.exec(local);
  if (!m) throw new RangeError(`not a local date-time: "${local}"`);
  const asUtc = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  // Two passes: the offset at the guess, then at the corrected instant.
  const first = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  const second = asUtc - offsetMinutes(first, timeZone) * 60_000;
  if (offsetMinutes(second, timeZone) === offsetMinutes(first, timeZone)) {
    return Math.min(first, second);
  }
  return Math.max(first, second);
};

const two = (n: number): string => String(n).padStart(2, "0");

/** A local wall-clock time (no offset) as ISO-8601 with the zone's offset. */
export const localToIso = (local: string, timeZone: string): string =>
  formatInZone(localToInstant(local, timeZone), timeZone);

/** `YYYY-MM` of an instant in a zone. */
export const monthInZone = (ms: number, timeZone: string): string =>
  localDateOf(ms, timeZone).slice(0, 7);
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_ONLY = /^(\d{4})-(\d{2})$/;

/**
 * A time given on the command line, as ISO-8601 with offset. Accepts a full
 * ISO time with offset (kept as given), a local date-time (read in `timeZone`),
 * a date or a month. A bare date or month means its first second for `start`
 * (`--from`, `--to`: periods are [from, to)) and its last second for `end`
 * (`--as-of 2018-03-31` includes that whole day).
 */
export const parseTimeArgument = (
  value: string,
  timeZone: string,
  edge: "start" | "end",
): string | undefined => {
  if (WITH_OFFSET.test(value)) return Number.isNaN(Date.parse(value)) ? undefined : value;
  const month = MONTH_ONLY.exec(value);
  if (month) {
    const y = Number(month[1]);
    const mo = Number(month[2]);
    if (mo < 1 || mo > 12) return undefined;
    if (edge === "start") return localToIso(`${month[1]}-${month[2]}-01T00:00:00`, timeZone);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return localToIso(`${month[1]}-${month[2]}-${two(last)}T23:59:59`, timeZone);
  }
  const date = DATE_ONLY.exec(value);
  if (date) {
    const check = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== value) {
      return undefined;
    }
    return localToIso(`${value}T${edge === "start" ? "00:00:00" : "23:59:59"}`, timeZone);
  }
  if (LOCAL.test(value)) {
    try {
      return localToIso(value, timeZone);
    } catch {
      return undefined;
    }
  }
  return undefined;
};
