import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { CalendarRangeError, createChinaCalendar, weekendCalendar } from "./calendar.js";
import { daysUntil, dueAfter, dueAt, dueCounting } from "./legal-time.js";
import { definePolicy, hotline12345Policy, nationalPolicy, zhejiangPolicy } from "./policy.js";

// Expected dates below are worked out by hand from the State Council holiday
// notices (2024: Spring Festival 02-10..17 off, Sun 02-04 and Sun 02-18 worked;
// National Day 10-01..07 off, Sun 09-29 and Sat 10-12 worked; 2025: New Year
// 01-01 only, Sat 02-08 worked) and the counting rules of Civil Code Art. 201/203.

const noRollover = definePolicy(nationalPolicy, { id: "no-rollover", lastDayRule: "none" });
const holidayOnly = definePolicy(nationalPolicy, {
  id: "holiday-only",
  lastDayRule: "nextDayAfterHolidayOnly",
});

describe("dueAt: 15-day routing (W22 Art. 22), day of receipt not counted (Civil Code Art. 201)", () => {
  it("reproduces the worked example when rollover is off: 2011-04-02 → 2011-04-17 (a Sunday)", () => {
    expect(dueAt(noRollover, "routing", "2011-04-02T18:00:54+08:00")).toBe(
      "2011-04-17T23:59:59+08:00",
    );
    // With the default Art. 203 rollover the Sunday moves to Monday.
    expect(dueAt(nationalPolicy, "routing", "2011-04-02T18:00:54+08:00")).toBe(
      "2011-04-18T23:59:59+08:00",
    );
  });

  it("Spring Festival 2024: a last day inside the break moves to the make-up Sunday 02-18 (Art. 203)", () => {
    // 02-01 + 15 = Fri 02-16, a holiday; 02-17 is a holiday too; Sun 02-18 is worked.
    expect(dueAt(nationalPolicy, "routing", "2024-02-01T10:00:00+08:00")).toBe(
      "2024-02-18T23:59:59+08:00",
    );
    // 01-26 + 15 = Sat 02-10, first day of the break.
    expect(dueAt(nationalPolicy, "routing", "2024-01-26T08:00:00+08:00")).toBe(
      "2024-02-18T23:59:59+08:00",
    );
    expect(dueAt(noRollover, "routing", "2024-02-01T10:00:00+08:00")).toBe(
      "2024-02-16T23:59:59+08:00",
    );
  });

  it("Spring Festival 2024: a last day on the make-up Sunday 02-04 stays (it is a working day)", () => {
    expect(dueAt(nationalPolicy, "routing", "2024-01-20T09:00:00+08:00")).toBe(
      "2024-02-04T23:59:59+08:00",
    );
  });

  it("National Day 2024: 10-01 moves to Tue 10-08; make-up days 09-29 (Sun) and 10-12 (Sat) stay", () => {
    expect(dueAt(nationalPolicy, "routing", "2024-09-16T09:00:00+08:00")).toBe(
      "2024-10-08T23:59:59+08:00",
    );
    expect(dueAt(nationalPolicy, "routing", "2024-09-14T09:00:00+08:00")).toBe(
      "2024-09-29T23:59:59+08:00",
    );
    expect(dueAt(nationalPolicy, "routing", "2024-09-27T09:00:00+08:00")).toBe(
      "2024-10-12T23:59:59+08:00",
    );
  });

  it("a plain weekend last day: nextWorkingDay moves it, nextDayAfterHolidayOnly and none keep it", () => {
    // 03-01 + 15 = Sat 2024-03-16.
    const start = "2024-03-01T09:00:00+08:00";
    expect(dueAt(nationalPolicy, "routing", start)).toBe("2024-03-18T23:59:59+08:00");
    expect(dueAt(holidayOnly, "routing", start)).toBe("2024-03-16T23:59:59+08:00");
    expect(dueAt(noRollover, "routing", start)).toBe("2024-03-16T23:59:59+08:00");
  });

  it("nextDayAfterHolidayOnly still moves a last day that is an official holiday", () => {
    expect(dueAt(holidayOnly, "routing", "2024-09-16T09:00:00+08:00")).toBe(
      "2024-10-08T23:59:59+08:00",
    );
  });

  it("a period crossing the year: 2024-12-20 + 15 = Sat 2025-01-04 → Mon 2025-01-06", () => {
    expect(dueAt(nationalPolicy, "routing", "2024-12-20T09:00:00+08:00")).toBe(
      "2025-01-06T23:59:59+08:00",
    );
    // 60-day handling (W22 Art. 34) from 2024-12-10 ends Sat 2025-02-08, a make-up working day.
    expect(dueAt(nationalPolicy, "handling", "2024-12-10T15:00:00+08:00")).toBe(
      "2025-02-08T23:59:59+08:00",
    );
  });

  it("counts from the date in the policy's zone: 2024-03-01T23:30:00Z is 03-02 in Shanghai", () => {
    // 03-02 + 15 = Sun 03-17 → Mon 03-18; counted in UTC it would be Sat 03-16.
    expect(dueAt(noRollover, "routing", "2024-03-01T23:30:00Z")).toBe("2024-03-17T23:59:59+08:00");
    expect(dueAt(nationalPolicy, "routing", "2024-03-01T23:30:00Z")).toBe(
      "2024-03-18T23:59:59+08:00",
    );
    const utcPolicy = definePolicy(noRollover, {
      id: "utc",
      timeZone: "UTC",
      calendar: weekendCalendar,
    });
    expect(dueAt(utcPolicy, "routing", "2024-03-01T23:30:00Z")).toBe("2024-03-16T23:59:59+00:00");
  });

  it("past the holiday data, counts on the provisional calendar, or refuses when told to", () => {
    // 2026-12-20 + 15 = 2027-01-04, a Monday; chinese-days 1.5.7 knows no 2027 arrangement,
    // so only weekends and 1 January are known to be off.
    expect(dueAt(nationalPolicy, "routing", "2026-12-20T09:00:00+08:00")).toBe(
      "2027-01-04T23:59:59+08:00",
    );
    const strict = definePolicy(nationalPolicy, {
      calendar: createChinaCalendar({ afterPublished: "throw" }),
    });
    expect(() => dueAt(strict, "routing", "2026-12-20T09:00:00+08:00")).toThrow(CalendarRangeError);
    expect(() => dueAt(strict, "routing", "2026-12-20T09:00:00+08:00")).toThrow(/2027-01-04/);
  });

  it("rejects a start without offset and a limit the policy does not have, naming the field", () => {
    expect(() => dueAt(nationalPolicy, "routing", "2024-03-01T09:00:00")).toThrow(ValidationError);
    expect(() => dueAt(nationalPolicy, "routing", "2024-03-01T09:00:00")).toThrow(/start: must be/);
    try {
      dueAt(nationalPolicy, "callBack", "2024-03-01T09:00:00+08:00");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("limits.callBack");
    }
  });
});

