import { chinaCalendar, type WorkCalendar } from "@petitio/core";
import fc from "fast-check";

/**
 * Dates for legal-time properties. Deadlines go wrong around holidays and
 * 调休 (weekend days made working days to bridge a holiday break), so besides
 * plain dates these arbitraries concentrate on the days near them, read from
 * the deployment's work calendar (core's `chinaCalendar`, or your own).
 */

export interface DateRange {
  /** First date, "YYYY-MM-DD" (default 2020-01-01). */
  from?: string;
  /** Last date, inclusive (default 2026-12-31, the last year with a published arrangement). */
  to?: string;
}

export interface HolidayDateOptions extends DateRange {
  /** The deployment's work calendar (default core's `chinaCalendar`). */
  calendar?: WorkCalendar;
  /** How many days either side of a holiday or 调休 day count as "near" (default 2). */
  spread?: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const rangeOf = (range: DateRange): [number, number] => [
  dayNumber(range.from ?? "2020-01-01"),
  dayNumber(range.to ?? "2026-12-31"),
];

/** Any calendar date in the range. */
export const civilDateArb = (range: DateRange = {}): fc.Arbitrary<string> => {
  const [min, max] = rangeOf(range);
  return fc.integer({ min, max }).map(dateOf);
};

/** How a date relates to the official calendar. */
export type DayKind = "holiday" | "makeUpWorkday" | "weekend" | "workday";

export const dayKind = (calendar: WorkCalendar, date: string): DayKind => {
  const weekend = [0, 6].includes(new Date(dayNumber(date) * DAY_MS).getUTCDay());
  if (calendar.isHoliday(date)) return "holiday";
  if (weekend) return calendar.isWorkingDay(date) ? "makeUpWorkday" : "weekend";
  return calendar.isWorkingDay(date) ? "workday" : "holiday";
};

const edgeCache = new WeakMap<WorkCalendar, Map<string, string[]>>();

/**
 * Dates that are a holiday or a 调休 make-up working day, or lie within
 * `spread` days of one: where "the last day falls on a holiday" and
 * "working days skip the break" actually happen.
 */
export const holidayEdgeDates = (options: HolidayDateOptions = {}): string[] => {
  const { calendar = chinaCalendar, spread = 2 } = options;
  const [min, max] = rangeOf(options);
  const key = `${min}|${max}|${spread}`;
  const cached = edgeCache.get(calendar)?.get(key);
  if (cached) return cached;
  const special: number[] = [];
  for (let day = min; day <= max; day++) {
    const kind = dayKind(calendar, dateOf(day));
    if (kind === "holiday" || kind === "makeUpWorkday") special.push(day);
  }
  const near = new Set<number>();
  for (const day of special) {
    for (let d = day - spread; d <= day + spread; d++) if (d >= min && d <= max) near.add(d);
  }
  const dates = [...near].sort((a, b) => a - b).map(dateOf);
  const perCalendar = edgeCache.get(calendar) ?? new Map<string, string[]>();
  perCalendar.set(key, dates);
  edgeCache.set(calendar, perCalendar);
  return dates;
};

/** A date near a holiday or 调休 day, three times in four; any date otherwise. */
export const holidayAwareDateArb = (options: HolidayDateOptions = {}): fc.Arbitrary<string> => {
  const edges = holidayEdgeDates(options);
  if (edges.length === 0) return civilDateArb(options);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edges) },
    { weight: 1, arbitrary: civilDateArb(options) },
  );
};

/**
 * An ISO-8601 instant on the given local date, with the zone's fixed offset
 * (+08:00 for Asia/Shanghai, which keeps no daylight saving). One time in
 * five it is a day boundary (00:00:00 or 23:59:59), where off-by-one-day
 * mistakes live.
 */
export const instantOnDateArb = (
  dateArb: fc.Arbitrary<string>,
  offset = "+08:00",
): fc.Arbitrary<string> =>
  fc
    .tuple(
      dateArb,
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 86_399 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, 86_399) },
      ),
    )
    .map(([date, second]) => {
      const hh = String(Math.floor(second / 3600)).padStart(2, "0");
      const mm = String(Math.floor((second % 3600) / 60)).padStart(2, "0");
      const ss = String(second % 60).padStart(2, "0");
      return `${date}T${hh}:${mm}:${ss}${offset}`;
    });
