/**
 * Calendar dates without a time or a zone ("YYYY-MM-DD"), as periods are counted
 * in whole days (Civil Code Art. 200). Arithmetic runs on a day number in UTC so
 * it never depends on the host's time zone.
 */
import { CalendarRangeError } from "./calendar-error.js";

const DAY_MS = 86_400_000;
const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid "YYYY-MM-DD", or `undefined` when it is not a real date. */
export function civilDayNumber(date: string): number | undefined {
  const match = CIVIL_DATE.exec(date);
  if (!match) return undefined;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2023-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return undefined;
  if (back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** The day number of a date known to be valid; throws CalendarRangeError otherwise. */
export function toDayNumber(date: string): number {
  const n = civilDayNumber(date);
  if (n === undefined)
    throw new CalendarRangeError(String(date), "civil", "not a calendar date (YYYY-MM-DD)");
  return n;
}

/** "YYYY-MM-DD" of a day number. */
export function fromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to − from` in whole days. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
