// The default export, not a named import: the package's main is CommonJS, and
// Node's ESM loader cannot see its named exports when core runs from source.
import chineseDays from "chinese-days";
import { CalendarRangeError } from "./calendar-error.js";
import { addDays, fromDayNumber, pad, toDayNumber } from "./civil-date.js";

/**
 * The statutory holidays (法定节假日) of a year, as the 全国年节及纪念日放假办法
 * (State Council, amended 2024, in force 2025-01-01) Art. 2 fixes them:
 *   元旦 1 Jan; 春节 农历除夕 and 正月初一–初三 (4 days); 清明节 the day of the
 *   Qingming solar term; 劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五;
 *   国庆节 1–3 Oct.
 * These are the days off by law. The yearly State Council notice adds bridging
 * rest days and the 调休 make-up working days around them; those cannot be
 * computed, only published (see `HolidaySchedule`).
 *
 * The lunar dates come from the lunar month table of the `chinese-days` package
 * (1900–2100, the table published almanacs use), not from guesses. Node's `Intl`
 * Chinese calendar (ICU) was tried and rejected: it puts 正月初一 of 2027 on
 * 7 Feb and of 2030 on 2 Feb, where the official dates are 6 Feb and 3 Feb
 * (ICU's astronomical approximation errs near midnight; a test pins both).
 * Qingming comes from the standard solar-term approximation, exact for 2001–2099.
 */

/** Gregorian years for which the computation is trusted (Qingming formula range). */
export const STATUTORY_YEARS = { first: 2001, last: 2099 } as const;

/** The Chinese-calendar month and day of a Gregorian date; leap months are marked. */
function lunarMonthDay(date: string): { month: number; leap: boolean; day: number } {
  // Noon in Beijing of that date: the package counts days from a Beijing
  // midnight with the host's Date, so a half-day margin keeps any host zone right.
  const lunar = chineseDays.getLunarDate(new Date(toDayNumber(date) * 86_400_000 + 4 * 3_600_000));
  return { month: lunar.lunarMon, leap: lunar.isLeap, day: lunar.lunarDay };
}

/** The first Gregorian date in [from, from + span) with this (non-leap) lunar month and day. */
function findLunar(from: string, span: number, month: number, day: number): string {
  const start = toDayNumber(from);
  for (let i = 0; i < span; i += 1) {
    const date = fromDayNumber(start + i);
    const lunar = lunarMonthDay(date);
    if (!lunar.leap && lunar.month === month && lunar.day === day) return date;
  }
  throw new CalendarRangeError(
    from,
    "lunar",
    `no lunar ${month}/${day} within ${span} days after it`,
  );
}

/**
 * Day of April of the Qingming solar term in a year of the 21st century:
 * floor(Y·0.2422 + 4.81) − floor(Y/4), Y = year − 2000 (the "寿星" formula).
 */
function qingmingDay(year: number): number {
  const y = year - 2000;
  return Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
}

const cache = new Map<number, ReadonlyMap<string, string>>();

/**
 * Date → holiday name for every statutory holiday of `year`, or `undefined` for
 * a year outside STATUTORY_YEARS (the caller decides what to do).
 */
export function statutoryHolidays(year: number): ReadonlyMap<string, string> | undefined {
  if (!Number.isInteger(year) || year < STATUTORY_YEARS.first || year > STATUTORY_YEARS.last) {
    return undefined;
  }
  const known = cache.get(year);
  if (known) return known;
  const days = new Map<string, string>();
  const on = (date: string, name: string) => days.set(date, name);
  const y = pad(year, 4);
  on(`${y}-01-01`, "元旦");
  // 正月初一 falls between 21 Jan and 20 Feb.
  const newYear = findLunar(`${y}-01-20`, 35, 1, 1);
  on(addDays(newYear, -1), "春节（除夕）");
  for (let i = 0; i < 3; i += 1) on(addDays(newYear, i), "春节");
  on(`${y}-04-${pad(qingmingDay(year), 2)}`, "清明节");
  on(`${y}-05-01`, "劳动节");
  on(`${y}-05-02`, "劳动节");
  // 五月初五 falls between 28 May and 25 June; 八月十五 between 7 Sep and 8 Oct.
  on(findLunar(`${y}-05-25`, 40, 5, 5), "端午节");
  on(findLunar(`${y}-09-05`, 40, 8, 15), "中秋节");
  for (const d of ["01", "02", "03"]) on(`${y}-10-${d}`, "国庆节");
  cache.set(year, days);
  return days;
}
