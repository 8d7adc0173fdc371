import { readFileSync } from "node:fs";
import { ValidationError } from "../errors.js";
import { civilDayNumber } from "./civil-date.js";

/**
 * One year's official holiday arrangement (the State Council's yearly notice on
 * 部分节假日安排): the days of each holiday break and the 调休 make-up working
 * days. A deployment loads a newly published year without a new release.
 */
export interface HolidaySchedule {
  year: number;
  /** Every rest day of the year's holiday breaks, "YYYY-MM-DD". */
  holidays: readonly string[];
  /** Weekend days that are working days (调休), "YYYY-MM-DD". */
  workdays: readonly string[];
  /** Where it comes from, e.g. the notice's number (国办发明电〔2026〕…号). */
  source?: string;
}

type Issue = { path: string; message: string };

function datesOf(value: unknown, path: string, issues: Issue[]): string[] {
  // Both a list of dates and the `chinese-days` JSON form (date → name) are accepted.
  const list = Array.isArray(value)
    ? value
    : typeof value === "object" && value !== null
      ? Object.keys(value)
      : undefined;
  if (!list) {
    issues.push({ path, message: "must be a list of dates or an object keyed by date" });
    return [];
  }
  const dates: string[] = [];
  list.forEach((date, i) => {
    if (typeof date !== "string" || civilDayNumber(date) === undefined) {
      issues.push({
        path: `${path}.${i}`,
        message: `must be a date "YYYY-MM-DD", got ${JSON.stringify(date)}`,
      });
    } else dates.push(date);
  });
  return dates;
}

function scheduleOf(value: unknown, path: string, issues: Issue[]): HolidaySchedule | undefined {
  if (typeof value !== "object" || value === null) {
    issues.push({ path, message: "must be an object { year, holidays, workdays }" });
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const year = v.year;
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 2200) {
    issues.push({ path: `${path}.year`, message: "must be a year such as 2027" });
    return undefined;
  }
  const holidays = datesOf(v.holidays, `${path}.holidays`, issues);
  const workdays = datesOf(v.workdays ?? [], `${path}.workdays`, issues);
  if (holidays.length === 0) {
    issues.push({ path: `${path}.holidays`, message: `lists no holiday for ${year}` });
  }
  const prefix = `${year}-`;
  for (const [field, dates] of [
    ["holidays", holidays],
    ["workdays", workdays],
  ] as const) {
    const stray = dates.find((d) => !d.startsWith(prefix));
    if (stray) issues.push({ path: `${path}.${field}`, message: `${stray} is not in ${year}` });
  }
  const both = holidays.find((d) => workdays.includes(d));
  if (both)
    issues.push({ path: `${path}.workdays`, message: `${both} is listed as a holiday too` });
  const source = typeof v.source === "string" ? v.source : undefined;
  return { year, holidays, workdays, ...(source === undefined ? {} : { source }) };
}

/** Split the `chinese-days` JSON form ({ holidays: {date: name}, workdays: {…} }) by year. */
function byYear(value: Record<string, unknown>, path: string, issues: Issue[]): unknown[] {
  const holidays = datesOf(value.holidays, `${path}.holidays`, issues);
  const workdays = datesOf(value.workdays ?? {}, `${path}.workdays`, issues);
  const years = [...new Set([...holidays, ...workdays].map((d) => Number(d.slice(0, 4))))];
  return years.map((year) => ({
    year,
    holidays: holidays.filter((d) => d.startsWith(`${year}-`)),
    workdays: workdays.filter((d) => d.startsWith(`${year}-`)),
  }));
}

/**
 * Read holiday arrangements from a parsed JSON value: one schedule, a list of
 * them, or the `chinese-days` form keyed by date. Throws a ValidationError that
 * names every bad field; a year may appear only once.
 */
export function parseHolidaySchedules(
  value: unknown,
  subject = "holiday schedules",
): HolidaySchedule[] {
  const issues: Issue[] = [];
  let entries: unknown[];
  let path = "";
  if (Array.isArray(value)) entries = value;
  else if (typeof value === "object" && value !== null && !("year" in value)) {
    entries = byYear(value as Record<string, unknown>, "", issues);
    path = "year";
  } else entries = [value];
  const schedules: HolidaySchedule[] = [];
  entries.forEach((entry, i) => {
    const schedule = scheduleOf(
      entry,
      path === "year"
        ? `(${String((entry as { year?: unknown }).year)})`
        : Array.isArray(value)
          ? String(i)
          : "",
      issues,
    );
    if (!schedule) return;
    if (schedules.some((s) => s.year === schedule.year)) {
      issues.push({ path: `${i}.year`, message: `${schedule.year} is given twice` });
    }
    schedules.push(schedule);
  });
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return schedules;
}

/** `parseHolidaySchedules` of a JSON file: for deployments that keep next year's notice in a file. */
export function readHolidaySchedules(file: string): HolidaySchedule[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ValidationError(`holiday schedule file ${file}`, [
      {
        path: "file",
        message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`holiday schedule file ${file}`, [
      { path: "file", message: `is not JSON (${(error as Error).message})` },
    ]);
  }
  return parseHolidaySchedules(json, `holiday schedule file ${file}`);
}
