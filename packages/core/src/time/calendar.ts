import { CalendarRangeError } from "./calendar-error.js";
import { civilDayNumber, weekday } from "./civil-date.js";
import { holidayTable } from "./holiday-data.js";
import { type HolidaySchedule, parseHolidaySchedules } from "./holiday-schedule.js";
import { STATUTORY_YEARS, statutoryHolidays } from "./statutory-holidays.js";

export { CalendarRangeError } from "./calendar-error.js";

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

/** Years with a published arrangement in the bundled data: every one includes a holiday. */
const bundledYears = new Set(
  Object.keys(holidayTable.holidays).map((date) => Number(date.slice(0, 4))),
);
const firstYear = Math.min(...bundledYears);

export interface ChinaCalendarOptions {
  /**
   * What to do for a year with no published arrangement (neither bundled nor in
   * `schedules`):
   * - `"provisional"` (default): weekends off, and the statutory holidays of the
   *   全国年节及纪念日放假办法 (2024) Art. 2 off, lunar ones included (春节 除夕–初三,
   *   清明, 端午, 中秋) — but no bridging rest days and no 调休 make-up days, which
   *   only the State Council's yearly notice fixes. Due times are computed once and
   *   stored, so a provisional due time stays what it was when the stage started.
   * - `"throw"`: refuse with CalendarRangeError, for deployments that would
   *   rather stop than count on a provisional calendar.
   */
  afterPublished?: "provisional" | "throw";
  /**
   * Official arrangements the deployment loads itself, e.g. next year's notice
   * once the State Council publishes it (see `parseHolidaySchedules` and
   * `readHolidaySchedules`). A loaded year replaces the bundled one.
   */
  schedules?: readonly HolidaySchedule[] | unknown;
}

/** The Mainland China work calendar, with a chosen rule for years not yet published. */
export interface ChinaCalendar extends WorkCalendar {
  /** Is the date in a year whose official arrangement is known (bundled or loaded)? */
  isPublished(date: string): boolean;
  /** The first and last year of the official arrangements known. */
  readonly publishedYears: { readonly first: number; readonly last: number };
}

interface YearTable {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

function bundledYear(year: number): YearTable {
  const prefix = `${year}-`;
  const pick = (days: Readonly<Record<string, string>>) =>
    new Set(Object.keys(days).filter((d) => d.startsWith(prefix)));
  return { holidays: pick(holidayTable.holidays), workdays: pick(holidayTable.workdays) };
}

/**
 * Mainland China: weekends off, 法定节假日 off, 调休 make-up days on, from the
 * State Council's yearly arrangements (bundled from the `chinese-days` package,
 * plus any `options.schedules`). Years before the data always throw
 * CalendarRangeError; years after it follow `options.afterPublished`.
 */
export function createChinaCalendar(options: ChinaCalendarOptions = {}): ChinaCalendar {
  const afterPublished = options.afterPublished ?? "provisional";
  const years = new Map<number, YearTable>();
  for (const year of bundledYears) years.set(year, bundledYear(year));
  const loaded =
    options.schedules === undefined ? [] : parseHolidaySchedules(options.schedules, "schedules");
  for (const s of loaded) {
    years.set(s.year, { holidays: new Set(s.holidays), workdays: new Set(s.workdays) });
  }
  const lastYear = Math.max(...years.keys());
  const isWeekend = (date: string): boolean => {
    const day = weekday(date);
    return day === 0 || day === 6;
  };
  /** The official table of the date's year, or undefined to use the provisional rule. */
  const officialYear = (date: string): YearTable | undefined => {
    requireDate(date, "china");
    const year = Number(date.slice(0, 4));
    const official = years.get(year);
    if (official) return official;
    const reason =
      year < firstYear
        ? `no official holiday arrangement is known for ${year}; the data starts in ${firstYear}`
        : afterPublished === "throw"
          ? `no official holiday arrangement is known for ${year}; load the year's notice with createChinaCalendar({ schedules })`
          : year > STATUTORY_YEARS.last
            ? `the provisional calendar computes statutory holidays only up to ${STATUTORY_YEARS.last}`
            : undefined;
    if (reason === undefined) return undefined;
    throw new CalendarRangeError(date, "china", reason);
  };
  const provisionalHoliday = (date: string) =>
    statutoryHolidays(Number(date.slice(0, 4)))?.has(date) ?? false;
  return {
    publishedYears: { first: firstYear, last: lastYear },
    isPublished(date) {
      requireDate(date, "china");
      return years.has(Number(date.slice(0, 4)));
    },
    isWorkingDay(date) {
      const official = officialYear(date);
      if (!official) return !isWeekend(date) && !provisionalHoliday(date);
      if (official.workdays.has(date)) return true;
      if (official.holidays.has(date)) return false;
      return !isWeekend(date);
    },
    isHoliday(date) {
      // Only the days of a holiday break, not ordinary weekends.
      const official = officialYear(date);
      if (!official) return provisionalHoliday(date);
      return official.holidays.has(date);
    },
  };
}

/** The default China calendar: published years from the data, provisional after them. */
export const chinaCalendar: ChinaCalendar = createChinaCalendar();
