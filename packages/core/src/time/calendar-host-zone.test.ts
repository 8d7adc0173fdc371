import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaCalendar } from "./calendar.js";

// chinese-days reads "YYYY-MM-DD" as UTC midnight and then uses local Date
// methods, so on a host west of Greenwich it answers for the previous day.
// chinaCalendar must give the same answers whatever the host's TZ (Node applies
// a change of process.env.TZ at once; this file runs in its own worker).
describe("chinaCalendar does not depend on the host time zone", () => {
  const original = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "America/New_York";
  });
  afterAll(() => {
    process.env.TZ = original;
  });

  it("runs with a host zone west of Greenwich", () => {
    expect(new Date(Date.UTC(2024, 1, 19)).getDate()).toBe(18);
  });

  it("Mon 2024-02-19 is a working day and Sat 2024-02-10 a holiday, also in New York", () => {
    expect(chinaCalendar.isWorkingDay("2024-02-19")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-02-18")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-02-10")).toBe(false);
    expect(chinaCalendar.isHoliday("2024-02-10")).toBe(true);
    expect(chinaCalendar.isHoliday("2024-02-09")).toBe(false);
    expect(chinaCalendar.isWorkingDay("2024-10-12")).toBe(true);
  });
});
