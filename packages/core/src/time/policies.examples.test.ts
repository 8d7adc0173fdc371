import { describe, expect, it } from "vitest";
// #region imports
import {
  chinaCalendar,
  daysUntil,
  definePolicy,
  dueAfter,
  dueAt,
  hotline12345Policy,
  nationalPolicy,
  type WorkCalendar,
  weekendCalendar,
} from "../index.js";

// #endregion imports

// The code between `#region` and `#endregion` is quoted in docs/policies.md, so
// every snippet there type-checks and its result is asserted here.

describe("docs/policies.md snippets", () => {
  it("a province with its own limits (Henan 2012)", () => {
    // #region province
    const henanPolicy = definePolicy(nationalPolicy, {
      id: "cn-henan-2012",
      name: "河南省信访条例 (2012)",
      limits: {
        routing: { days: 5, basis: "Henan Art. 26 ¶2(1)" },
        objection: { days: 5, unit: "calendarDays", basis: "Henan Art. 26 ¶2(5)" },
        handling: { days: 30, basis: "Henan Art. 26 ¶2(2)" },
        reportBack: { days: 90, basis: "Henan Art. 26 ¶2(3)" },
      },
    });

    dueAt(henanPolicy, "handling", "2024-09-10T10:00:00+08:00");
    // → "2024-10-10T23:59:59+08:00"  (09-10 + 30 = Thu 10-10, a working day)
    // #endregion province
    expect(dueAt(henanPolicy, "handling", "2024-09-10T10:00:00+08:00")).toBe(
      "2024-10-10T23:59:59+08:00",
    );
    expect(henanPolicy.limits.handling.unit).toBe("calendarDays");
    expect(henanPolicy.limits.acceptance).toEqual(nationalPolicy.limits.acceptance);
  });

  it("a local rest day on top of the national calendar", () => {
    // #region calendar
    // A region that also rests on a local festival day (example dates).
    const localRestDays = new Set(["2024-06-17", "2024-06-18"]);
    const regionalCalendar: WorkCalendar = {
      isWorkingDay: (date) => !localRestDays.has(date) && chinaCalendar.isWorkingDay(date),
      isHoliday: (date) => localRestDays.has(date) || chinaCalendar.isHoliday(date),
    };
    const regionalPolicy = definePolicy(nationalPolicy, {
      id: "cn-region-example",
      name: "National limits, regional rest days",
      calendar: regionalCalendar,
    });

    dueAt(regionalPolicy, "objection", "2024-06-13T09:00:00+08:00");
    // → "2024-06-24T23:59:59+08:00"  (Fri 14, Wed 19, Thu 20, Fri 21, Mon 24; nationally Thu 06-20)
    // #endregion calendar
    expect(dueAt(regionalPolicy, "objection", "2024-06-13T09:00:00+08:00")).toBe(
      "2024-06-24T23:59:59+08:00",
    );
    expect(dueAt(nationalPolicy, "objection", "2024-06-13T09:00:00+08:00")).toBe(
      "2024-06-20T23:59:59+08:00",
    );
  });

  it("a hotline ticket with its own limit", () => {
    // #region ticket
    // BJ Art. 13: the dispatcher writes the limit on the ticket.
    const ticketLimit = { days: 3, unit: "workingDays", basis: "ticket 2024-0912-0031" } as const;
    dueAfter(hotline12345Policy, ticketLimit, "2024-09-12T20:15:00+08:00");
    // → "2024-09-18T23:59:59+08:00"  (Fri 13, Sat 14 (make-up day), Wed 18; 15–17 is Mid-Autumn)
    // #endregion ticket
    expect(dueAfter(hotline12345Policy, ticketLimit, "2024-09-12T20:15:00+08:00")).toBe(
      "2024-09-18T23:59:59+08:00",
    );
  });

  it("an Open311-style profile outside China", () => {
    // #region nyc
    const nyc311 = definePolicy(nationalPolicy, {
      id: "us-nyc-311",
      name: "NYC 311 service levels",
      timeZone: "America/New_York",
      calendar: weekendCalendar,
      limits: {
        routing: { days: 1, unit: "workingDays", basis: "agency SLA" },
        handling: { days: 14, unit: "calendarDays", basis: "agency SLA" },
      },
    });

    dueAt(nyc311, "handling", "2024-03-01T16:30:00-05:00");
    // → "2024-03-15T23:59:59-04:00"  (daylight time started on 03-10)
    daysUntil(nyc311, "2024-03-14T22:00:00-04:00", "2024-03-15T23:59:59-04:00"); // → 1
    // #endregion nyc
    expect(dueAt(nyc311, "handling", "2024-03-01T16:30:00-05:00")).toBe(
      "2024-03-15T23:59:59-04:00",
    );
    expect(daysUntil(nyc311, "2024-03-14T22:00:00-04:00", "2024-03-15T23:59:59-04:00")).toBe(1);
  });

  it("switching the last-day rollover off", () => {
    // #region rollover
    const asStored = definePolicy(nationalPolicy, { id: "no-rollover", lastDayRule: "none" });
    dueAt(asStored, "routing", "2011-04-02T18:00:54+08:00"); // → "2011-04-17T23:59:59+08:00" (a Sunday)
    dueAt(nationalPolicy, "routing", "2011-04-02T18:00:54+08:00"); // → "2011-04-18T23:59:59+08:00"
    // #endregion rollover
    expect(dueAt(asStored, "routing", "2011-04-02T18:00:54+08:00")).toBe(
      "2011-04-17T23:59:59+08:00",
    );
    expect(dueAt(nationalPolicy, "routing", "2011-04-02T18:00:54+08:00")).toBe(
      "2011-04-18T23:59:59+08:00",
    );
  });
});