describe("dueAt: working-day periods (W22 Art. 23 ¶3 objection: 5 working days)", () => {
  it("counts the make-up Saturday 2024-10-12 as a working day", () => {
    // From Wed 10-09: Thu 10(1) Fri 11(2) Sat 12 worked(3) Mon 14(4) Tue 15(5).
    expect(dueAt(nationalPolicy, "objection", "2024-10-09T10:00:00+08:00")).toBe(
      "2024-10-15T23:59:59+08:00",
    );
    // Without the 调休 calendar the same count ends a day later.
    const plainWeeks = definePolicy(nationalPolicy, { id: "plain", calendar: weekendCalendar });
    expect(dueAt(plainWeeks, "objection", "2024-10-09T10:00:00+08:00")).toBe(
      "2024-10-16T23:59:59+08:00",
    );
  });

  it("skips a holiday break and counts its make-up Sunday", () => {
    // From Thu 02-08: Fri 09(1), 10..17 off, Sun 18 worked(2), 19(3) 20(4) 21(5).
    expect(dueAt(nationalPolicy, "objection", "2024-02-08T10:00:00+08:00")).toBe(
      "2024-02-21T23:59:59+08:00",
    );
    // From Thu 09-26: Fri 27(1), Sun 29 worked(2), Mon 30(3), 10-01..07 off, 08(4), 09(5).
    expect(dueAt(nationalPolicy, "objection", "2024-09-26T10:00:00+08:00")).toBe(
      "2024-10-09T23:59:59+08:00",
    );
  });

  it("Zhejiang: acceptance notice within 5 working days (ZJ Art. 20 ¶2)", () => {
    // From Fri 2024-09-27: Sun 29(1) Mon 30(2), 10-01..07 off, 08(3) 09(4) 10(5).
    expect(dueAt(zhejiangPolicy, "acceptance", "2024-09-27T16:00:00+08:00")).toBe(
      "2024-10-10T23:59:59+08:00",
    );
  });

  it("12345: 5 working days to handle a ticket (JN Art. 24), a ticket's own limit via dueAfter (BJ Art. 13)", () => {
    // From Mon 2024-05-06: 07(1) 08(2) 09(3) 10(4), Sat 11 is a make-up working day (5).
    expect(dueAt(hotline12345Policy, "handling", "2024-05-06T08:00:00+08:00")).toBe(
      "2024-05-11T23:59:59+08:00",
    );
    expect(
      dueAfter(
        hotline12345Policy,
        { days: 2, unit: "workingDays", basis: "ticket" },
        "2024-05-10T08:00:00+08:00",
      ),
    ).toBe("2024-05-13T23:59:59+08:00"); // Sat 05-11 is a make-up working day in 2024
  });
});

