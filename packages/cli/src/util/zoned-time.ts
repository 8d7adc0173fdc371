/**
 * Wall-clock times in a named time zone ↔ instants, through Intl (no data files).
 * Used to read dataset times that have no offset (China local, New York local
 * with DST) and command-line dates like `2018-03-31`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClockAt = (ms: number, timeZone: string): WallClock => {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** Offset of the zone from UTC at an instant, in minutes (+480 for Asia/Shanghai). */
export const offsetMinutesAt = (ms: number, timeZone: string): number => {
  const w = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
};

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
  const first = asUtc - offsetMinutesAt(asUtc, timeZone) * 60_000;
  const second = asUtc - offsetMinutesAt(first, timeZone) * 60_000;
  if (offsetMinutesAt(second, timeZone) === offsetMinutesAt(first, timeZone)) {
    return Math.min(first, second);
  }
  return Math.max(first, second);
};

const two = (n: number): string => String(n).padStart(2, "0");

/** ISO-8601 with the zone's offset at that instant: `2019-04-25T09:32:09+08:00`. */
export const formatInZone = (ms: number, timeZone: string): string => {
  const w = wallClockAt(ms, timeZone);
  const off = offsetMinutesAt(ms, timeZone);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return (
    `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
};

/** A local wall-clock time (no offset) as ISO-8601 with the zone's offset. */
export const localToIso = (local: string, timeZone: string): string =>
  formatInZone(localToInstant(local, timeZone), timeZone);

/** `YYYY-MM` of an instant in a zone. */
export const monthInZone = (ms: number, timeZone: string): string => {
  const w = wallClockAt(ms, timeZone);
  return `${w.year}-${two(w.month)}`;
};

/** `YYYY-MM-DD` of an instant in a zone. */
export const dateInZone = (ms: number, timeZone: string): string => {
  const w = wallClockAt(ms, timeZone);
  return `${w.year}-${two(w.month)}-${two(w.day)}`;
};

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
