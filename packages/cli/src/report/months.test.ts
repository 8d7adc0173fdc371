import type { MetricsReport } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { continuousMonths, lastCompleteMonth, monthsBetween, nextMonth } from "./months.js";

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

const group = (key: string, registered: number) => ({
  key,
  counts: { registered, open: 0, overdue: 0, dueSoon: 0, awaitingPetitioner: 0 },
  rates: {
    oneTimeResolution: rate(1, 2),
    onTimeAcceptance: rate(0, 0),
    onTimeCompletion: rate(0, 0),
    participation: rate(0, 0),
    satisfaction: rate(0, 0),
    repeat: rate(0, registered),
    onTimeRouting: rate(0, 0),
  },
});

const report = (over: Partial<MetricsReport>): MetricsReport => ({
  asOf: "2020-03-10T00:00:00+08:00",
  from: null,
  to: null,
  counts: { registered: 0, open: 0, overdue: 0, dueSoon: 0, awaitingPetitioner: 0 },
  rates: group("", 0).rates,
  groups: [],
  ...over,
});

describe("months", () => {
  it("steps over year ends", () => {
    expect(nextMonth("2019-12")).toBe("2020-01");
    expect(monthsBetween("2019-11", "2020-02")).toEqual([
      "2019-11",
      "2019-12",
      "2020-01",
      "2020-02",
    ]);
    expect(monthsBetween("2020-02", "2020-01")).toEqual([]);
  });

  it("takes the month before asOf's month, in the zone, as the last complete one", () => {
    // 2020-03-31T20:00Z is already April 1st in Shanghai.
    expect(lastCompleteMonth(Date.parse("2020-03-31T20:00:00Z"), "Asia/Shanghai")).toBe("2020-03");
    expect(lastCompleteMonth(Date.parse("2020-03-31T20:00:00Z"), "America/New_York")).toBe(
      "2020-02",
    );
    expect(lastCompleteMonth(Date.parse("2020-01-09T03:00:00Z"), "Asia/Shanghai")).toBe("2019-12");
  });

  it("fills months without petitions with zeros, up to asOf's month", () => {
    const months = continuousMonths(
      report({ groups: [group("2019-10", 5), group("2020-01", 2)] }),
      "Asia/Shanghai",
    );
    expect(months.map((g) => g.key)).toEqual([
      "2019-10",
      "2019-11",
      "2019-12",
      "2020-01",
      "2020-02",
      "2020-03",
    ]);
    const november = months[1]!;
    expect(november.counts).toEqual({
      registered: 0,
      open: 0,
      overdue: 0,
      dueSoon: 0,
      awaitingPetitioner: 0,
    });
    expect(november.rates.oneTimeResolution).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(months[0]!.counts.registered).toBe(5);
  });

  it("spans the period when one is given", () => {
    const months = continuousMonths(
      report({
        from: "2019-12-01T00:00:00+08:00",
        to: "2020-02-01T00:00:00+08:00",
        groups: [group("2020-01", 2)],
      }),
      "Asia/Shanghai",
    );
    expect(months.map((g) => g.key)).toEqual(["2019-12", "2020-01"]);
  });

  it("is empty for a log without petitions", () => {
    expect(continuousMonths(report({ groups: [] }), "Asia/Shanghai")).toEqual([]);
  });
});
