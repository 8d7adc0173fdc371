import { civilDayNumber, weekday } from "./civil-date.js";
import { holidayTable } from "./holiday-data.js";

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

const table = holidayTable;

/** Years with a published arrangement: every one includes at least one holiday. */
const coveredYears = new Set(Object.keys(table.holidays).map((date) => Number(date.slice(0, 4))));
const firstYear = Math.min(...coveredYears);
const lastYear = Math.max(...coveredYears);

function requireCovered(date: string): void {
  requireDate(date, "china");
  const year = Number(date.slice(0, 4));
  if (!coveredYears.has(year)) {
    throw new CalendarRangeError(
      date,
      "china",
      `no official holiday arrangement is known for ${year}; the chinese-days data covers ${firstYear}–${lastYear}`,
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
    if (Object.hasOwn(table.workdays, date)) return true;
    if (Object.hasOwn(table.holidays, date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  },
  isHoliday(date) {
    requireCovered(date);
    // Only the days of an announced holiday break, not ordinary weekends.
    return Object.hasOwn(table.holidays, date);
  },
};
