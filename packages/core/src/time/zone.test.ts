import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { endOfLocalDay, formatInZone, localDate, offsetMinutes } from "./zone.js";

describe("localDate", () => {
  it("an event at 2024-03-01T23:30:00Z is 03-02 in Shanghai and 03-01 in UTC and New York", () => {
    expect(localDate("2024-03-01T23:30:00Z", "Asia/Shanghai")).toBe("2024-03-02");
    expect(localDate("2024-03-01T23:30:00Z", "UTC")).toBe("2024-03-01");
    expect(localDate("2024-03-01T23:30:00Z", "America/New_York")).toBe("2024-03-01");
  });

  it("keeps the date of a local midnight: 2024-03-02T00:00:00+08:00 is 03-02, one second earlier 03-01", () => {
    expect(localDate("2024-03-02T00:00:00+08:00", "Asia/Shanghai")).toBe("2024-03-02");
    expect(localDate("2024-03-01T23:59:59+08:00", "Asia/Shanghai")).toBe("2024-03-01");
  });

  it("rejects instants without an offset and unknown zones, naming the field", () => {
    expect(() => localDate("2024-03-01T23:30:00", "Asia/Shanghai")).toThrow(ValidationError);
    expect(() => localDate("2024-03-01", "Asia/Shanghai")).toThrow(/instant: must be an ISO-8601/);
    expect(() => localDate("2024-03-01T00:00:00Z", "Asia/Beijing")).toThrow(
      /timeZone: "Asia\/Beijing"/,
    );
  });
});

describe("formatInZone", () => {
  it("renders seconds precision with the zone's numeric offset, never Z", () => {
    const ms = Date.parse("2011-04-17T15:59:59.987Z");
    expect(formatInZone(ms, "Asia/Shanghai")).toBe("2011-04-17T23:59:59+08:00");
    expect(formatInZone(ms, "UTC")).toBe("2011-04-17T15:59:59+00:00");
    expect(formatInZone(ms, "Asia/Kathmandu")).toBe("2011-04-17T21:44:59+05:45");
  });

  it("follows New York across the spring-forward gap", () => {
    expect(formatInZone(Date.parse("2024-03-10T06:59:59Z"), "America/New_York")).toBe(
      "2024-03-10T01:59:59-05:00",
    );
    expect(formatInZone(Date.parse("2024-03-10T07:00:00Z"), "America/New_York")).toBe(
      "2024-03-10T03:00:00-04:00",
    );
  });

  it("round-trips: parsing the output gives the same second", () => {
    const ms = Date.parse("2024-11-03T05:30:00Z"); // 01:30 EDT, the first of two 01:30s
    const text = formatInZone(ms, "America/New_York");
    expect(text).toBe("2024-11-03T01:30:00-04:00");
    expect(Date.parse(text)).toBe(ms);
    expect(Date.parse(formatInZone(ms + 3_600_000, "America/New_York"))).toBe(ms + 3_600_000);
  });

  it("rejects a non-finite epoch", () => {
    expect(() => formatInZone(Number.NaN, "UTC")).toThrow(/epochMs/);
  });
});

describe("endOfLocalDay and offsetMinutes", () => {
  it("is 23:59:59 local on DST change days", () => {
    expect(endOfLocalDay("2024-03-10", "America/New_York")).toBe("2024-03-10T23:59:59-04:00");
    expect(endOfLocalDay("2024-11-03", "America/New_York")).toBe("2024-11-03T23:59:59-05:00");
    expect(endOfLocalDay("2024-03-31", "Europe/London")).toBe("2024-03-31T23:59:59+01:00");
  });

  it("reports offsets east of Greenwich as positive minutes", () => {
    expect(offsetMinutes(Date.parse("2024-01-01T00:00:00Z"), "Asia/Shanghai")).toBe(480);
    expect(offsetMinutes(Date.parse("2024-01-01T00:00:00Z"), "America/New_York")).toBe(-300);
  });
});

describe("formatInZone with the cached offset agrees with Intl at every instant", () => {
  const zones = [
    "Asia/Shanghai",
    "America/New_York",
    "Asia/Kolkata", // +05:30
    "Asia/Kathmandu", // +05:45
    "Australia/Lord_Howe", // DST shifts by 30 minutes
    "UTC",
  ];
  const viaIntl = (ms: number, timeZone: string): string => {
    const parts: Record<string, string> = {};
    const formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    for (const p of formatter.formatToParts(ms)) parts[p.type] = p.value;
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  };

  it("property: same wall clock as Intl, including around DST changes", () => {
    const around = fc.constantFrom(
      Date.parse("2024-03-10T07:00:00Z"), // New York springs forward
      Date.parse("2024-11-03T06:00:00Z"), // New York falls back
      Date.parse("2024-04-06T15:00:00Z"), // Lord Howe ends DST
    );
    const instant = fc.oneof(
      fc.integer({
        min: Date.parse("2000-01-01T00:00:00Z"),
        max: Date.parse("2030-01-01T00:00:00Z"),
      }),
      fc.tuple(around, fc.integer({ min: -7_200_000, max: 7_200_000 })).map(([a, d]) => a + d),
    );
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
        expect(formatInZone(ms, zone).slice(0, 19)).toBe(viaIntl(ms, zone));
      }),
      { seed: 20261128, numRuns: 2000 },
    );
  });
});