describe("dueCounting with an extension or a hearing (W22 Art. 34, 36 ¶2)", () => {
  it("an extension of 30 days counts 90 days from the acceptance: 2024-04-16 + 90 = Mon 07-15", () => {
    // 60 days end Sat 06-15 (due Mon 06-17); 90 days end Mon 07-15.
    expect(
      dueCounting(nationalPolicy, "handling", "2024-04-16T10:00:00+08:00", { extraDays: 30 }),
    ).toBe("2024-07-15T23:59:59+08:00");
    // 60 + 30 days after 2024-04-17 end Tue 07-16, unmoved with or without rollover.
    expect(
      dueCounting(noRollover, "handling", "2024-04-17T10:00:00+08:00", { extraDays: 30 }),
    ).toBe("2024-07-16T23:59:59+08:00");
  });

  it("refuses zero and fractions of extra days, naming `extraDays`", () => {
    for (const days of [0.5, -1, 1.5]) {
      try {
        dueCounting(nationalPolicy, "handling", "2024-04-16T10:00:00+08:00", { extraDays: days });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe("extraDays");
      }
    }
  });

  it("hearing dates are read in the policy zone: 23:00–01:00 Shanghai touches two dates", () => {
    const start = "2024-04-20T10:00:00+08:00"; // + 30 = Mon 05-20
    expect(dueAt(nationalPolicy, "reexamination", start)).toBe("2024-05-20T23:59:59+08:00");
    const overnight = { from: "2024-05-08T15:00:00Z", to: "2024-05-08T17:00:00Z" };
    expect(dueCounting(nationalPolicy, "reexamination", start, { excluded: [overnight] })).toBe(
      "2024-05-22T23:59:59+08:00",
    );
  });
});

describe("daysUntil: date(due) − date(now) in the policy zone", () => {
  const due = "2024-03-18T23:59:59+08:00";

  it("changes exactly at local midnight", () => {
    expect(daysUntil(nationalPolicy, "2024-03-17T00:00:00+08:00", due)).toBe(1);
    expect(daysUntil(nationalPolicy, "2024-03-17T23:59:59+08:00", due)).toBe(1);
    expect(daysUntil(nationalPolicy, "2024-03-18T00:00:00+08:00", due)).toBe(0);
    expect(daysUntil(nationalPolicy, "2024-03-18T23:59:59+08:00", due)).toBe(0);
    expect(daysUntil(nationalPolicy, "2024-03-19T00:00:00+08:00", due)).toBe(-1);
    expect(daysUntil(nationalPolicy, "2024-03-25T12:00:00+08:00", due)).toBe(-7);
  });

  it("reads UTC instants as Shanghai dates: 15:59:59Z is still the 18th, 16:00Z is the 19th", () => {
    expect(daysUntil(nationalPolicy, "2024-03-18T15:59:59Z", due)).toBe(0);
    expect(daysUntil(nationalPolicy, "2024-03-18T16:00:00Z", due)).toBe(-1);
  });

  it("counts calendar days, weekends included", () => {
    expect(daysUntil(nationalPolicy, "2024-03-15T09:00:00+08:00", due)).toBe(3);
  });
});

describe("America/New_York across DST (an Open311-style profile)", () => {
  const nyc = definePolicy(nationalPolicy, {
    id: "us-nyc",
    name: "New York City 311",
    timeZone: "America/New_York",
    calendar: weekendCalendar,
  });
  const nycNoRollover = definePolicy(nyc, { id: "us-nyc-plain", lastDayRule: "none" });

  it("uses EST before and EDT after 2024-03-10", () => {
    expect(dueAt(nyc, "routing", "2024-02-20T12:00:00-05:00")).toBe("2024-03-06T23:59:59-05:00");
    // 03-01 + 15 = Sat 03-16 → Mon 03-18, now on daylight time.
    expect(dueAt(nyc, "routing", "2024-03-01T12:00:00-05:00")).toBe("2024-03-18T23:59:59-04:00");
    // The change day itself ends on daylight time.
    expect(dueAt(nycNoRollover, "routing", "2024-02-24T12:00:00-05:00")).toBe(
      "2024-03-10T23:59:59-04:00",
    );
  });

  it("falls back on 2024-11-03", () => {
    expect(dueAt(nycNoRollover, "routing", "2024-10-19T10:00:00-04:00")).toBe(
      "2024-11-03T23:59:59-05:00",
    );
    expect(dueAt(nyc, "routing", "2024-10-20T10:00:00-04:00")).toBe("2024-11-04T23:59:59-05:00");
  });

  it("reads instants in New York: 2024-03-10T04:30Z is still 03-09 there", () => {
    // 03-09 + 15 = Sun 03-24 (no rollover).
    expect(dueAt(nycNoRollover, "routing", "2024-03-10T04:30:00Z")).toBe(
      "2024-03-24T23:59:59-04:00",
    );
    expect(daysUntil(nyc, "2024-03-09T12:00:00-05:00", "2024-03-11T23:59:59-04:00")).toBe(2);
  });
});
