import { ValidationError } from "../errors.js";
import { isoDateTime } from "../events/envelope.js";
import { pad, toDayNumber } from "./civil-date.js";

/**
 * Instants and wall-clock dates in an IANA time zone, with `Intl.DateTimeFormat`
 * only (no zone database of our own). Offsets are looked up per instant, so zones
 * with daylight saving time (America/New_York) work; nothing assumes +08:00.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Is `timeZone` an IANA zone name this runtime knows? */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function requireTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new ValidationError("time zone", [
      { path: "timeZone", message: `"${String(timeZone)}" is not a known IANA time zone` },
    ]);
  }
}

/**
 * Epoch milliseconds of an ISO-8601 date-time with an explicit offset; anything
 * else is a ValidationError naming `field` (a date without an offset would be
 * read in the host's zone, which is exactly the ambiguity we refuse).
 */
export function parseInstant(value: string, field: string): number {
  if (typeof value !== "string" || !isoDateTime.safeParse(value).success) {
    throw new ValidationError("date-time", [
      {
        path: field,
        message: `must be an ISO-8601 date-time with offset, got ${JSON.stringify(value)}`,
      },
    ]);
  }
  return Date.parse(value);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockByIntl(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * `formatToParts` costs microseconds, and every command computes several due
 * times; offsets only change on quarter-hour boundaries in every zone in use,
 * so the offset is cached per zone and quarter hour and the wall clock derived
 * arithmetically.
 */
const QUARTER_HOUR_MS = 900_000;
const offsetCache = new Map<string, number>();

function offsetMinutesUncached(epochMs: number, timeZone: string): number {
  const w = wallClockByIntl(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtc - wholeSecond) / 60_000);
}

function cachedOffset(epochMs: number, timeZone: string): number {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size >= 50_000) offsetCache.clear();
    offset = offsetMinutesUncached(bucket * QUARTER_HOUR_MS, timeZone);
    offsetCache.set(key, offset);
  }
  return offset;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const local = new Date(epochMs + cachedOffset(epochMs, timeZone) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** UTC offset of `timeZone` at an instant, in whole minutes (east of Greenwich positive). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  requireTimeZone(timeZone);
  return cachedOffset(epochMs, timeZone);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/**
 * An instant as "YYYY-MM-DDTHH:mm:ss±HH:MM" in `timeZone`: seconds precision
 * (milliseconds are truncated) and the zone's numeric offset at that instant
 * (never "Z", so every stored time reads the same way).
 */
export function formatInZone(epochMs: number, timeZone: string): string {
  requireTimeZone(timeZone);
  if (!Number.isFinite(epochMs)) {
    throw new ValidationError("date-time", [
      { path: "epochMs", message: "must be a finite number" },
    ]);
  }
  const w = wallClock(epochMs, timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}`;
  const time = `${pad(w.hour, 2)}:${pad(w.minute, 2)}:${pad(w.second, 2)}`;
  return `${date}T${time}${formatOffset(offsetMinutes(epochMs, timeZone))}`;
}

/** "YYYY-MM-DD" of an instant (ISO-8601 with offset) as the calendar reads it in `timeZone`. */
export function localDate(instant: string, timeZone: string): string {
  requireTimeZone(timeZone);
  return localDateOf(parseInstant(instant, "instant"), timeZone);
}

/** "YYYY-MM-DD" of an instant (epoch milliseconds) as the calendar reads it in `timeZone`. */
export function localDateOf(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}`;
}

/**
 * The instant of 23:59:59 on `date` in `timeZone`, rendered with that zone's
 * offset: the end of a period's last day (Civil Code Art. 203 "二十四时",
 * kept at second precision so it stays inside the day it closes).
 */
export function endOfLocalDay(date: string, timeZone: string): string {
  requireTimeZone(timeZone);
  const wall = toDayNumber(date) * 86_400_000 + (23 * 3600 + 59 * 60 + 59) * 1000;
  // The offset at the wall time read as UTC can differ from the one at the real
  // instant near a DST change; one correction step settles it.
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const instant = wall - offsetMinutes(first, timeZone) * 60_000;
  return formatInZone(instant, timeZone);
}
