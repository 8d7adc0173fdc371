import type { MetricsGroup, MetricsReport, Rate } from "@petitio/core";
import { monthInZone } from "../util/zoned-time.js";

/**
 * Calendar months as `YYYY-MM` keys: the continuous axis of the monthly
 * charts (a month without petitions is a zero, not a missing bar) and the
 * default month of hot topics.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const parts = (month: string): [number, number] => {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: ${JSON.stringify(month)}`);
  return [Number(m[1]), Number(m[2])];
};

const key = (year: number, month: number): string =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

export const nextMonth = (month: string): string => {
  const [y, m] = parts(month);
  return m === 12 ? key(y + 1, 1) : key(y, m + 1);
};

export const previousMonthOf = (month: string): string => {
  const [y, m] = parts(month);
  return m === 1 ? key(y - 1, 12) : key(y, m - 1);
};

/** Every month from `first` to `last`, both included (empty when last < first). */
export const monthsBetween = (first: string, last: string): string[] => {
  const months: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  return months;
};

/**
 * The latest month that had ended by `asOfMs` in `timeZone`: the month before
 * the one asOf falls in (asOf's own month is still running).
 */
export const lastCompleteMonth = (asOfMs: number, timeZone: string): string =>
  previousMonthOf(monthInZone(asOfMs, timeZone));

const NO_RATE: Rate = { numerator: 0, denominator: 0, value: null };

/** A group with nothing in it: zero counts, every rate without a denominator. */
export const emptyGroup = (groupKey: string, like: MetricsReport): MetricsGroup => ({
  key: groupKey,
  counts: Object.fromEntries(
    Object.keys(like.counts).map((k) => [k, 0]),
  ) as unknown as MetricsGroup["counts"],
  rates: Object.fromEntries(
    Object.keys(like.rates).map((k) => [k, NO_RATE]),
  ) as unknown as MetricsGroup["rates"],
});

/**
 * The groups of a by-month report on a continuous axis: from the period's
 * first month (else the first month with petitions) to its last (else the
 * later of the last month with petitions and asOf's month), gaps filled with
 * empty groups. Groups without a month key (petitions never received) are
 * left out.
 */
export const continuousMonths = (byMonth: MetricsReport, timeZone: string): MetricsGroup[] => {
  const byKey = new Map(byMonth.groups.filter((g) => MONTH.test(g.key)).map((g) => [g.key, g]));
  const keys = [...byKey.keys()].sort();
  const asOfMonth = monthInZone(Date.parse(byMonth.asOf), timeZone);
  const first = byMonth.from !== null ? monthInZone(Date.parse(byMonth.from), timeZone) : keys[0];
  const lastKey = keys.at(-1);
  const last =
    byMonth.to !== null
      ? monthInZone(Date.parse(byMonth.to) - 1, timeZone)
      : lastKey === undefined || asOfMonth > lastKey
        ? asOfMonth
        : lastKey;
  if (first === undefined) return [];
  return monthsBetween(first, last).map((m) => byKey.get(m) ?? emptyGroup(m, byMonth));
};
