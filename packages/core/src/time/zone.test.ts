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
