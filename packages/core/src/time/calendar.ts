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

/**
 * Days off by law every year on fixed Gregorian dates (全国年节及纪念日放假办法,
 * as amended in 2024): 元旦 1 Jan, 劳动节 1–2 May, 国庆节 1–3 Oct. The lunar
 * holidays and the 调休 arrangement are only known once the State Council
 * publishes the year's notice.
 */
const FIXED_HOLIDAYS = new Set(["01-01", "05-01", "05-02", "10-01", "10-02", "10-03"]);

export interface ChinaCalendarOptions {
  /**
   * What to do for a year after the last published arrangement in the data:
   * - `"provisional"` (default): weekends and the fixed-date holidays off, no
   *   lunar holidays and no 调休 yet. Due times are computed once and stored,
   *   so a provisional due time stays what it was when the stage started.
   * - `"throw"`: refuse with CalendarRangeError, for deployments that would
   *   rather stop than guess.
   */
  afterPublished?: "provisional" | "throw";
}

/** The Mainland China work calendar, with a chosen rule for years not yet published. */
export interface ChinaCalendar extends WorkCalendar {
  /** Is the date in a year whose official arrangement is in the data? */
  isPublished(date: string): boolean;
  readonly publishedYears: { readonly first: number; readonly last: number };
}

/**
 * Mainland China: weekends off, 法定节假日 off, 调休 make-up days on, from the
 * State Council's yearly arrangements as maintained in the `chinese-days`
 * package. Years before the data always throw CalendarRangeError; years after
 * it follow `options.afterPublished`.
 */
export function createChinaCalendar(options: ChinaCalendarOptions = {}): ChinaCalendar {
  const afterPublished = options.afterPublished ?? "provisional";
  const isPublished = (date: string): boolean => coveredYears.has(Number(date.slice(0, 4)));
  /** true: use the published table; false: use the provisional rule. */
  const published = (date: string): boolean => {
    requireDate(date, "china");
    if (isPublished(date)) return true;
    const year = Number(date.slice(0, 4));
    if (year > lastYear && afterPublished === "provisional") return false;
    throw new CalendarRangeError(
      date,
      "china",
      `no official holiday arrangement is known for ${year}; the chinese-days data covers ${firstYear}–${lastYear}`,
    );
  };
  const isWeekend = (date: string): boolean => {
    const day = weekday(date);
    return day === 0 || day === 6;
  };
  return {
    publishedYears: { first: firstYear, last: lastYear },
    isPublished(date) {
      requireDate(date, "china");
      return isPublished(date);
    },
    isWorkingDay(date) {
      if (!published(date)) return !isWeekend(date) && !FIXED_HOLIDAYS.has(date.slice(5));
      if (Object.hasOwn(table.workdays, date)) return true;
      if (Object.hasOwn(table.holidays, date)) return false;
      return !isWeekend(date);
    },
    isHoliday(date) {
      // Only the days of an announced holiday break, not ordinary weekends.
      if (!published(date)) return FIXED_HOLIDAYS.has(date.slice(5));
      return Object.hasOwn(table.holidays, date);
    },
  };
}

/** The default China calendar: published years from the data, provisional after them. */
export const chinaCalendar: ChinaCalendar = createChinaCalendar();
