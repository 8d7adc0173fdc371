import { describe, expect, it } from "vitest";
import { chinaCalendar, createChinaCalendar } from "./calendar.js";
import { holidayTable } from "./holiday-data.js";
import { statutoryHolidays } from "./statutory-holidays.js";

// 全国年节及纪念日放假办法 (amended 2024, in force 2025-01-01), Art. 2.
describe("statutory holidays computed for any year", () => {
  it("2027: 春节 除夕 5 Feb – 初三 9 Feb, 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep", () => {
    const days = statutoryHolidays(2027);
    expect([...(days?.keys() ?? [])].sort()).toEqual([
      "2027-01-01",
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-04-05",
      "2027-05-01",
      "2027-05-02",
      "2027-06-09",
      "2027-09-15",
      "2027-10-01",
      "2027-10-02",
      "2027-10-03",
    ]);
    expect(days?.get("2027-02-05")).toBe("春节（除夕）");
  });

  it("uses the almanac's lunar table, not ICU: 正月初一 is 6 Feb 2027 and 3 Feb 2030", () => {
    // ICU's Chinese calendar (Node's Intl) says 7 Feb 2027 and 2 Feb 2030.
    expect(statutoryHolidays(2027)?.get("2027-02-06")).toBe("春节");
    expect(statutoryHolidays(2027)?.has("2027-02-09")).toBe(false);
    expect(statutoryHolidays(2030)?.get("2030-02-02")).toBe("春节（除夕）");
    expect(statutoryHolidays(2030)?.get("2030-02-03")).toBe("春节");
  });

  it("agrees with every published arrangement since the 2024 amendment took effect", () => {
    for (const year of [2025, 2026]) {
      for (const date of statutoryHolidays(year)?.keys() ?? []) {
        expect(Object.hasOwn(holidayTable.holidays, date), `${date} is a holiday`).toBe(true);
      }
    }
  });

  it("before 2025 differs only by 除夕 and 2 May, which the amendment added", () => {
    // (The data for 2012 leaves out Saturday 23 June, inside that year's 端午 break.)
    for (let year = 2013; year <= 2024; year += 1) {
      for (const [date, name] of statutoryHolidays(year) ?? []) {
        if (Object.hasOwn(holidayTable.holidays, date)) continue;
        expect(name === "春节（除夕）" || date.endsWith("-05-02"), `${date} ${name}`).toBe(true);
      }
    }
  });

  it("gives nothing outside 2001–2099, where the Qingming formula is not exact", () => {
    expect(statutoryHolidays(2100)).toBeUndefined();
    expect(statutoryHolidays(2000)).toBeUndefined();
  });
});

describe("the provisional calendar after the published data", () => {
  it("keeps the lunar holidays of 2027 off, but has no 调休 make-up days", () => {
    expect(chinaCalendar.isPublished("2027-02-08")).toBe(false);
    expect(chinaCalendar.isHoliday("2027-02-08")).toBe(true); // 初三, a Monday
    expect(chinaCalendar.isWorkingDay("2027-02-08")).toBe(false);
    expect(chinaCalendar.isWorkingDay("2027-02-09")).toBe(true); // 初四, a Tuesday
    expect(chinaCalendar.isHoliday("2027-09-15")).toBe(true); // 中秋, a Wednesday
    expect(chinaCalendar.isWorkingDay("2027-02-20")).toBe(false); // a Saturday stays off
  });

  it("refuses years past 2099 rather than guess", () => {
    expect(() => chinaCalendar.isHoliday("2100-01-01")).toThrow(/only up to 2099/);
  });

  it("a loaded official schedule replaces the provisional year", () => {
    const cal = createChinaCalendar({
      schedules: [
        {
          year: 2027,
          holidays: [
            "2027-02-05",
            "2027-02-06",
            "2027-02-07",
            "2027-02-08",
            "2027-02-09",
            "2027-02-10",
            "2027-02-11",
          ],
          workdays: ["2027-02-20"],
          source: "a test notice",
        },
      ],
    });
    expect(cal.isPublished("2027-02-08")).toBe(true);
    expect(cal.isHoliday("2027-02-11")).toBe(true);
    expect(cal.isWorkingDay("2027-02-20")).toBe(true); // 调休 Saturday
    expect(cal.isHoliday("2027-09-15")).toBe(false); // only what the notice lists
    expect(cal.publishedYears.last).toBe(2027);
    // The default calendar is not changed by another calendar's schedules.
    expect(chinaCalendar.isWorkingDay("2027-02-20")).toBe(false);
  });
});
