import { describe, expect, it } from "vitest";
import { formatInZone, localToIso, monthInZone, parseTimeArgument } from "./zoned-time.js";

describe("zoned time", () => {
  it("reads China local times at +08:00", () => {
    expect(localToIso("2019-04-25T09:32:09", "Asia/Shanghai")).toBe("2019-04-25T09:32:09+08:00");
  });

  it("follows New York daylight saving time", () => {
    expect(localToIso("2011-03-01T14:27:57", "America/New_York")).toBe("2011-03-01T14:27:57-05:00");
    expect(localToIso("2011-07-01T14:27:57", "America/New_York")).toBe("2011-07-01T14:27:57-04:00");
    // 2011-03-13 02:30 does not exist in New York: it is read as 03:30 EDT.
    expect(localToIso("2011-03-13T02:30:00", "America/New_York")).toBe("2011-03-13T03:30:00-04:00");
    // 2011-11-06 01:30 happens twice: the first (EDT) is chosen.
    expect(localToIso("2011-11-06T01:30:00", "America/New_York")).toBe("2011-11-06T01:30:00-04:00");
  });

  it("formats an instant with the zone offset", () => {
    expect(formatInZone(Date.parse("2018-03-31T15:59:59Z"), "Asia/Shanghai")).toBe(
      "2018-03-31T23:59:59+08:00",
    );
    expect(monthInZone(Date.parse("2017-12-31T16:30:00Z"), "Asia/Shanghai")).toBe("2018-01");
  });

  it("parses command-line dates as day or month edges", () => {
    const tz = "Asia/Shanghai";
    expect(parseTimeArgument("2018-03-31", tz, "end")).toBe("2018-03-31T23:59:59+08:00");
    expect(parseTimeArgument("2017-07-01", tz, "start")).toBe("2017-07-01T00:00:00+08:00");
    expect(parseTimeArgument("2018-02", tz, "end")).toBe("2018-02-28T23:59:59+08:00");
    expect(parseTimeArgument("2018-01-01T00:00:00Z", tz, "start")).toBe("2018-01-01T00:00:00Z");
    expect(parseTimeArgument("2018-02-30", tz, "start")).toBeUndefined();
    expect(parseTimeArgument("yesterday", tz, "start")).toBeUndefined();
  });
});
