import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMs, readIsoDateTime } from "./instant-ms.js";

/** A two-digit field near the edges of its range (and just past them). */
const near = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((n) => String(n).padStart(2, "0"));

const dateTimes = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, "0")),
    near(0, 13),
    fc.oneof(near(1, 3), near(27, 32)),
    fc.oneof(near(0, 1), near(22, 24)),
    fc.oneof(near(0, 1), near(58, 60)),
    fc.oneof(near(0, 1), near(58, 60)),
    fc.oneof(fc.constant(""), fc.stringMatching(/^\.[0-9]{1,9}$/), fc.constantFrom(".", ".x")),
    fc.oneof(
      fc.constantFrom("Z", "z", "", "+00:00", "-00:00", "+08:00", "+0800", "+24:00"),
      fc
        .tuple(fc.constantFrom("+", "-"), near(0, 24), near(0, 60))
        .map(([sign, h, m]) => `${sign}${h}:${m}`),
    ),
  )
  .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${z}`);

describe("instantMs", () => {
  it("property: equals Date.parse on date-times near every edge, read by hand or not", () => {
    let byHand = 0;
    fc.assert(
      fc.property(fc.oneof(dateTimes, fc.string({ maxLength: 30 })), (text) => {
        const ms = instantMs(text);
        expect(Object.is(ms, Date.parse(text)), `${text}: ${ms} vs ${Date.parse(text)}`).toBe(true);
        if (!Number.isNaN(readIsoDateTime(text))) byHand++;
      }),
      { seed: 20261201, numRuns: 20_000 },
    );
    // Most of the edge cases are read by hand; the rest fall back to Date.parse.
    expect(byHand).toBeGreaterThan(2_000);
  });

  it("reads a log's usual forms, and refuses what is not a calendar date", () => {
    expect(instantMs("2025-03-03T09:00:00+08:00")).toBe(Date.UTC(2025, 2, 3, 1));
    expect(readIsoDateTime("2024-02-29T23:59:59.5Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 500));
    expect(readIsoDateTime("1969-12-31T23:59:59.9999-00:30")).toBe(
      Date.UTC(1970, 0, 1, 0, 29, 59, 999),
    );
    expect(readIsoDateTime("2023-02-29T10:00:00Z")).toBeNaN();
    expect(readIsoDateTime("2025-03-03 09:00:00Z")).toBeNaN();
    expect(instantMs(undefined as unknown as string)).toBeNaN();
  });
});
