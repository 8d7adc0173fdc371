import { ValidationError } from "../errors.js";
import { CalendarRangeError } from "./calendar-error.js";
import { addDays, daysBetween } from "./civil-date.js";
import { type LimitName, limitOf, type PeriodLimit, type Policy } from "./policy-config.js";
import { endOfLocalDay, localDateOf, parseInstant } from "./zone.js";

export { formatInZone, localDate } from "./zone.js";

/**
 * Legal time: when a period ends, counted as the Civil Code counts periods
 * (Art. 200–204) unless the policy says otherwise.
 *  - Art. 201: the day the period starts is not counted; counting begins the next day.
 *  - Art. 203 ¶2: the last day ends at 24:00, stored as 23:59:59 in the policy's zone.
 *  - Art. 203 ¶1: a last day that is a 法定休假日 moves to the day after the rest
 *    ends (`lastDayRule`, see docs/policies.md for why weekends count).
 * All inputs are ISO-8601 with offset; all outputs "YYYY-MM-DDT23:59:59±HH:MM".
 */

/** No real calendar goes ten years without a working day; a broken one must not hang us. */
const MAX_SCAN_DAYS = 3660;

function dateIn(policy: Policy, instant: string, field: string): string {
  return localDateOf(parseInstant(instant, field), policy.timeZone);
}

function nextDayWhere(from: string, accept: (date: string) => boolean): string {
  let date = from;
  for (let i = 0; i < MAX_SCAN_DAYS; i += 1) {
    if (accept(date)) return date;
    date = addDays(date, 1);
  }
  throw new CalendarRangeError(
    from,
    "policy",
    `no suitable day within ${MAX_SCAN_DAYS} days after it`,
  );
}

/** Civil Code Art. 203 ¶1 as the policy reads it. */
function applyLastDayRule(policy: Policy, last: string): string {
  switch (policy.lastDayRule) {
    case "nextWorkingDay":
      return nextDayWhere(last, (d) => policy.calendar.isWorkingDay(d));
    case "nextDayAfterHolidayOnly":
      return nextDayWhere(last, (d) => !policy.calendar.isHoliday(d));
    case "none":
      return last;
  }
}

/**
 * The last day of a period of `days` after `startDate` (which is not counted,
 * Art. 201). Dates in `skip` are not counted either (hearing days, W22 Art. 36 ¶2).
 */
