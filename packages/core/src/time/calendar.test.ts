import { describe, expect, it } from "vitest";
import { PetitioError } from "../errors.js";
import {
  CalendarRangeError,
  chinaCalendar,
  createChinaCalendar,
  weekendCalendar,
} from "./calendar.js";

// Facts from the State Council's 2024 holiday notice (国办发明电〔2023〕7号).
describe("chinaCalendar (chinese-days data)", () => {
  it("Spring Festival 2024: 02-10..17 off and holidays; Sundays 02-04 and 02-18 are worked", () => {
    for (const d of ["10", "11", "12", "13", "14", "15", "16", "17"]) {
      expect(chinaCalendar.isWorkingDay(`2024-02-${d}`)).toBe(false);
      expect(chinaCalendar.isHoliday(`2024-02-${d}`)).toBe(true);
    }
    for (const date of ["2024-02-04", "2024-02-18"]) {
      expect(chinaCalendar.isWorkingDay(date)).toBe(true);
      expect(chinaCalendar.isHoliday(date)).toBe(false);
    }
    expect(chinaCalendar.isWorkingDay("2024-02-09")).toBe(true); // 除夕 2024 was a working Friday
  });

  it("National Day 2024: 10-01..07 off; Sun 09-29 and Sat 10-12 worked", () => {
    for (let d = 1; d <= 7; d += 1) {
      expect(chinaCalendar.isHoliday(`2024-10-0${d}`)).toBe(true);
      expect(chinaCalendar.isWorkingDay(`2024-10-0${d}`)).toBe(false);
    }
    expect(chinaCalendar.isWorkingDay("2024-09-29")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-10-12")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-10-08")).toBe(true);
  });

  it("an ordinary weekend is a rest day but not an official holiday", () => {
    expect(chinaCalendar.isWorkingDay("2024-03-16")).toBe(false);
    expect(chinaCalendar.isHoliday("2024-03-16")).toBe(false);
    expect(chinaCalendar.isWorkingDay("2024-03-15")).toBe(true);
  });

  it("says so, naming the date, for a year before the data", () => {
    try {
      chinaCalendar.isHoliday("1999-10-01");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PetitioError);
      const e = error as CalendarRangeError;
      expect(e.date).toBe("1999-10-01");
      expect(e.code).toBe("CALENDAR_OUT_OF_RANGE");
      expect(e.message).toMatch(/the data starts in 2004/);
    }
  });

  it("after the last published year, is provisional by default: weekends and fixed-date holidays off", () => {
    const year = chinaCalendar.publishedYears.last + 1;
    expect(chinaCalendar.isPublished(`${year}-03-03`)).toBe(false);
    expect(chinaCalendar.isPublished(`${year - 1}-03-03`)).toBe(true);
    // 2031-05-01 is a Thursday, 2031-05-06 a Tuesday, 2031-05-03 a Saturday.
    expect(chinaCalendar.isHoliday("2031-05-01")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2031-05-01")).toBe(false);
    expect(chinaCalendar.isWorkingDay("2031-05-06")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2031-05-03")).toBe(false);
    expect(chinaCalendar.isHoliday("2031-05-03")).toBe(false);
  });

  it("with afterPublished: throw, refuses a year without a published arrangement", () => {
    const strict = createChinaCalendar({ afterPublished: "throw" });
    expect(() => strict.isWorkingDay("2031-05-06")).toThrow(CalendarRangeError);
    expect(() => strict.isWorkingDay("2031-05-06")).toThrow(
      /no official holiday arrangement is known for 2031/,
    );
    expect(strict.isWorkingDay("2024-02-18")).toBe(true); // published years are unaffected
  });

  it("refuses strings that are not calendar dates", () => {
    expect(() => chinaCalendar.isWorkingDay("2024-02-30")).toThrow(CalendarRangeError);
    expect(() => chinaCalendar.isWorkingDay("2024-2-3")).toThrow(/not a calendar date/);
  });
});

describe("weekendCalendar", () => {
  it("works Monday to Friday and knows no holidays", () => {
    expect(weekendCalendar.isWorkingDay("2024-10-01")).toBe(true); // a Tuesday
    expect(weekendCalendar.isWorkingDay("2024-10-05")).toBe(false); // Saturday
    expect(weekendCalendar.isWorkingDay("2024-10-06")).toBe(false); // Sunday
    expect(weekendCalendar.isHoliday("2024-12-25")).toBe(false);
    expect(() => weekendCalendar.isWorkingDay("24-10-01")).toThrow(CalendarRangeError);
  });
});
