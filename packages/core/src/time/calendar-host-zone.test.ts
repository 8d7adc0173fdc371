import { describe, expect, it } from "vitest";

// chinese-days' own functions build their holiday table at load time with the
// host's local Date methods, so on a host west of Greenwich every entry lands a
// day early. chinaCalendar must give the same answers whatever the host's TZ,
// including when it is loaded under such a zone: set TZ first (Node applies it
// at once; this file runs in its own worker), then load the module.
process.env.TZ = "America/Los_Angeles";
const { chinaCalendar } = await import("./calendar.js");

describe("chinaCalendar does not depend on the host time zone", () => {
  it("runs with a host zone west of Greenwich", () => {
    expect(new Date(Date.UTC(2024, 1, 19)).getDate()).toBe(18);
  });

  it("2024 Spring Festival and National Day facts hold in Los Angeles too", () => {
    expect(chinaCalendar.isWorkingDay("2024-02-09")).toBe(true);
    expect(chinaCalendar.isHoliday("2024-02-09")).toBe(false);
    expect(chinaCalendar.isHoliday("2024-02-10")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-02-18")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-02-19")).toBe(true);
    expect(chinaCalendar.isWorkingDay("2024-10-12")).toBe(true);
    expect(chinaCalendar.isHoliday("2024-01-01")).toBe(true);
    expect(chinaCalendar.isHoliday("2004-01-01")).toBe(true);
  });
});
