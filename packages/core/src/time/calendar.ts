import chineseDays from "chinese-days";
import { civilDayNumber, weekday } from "./civil-date.js";

/**
 * Which days count when a period is in working days (工作日), and which rest days
 * are official holidays. Dates are "YYYY-MM-DD" as read in the policy's zone.
 */
export interface WorkCalendar {
  /** "YYYY-MM-DD" in the deployment zone → is it a working day (weekends off, official holidays off, 调休 make-up days on)? */
  isWorkingDay(date: string): boolean;
  /** official public holiday (法定节假日, incl. the bridged rest days of a holiday break)? */
  isHoliday(date: string): boolean;
}

/** A date the calendar's data does not cover: we refuse to guess. */
export class CalendarRangeError extends RangeError {
  readonly code = "CALENDAR_OUT_OF_RANGE";
  constructor(
    readonly date: string,
    readonly calendar: string,
    readonly reason: string,
  ) {
    super(`${calendar} calendar: ${date}: ${reason}`);
  }
  override get name(): string {
    return "CalendarRangeError";
  }
}

function requireDate(date: string, calendar: string): void {
  if (civilDayNumber(date) === undefined) {
    throw new CalendarRangeError(String(date), calendar, "not a calendar date (YYYY-MM-DD)");
  }
}

/** Monday to Friday work, no holidays: for zones without a holiday table, and for tests. */
export const weekendCalendar: WorkCalendar = {
  isWorkingDay(date) {
    requireDate(date, "weekend");
    const day = weekday(date);
    return day !== 0 && day !== 6;
  },
  isHoliday(date) {
    requireDate(date, "weekend");
    return false;
  },
};

/**
 * chinese-days builds its dates with the host's local Date methods, so a
 * "YYYY-MM-DD" string (parsed as UTC midnight) lands on the previous day on a
 * host west of Greenwich. Passing a local-midnight Date keeps it on the right
 * day whatever the host's TZ.
 */
function hostLocalMidnight(date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const local = new Date(y, m - 1, d);
  local.setFullYear(y); // years below 100 would otherwise be read as 19xx
  return local;
}

const coveredYears = new Map<number, boolean>();

/**
 * A year is covered when the package lists its holiday arrangement; every
 * published arrangement includes New Year's Day (元旦), so that is the probe.
 */
function isYearCovered(year: number): boolean {
  let covered = coveredYears.get(year);
  if (covered === undefined) {
    const newYear = hostLocalMidnight(`${String(year).padStart(4, "0")}-01-01`);
    covered = chineseDays.getHolidaysInRange(newYear, newYear, false).length > 0;
    coveredYears.set(year, covered);
  }
  return covered;
}

let knownRange: string | undefined;

/** "2004–2026": the covered years, found once by probing, for error messages. */
function coveredRange(): string {
  if (knownRange === undefined) {
    const years: number[] = [];
    for (let y = 1949; y <= 2200; y += 1) if (isYearCovered(y)) years.push(y);
    knownRange = years.length === 0 ? "no years" : `${years[0]}–${years[years.length - 1]}`;
  }
  return knownRange;
}

function requireCovered(date: string): void {
  requireDate(date, "china");
  const year = Number(date.slice(0, 4));
  if (!isYearCovered(year)) {
    throw new CalendarRangeError(
      date,
      "china",
      `no official holiday arrangement is known for ${year}; the chinese-days data covers ${coveredRange()}`,
    );
  }
}

/**
 * Mainland China: weekends off, 法定节假日 off, 调休 make-up days on, from the
 * State Council's yearly arrangements as maintained in the `chinese-days`
 * package. Dates in a year without a published arrangement throw
 * CalendarRangeError (update the package when a new year is announced).
 */
export const chinaCalendar: WorkCalendar = {
  isWorkingDay(date) {
    requireCovered(date);
    return chineseDays.isWorkday(hostLocalMidnight(date));
  },
  isHoliday(date) {
    requireCovered(date);
    const day = hostLocalMidnight(date);
    // Without weekends: only the days of an announced holiday break.
    return chineseDays.getHolidaysInRange(day, day, false).length > 0;
  },
};
