import { chinaCalendar, type WorkCalendar } from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  civilDateArb,
  dayKind,
  holidayAwareDateArb,
  holidayEdgeDates,
  instantOnDateArb,
} from "./dates.js";

/** A toy calendar: 2025-10-01..07 off, Saturday 2025-09-27 and 2025-10-11 made working days. */
const toyCalendar: WorkCalendar = {
  isHoliday: (d) => d >= "2025-10-01" && d <= "2025-10-07",
  isWorkingDay(d) {
    if (this.isHoliday(d)) return false;
    if (d === "2025-09-27" || d === "2025-10-11") return true;
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  },
};
const range = { from: "2025-09-01", to: "2025-10-31" };

describe("date arbitraries", () => {
  it("classify days against the calendar", () => {
    expect(dayKind(toyCalendar, "2025-10-03")).toBe("holiday");
    expect(dayKind(toyCalendar, "2025-09-27")).toBe("makeUpWorkday");
    expect(dayKind(toyCalendar, "2025-09-28")).toBe("weekend");
    expect(dayKind(toyCalendar, "2025-09-29")).toBe("workday");
  });

  it("find exactly the days within two of a holiday or 调休 day", () => {
    const edges = holidayEdgeDates({ calendar: toyCalendar, ...range });
    expect(edges[0]).toBe("2025-09-25");
    expect(edges).toContain("2025-10-09");
    expect(edges).not.toContain("2025-10-14");
    expect(edges.at(-1)).toBe("2025-10-13");
    expect(edges).toHaveLength(5 + 7 + 2 + 5); // 09-25..29, 10-01..07 with 09-30, 10-08..09, 10-09..13
  });

  it("stay in range and mostly near the break", () => {
    const dates = fc.sample(holidayAwareDateArb({ calendar: toyCalendar, ...range }), {
      seed: 7,
      numRuns: 400,
    });
    const edges = new Set(holidayEdgeDates({ calendar: toyCalendar, ...range }));
    expect(dates.every((d) => d >= range.from && d <= range.to)).toBe(true);
    expect(dates.filter((d) => edges.has(d)).length).toBeGreaterThan(250);
  });

  it("give instants that parse and read back as the same local date", () => {
    fc.assert(
      fc.property(instantOnDateArb(civilDateArb(range)), (instant) => {
        expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        const localDate = new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(localDate).toBe(instant.slice(0, 10));
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });
});

describe("with the official calendar (chinese-days via core)", () => {
  it("know the 2025 National Day break and its 调休 days", () => {
    expect(dayKind(chinaCalendar, "2025-10-03")).toBe("holiday");
    expect(dayKind(chinaCalendar, "2025-09-28")).toBe("makeUpWorkday");
    expect(dayKind(chinaCalendar, "2025-10-11")).toBe("makeUpWorkday");
    const edges = holidayEdgeDates({ from: "2025-01-01", to: "2025-12-31" });
    expect(edges).toContain("2025-09-26");
    expect(edges).not.toContain("2025-09-15");
  });

  it("default to dates near real holidays", () => {
    const dates = fc.sample(holidayAwareDateArb({ from: "2024-01-01", to: "2025-12-31" }), {
      seed: 3,
      numRuns: 200,
    });
    const special = dates.filter((d) =>
      ["holiday", "makeUpWorkday"].includes(dayKind(chinaCalendar, d)),
    );
    expect(special.length).toBeGreaterThan(40);
  });
});
