import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { createChinaCalendar } from "./calendar.js";
import { parseHolidaySchedules, readHolidaySchedules } from "./holiday-schedule.js";

describe("loading a year's official holiday arrangement", () => {
  it("accepts the date-keyed JSON form (as the chinese-days package writes it), split by year", () => {
    const schedules = parseHolidaySchedules({
      holidays: { "2027-10-01": "国庆节", "2027-10-04": "国庆节", "2028-01-01": "元旦" },
      workdays: { "2027-09-26": "国庆节调休" },
    });
    expect(schedules).toEqual([
      { year: 2027, holidays: ["2027-10-01", "2027-10-04"], workdays: ["2027-09-26"] },
      { year: 2028, holidays: ["2028-01-01"], workdays: [] },
    ]);
  });

  it("names every bad field", () => {
    try {
      parseHolidaySchedules([
        { year: 2027, holidays: ["2027-02-30", "2028-01-01"], workdays: ["2027-02-06"] },
        { year: "next", holidays: [] },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).issues.map((i) => i.path);
      expect(paths).toEqual(["0.holidays.0", "0.holidays", "1.year"]);
      expect((error as ValidationError).message).toMatch(/2028-01-01 is not in 2027/);
    }
  });

  it("refuses a day that is both a holiday and a make-up working day", () => {
    expect(() =>
      parseHolidaySchedules({ year: 2027, holidays: ["2027-10-01"], workdays: ["2027-10-01"] }),
    ).toThrow(/2027-10-01 is listed as a holiday too/);
  });

  it("reads a file, and says which file when it cannot", () => {
    const dir = mkdtempSync(join(tmpdir(), "petitio-schedule-"));
    const file = join(dir, "2027.json");
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: ["2027-05-03"], workdays: [] }));
    const cal = createChinaCalendar({ schedules: readHolidaySchedules(file) });
    expect(cal.isHoliday("2027-05-03")).toBe(true);
    expect(() => readHolidaySchedules(join(dir, "missing.json"))).toThrow(/missing\.json.*ENOENT/);
    writeFileSync(file, "{ not json");
    expect(() => readHolidaySchedules(file)).toThrow(/is not JSON/);
  });
});