function countForward(
  policy: Policy,
  startDate: string,
  days: number,
  unit: PeriodLimit["unit"],
  skip?: ReadonlySet<string>,
): string {
  if (unit === "calendarDays" && (!skip || skip.size === 0)) return addDays(startDate, days);
  let date = startDate;
  let counted = 0;
  for (let scanned = 0; counted < days; scanned += 1) {
    if (scanned >= MAX_SCAN_DAYS) {
      throw new CalendarRangeError(
        startDate,
        "policy",
        `fewer than ${days} countable days in the ${MAX_SCAN_DAYS} days after it`,
      );
    }
    date = addDays(date, 1);
    if (skip?.has(date)) continue;
    if (unit === "calendarDays" || policy.calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}

function requireWholeDays(value: number, field: string, max?: number): void {
  const ok = Number.isInteger(value) && value >= 1 && (max === undefined || value <= max);
  if (!ok) {
    throw new ValidationError("period", [
      {
        path: field,
        message:
          max === undefined
            ? `must be a positive integer, got ${String(value)}`
            : `must be an integer from 1 to ${max}, got ${String(value)}`,
      },
    ]);
  }
}

/**
 * When a period of `period.days` starting at `start` ends — for a limit that is
 * not in the policy, e.g. a 12345 ticket that carries its own limit (BJ Art. 13).
 */
export function dueAfter(policy: Policy, period: PeriodLimit, start: string): string {
  requireWholeDays(period.days, "period.days");
  if (period.unit !== "calendarDays" && period.unit !== "workingDays") {
    throw new ValidationError("period", [
      { path: "period.unit", message: 'must be "calendarDays" or "workingDays"' },
    ]);
  }
  const startDate = dateIn(policy, start, "start");
  // A due time depends only on the start's local date, so it is computed once
  // per policy, date and period: every command computes several.
  let cache = dueCache.get(policy);
  if (!cache) {
    cache = new Map();
    dueCache.set(policy, cache);
  }
  const key = `${startDate}|${period.days}|${period.unit}`;
  let due = cache.get(key);
  if (due === undefined) {
    const last = countForward(policy, startDate, period.days, period.unit);
    due = endOfLocalDay(applyLastDayRule(policy, last), policy.timeZone);
    if (cache.size >= 20_000) cache.clear();
    cache.set(key, due);
  }
  return due;
}

/** Per policy (policies are frozen; calendars must be pure): start date and period → due time. */
const dueCache = new WeakMap<Policy, Map<string, string>>();

/**
 * When a stage starting at `start` (ISO with offset) is due: the day of `start`
 * is not counted (Civil Code Art. 201), the period ends at 24:00 of its last day
 * in policy.timeZone (Art. 203), written "YYYY-MM-DDT23:59:59+08:00"; working-day
 * periods count only working days of policy.calendar; then lastDayRule applies.
 */
export function dueAt(policy: Policy, limit: LimitName, start: string): string {
  return dueAfter(policy, limitOf(policy, limit), start);
}

/** A span of business time that does not count towards a limit (a hearing, W22 Art. 36 ¶2). */
export interface ExcludedSpan {
  from: string;
  to: string;
}

/** Every local date a span touches, from the date of `from` to the date of `to` inclusive. */
function datesTouched(policy: Policy, spans: readonly ExcludedSpan[]): Set<string> {
  const dates = new Set<string>();
  spans.forEach((span, i) => {
    const fromMs = parseInstant(span.from, `excluded.${i}.from`);
    const toMs = parseInstant(span.to, `excluded.${i}.to`);
    if (toMs < fromMs) {
      throw new ValidationError("period", [
        {
          path: `excluded.${i}.to`,
          message: `must not be before from (${span.from}), got ${span.to}`,
        },
      ]);
    }
    const first = localDateOf(fromMs, policy.timeZone);
    const days = daysBetween(first, localDateOf(toMs, policy.timeZone));
    for (let d = 0; d <= days; d += 1) dates.add(addDays(first, d));
  });
  return dates;
}

/**
 * When a stage that started at `start` is due, counting its limit plus
 * `extraDays` (an approved extension, W22 Art. 34) and not counting the dates
 * touched by `excluded` spans (hearings, W22 Art. 36 ¶2) — counted as one
 * period and rolled once (Civil Code Art. 201, 203):
 *  - a hearing day is a whole day not counted (a two-hour hearing excludes its
 *    date; one from 09:00 Monday to 12:00 Tuesday two dates);
 *  - an extension lengthens the period itself: its days follow the limit's last
 *    counted day, not a last day already moved off a holiday (Art. 203 ¶1 moves
 *    only "期间的最后一日", and once extended the 60th day is no longer last).
 * The result never depends on the order of spans, and equals `dueAt` when
 * there is nothing to add or exclude.
 */
export function dueCounting(
  policy: Policy,
  limit: LimitName | PeriodLimit,
  start: string,
  adjust: { extraDays?: number; excluded?: readonly ExcludedSpan[] } = {},
): string {
  const period = typeof limit === "string" ? limitOf(policy, limit) : limit;
  const extra = adjust.extraDays ?? 0;
  if (extra !== 0) requireWholeDays(extra, "extraDays");
  const skip =
    adjust.excluded && adjust.excluded.length > 0
      ? datesTouched(policy, adjust.excluded)
      : undefined;
  if (extra === 0 && !skip) return dueAfter(policy, period, start);
  requireWholeDays(period.days, "period.days");
  const last = countForward(
    policy,
    dateIn(policy, start, "start"),
    period.days + extra,
    period.unit,
    skip,
  );
  return endOfLocalDay(applyLastDayRule(policy, last), policy.timeZone);
}

/**
 * Whole calendar days from `now` to `due`, both read as dates in policy.timeZone:
 * date(due) − date(now). 0 = due today, 1 = due tomorrow, −1 = it was due
 * yesterday (one day overdue). Times of day do not matter, so the count changes
 * exactly at local midnight. Use it for ReminderIssued.daysLeft, and its absolute
 * value for SupervisionIssued.daysOverdue once `now` is past `due`.
 */
export function daysUntil(policy: Policy, now: string, due: string): number {
  return daysBetween(dateIn(policy, now, "now"), dateIn(policy, due, "due"));
}
