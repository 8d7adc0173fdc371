import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chinaCalendar, weekendCalendar } from "./calendar.js";
import { daysUntil, dueAt, dueCounting } from "./legal-time.js";
import {
  definePolicy,
  hotline12345Policy,
  LIMIT_NAMES,
  type LimitName,
  nationalPolicy,
  type Policy,
  zhejiangPolicy,
} from "./policy.js";
import { localDate } from "./zone.js";

// Starts stay inside the years chinese-days covers, with room for the longest
// period (60 days + rollover) before its data ends.
const FIRST = Date.parse("2004-01-01T00:00:00Z");
const LAST = Date.parse("2026-09-30T00:00:00Z");
/** Offsets an instant may be written with, in minutes east of UTC. */
const OFFSETS: Record<string, number> = {
  Z: 0,
  "+08:00": 480,
  "-05:00": -300,
  "+05:45": 345,
  "+14:00": 840,
  "-11:00": -660,
};

/** An ISO instant with a random offset: the same moment however it is written. */
const instant = fc
  .tuple(fc.integer({ min: FIRST, max: LAST }), fc.constantFrom(...Object.keys(OFFSETS)))
  .map(([ms, offset]) => {
    const shifted = Math.floor(ms / 1000) * 1000 + (OFFSETS[offset] ?? 0) * 60_000;
    return `${new Date(shifted).toISOString().slice(0, 19)}${offset}`;
  });

const chinaPolicies = [
  nationalPolicy,
  zhejiangPolicy,
  hotline12345Policy,
  definePolicy(nationalPolicy, { id: "none", lastDayRule: "none" }),
  definePolicy(nationalPolicy, { id: "holiday-only", lastDayRule: "nextDayAfterHolidayOnly" }),
];
const policy = fc.constantFrom(...chinaPolicies);

function limitsOf(p: Policy): LimitName[] {
  return LIMIT_NAMES.filter((name) => p.limits[name] !== undefined);
}
const policyAndLimit = policy.chain((p) =>
  fc.tuple(fc.constant(p), fc.constantFrom(...limitsOf(p))),
);

describe("dueAt properties", () => {
  it("the due time is after the start and is 23:59:59 in Shanghai", () => {
    fc.assert(
      fc.property(policyAndLimit, instant, ([p, limit], start) => {
        const due = dueAt(p, limit, start);
        expect(due).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/);
        expect(Date.parse(due)).toBeGreaterThan(Date.parse(start));
        // The period is at least as long as its number of days (Art. 201: start day not counted).
        expect(daysUntil(p, start, due)).toBeGreaterThanOrEqual(p.limits[limit]!.days);
      }),
    );
  });

  it("with lastDayRule nextWorkingDay the due day is a working day", () => {
    fc.assert(
      fc.property(fc.constantFrom(...limitsOf(nationalPolicy)), instant, (limit, start) => {
        const due = dueAt(nationalPolicy, limit, start);
        expect(chinaCalendar.isWorkingDay(due.slice(0, 10))).toBe(true);
      }),
    );
  });

  it("with nextDayAfterHolidayOnly the due day is never an official holiday", () => {
    const p = chinaPolicies[4]!;
    fc.assert(
      fc.property(fc.constantFrom(...limitsOf(p)), instant, (limit, start) => {
        expect(chinaCalendar.isHoliday(dueAt(p, limit, start).slice(0, 10))).toBe(false);
      }),
    );
  });

  it("is monotonic in the start", () => {
    fc.assert(
      fc.property(policyAndLimit, instant, instant, ([p, limit], a, b) => {
        const [early, late] = Date.parse(a) <= Date.parse(b) ? [a, b] : [b, a];
        expect(Date.parse(dueAt(p, limit, early))).toBeLessThanOrEqual(
          Date.parse(dueAt(p, limit, late)),
        );
      }),
    );
  });

  it("an extension never makes a due time earlier, and a longer one is never shorter", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (start, x, y) => {
          const due = dueAt(nationalPolicy, "handling", start);
          const [short, long] = x <= y ? [x, y] : [y, x];
          const a = dueCounting(nationalPolicy, "handling", start, { extraDays: short });
          const b = dueCounting(nationalPolicy, "handling", start, { extraDays: long });
          expect(Date.parse(a)).toBeGreaterThanOrEqual(Date.parse(due));
          // The extended period's last day is at least `short` days after the unextended 60th day.
          expect(daysUntil(nationalPolicy, start, a)).toBeGreaterThanOrEqual(60 + short);
          expect(Date.parse(b)).toBeGreaterThanOrEqual(Date.parse(a));
        },
      ),
    );
  });
});

describe("America/New_York properties (DST)", () => {
  const nyc = definePolicy(nationalPolicy, {
    id: "us-nyc",
    timeZone: "America/New_York",
    calendar: weekendCalendar,
  });

  it("due is 23:59:59 local with the offset in force that night, on a weekday", () => {
    fc.assert(
      fc.property(fc.constantFrom(...limitsOf(nyc)), instant, (limit, start) => {
        const due = dueAt(nyc, limit, start);
        expect(due).toMatch(/T23:59:59-0[45]:00$/);
        expect(localDate(due, "America/New_York")).toBe(due.slice(0, 10));
        expect(weekendCalendar.isWorkingDay(due.slice(0, 10))).toBe(true);
      }),
    );
  });
});
