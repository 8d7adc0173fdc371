import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metricBounds } from "./metric-bounds.js";

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

describe("metricBounds", () => {
  it("accepts any consistent rate, nested at any depth", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 10_000 })
          .chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d))),
        ([n, d]) => {
          const report = {
            counts: { registered: d, open: n, overdue: 0 },
            byOrg: [{ key: "org-1", rates: { participation: rate(n, d) } }],
          };
          expect(metricBounds(report)).toEqual([]);
        },
      ),
      { seed: 20261128, numRuns: 200 },
    );
  });

  it("names the path of a numerator above its denominator", () => {
    const report = { byMonth: { "2025-03": { rates: { satisfaction: rate(5, 4) } } } };
    expect(metricBounds(report).map((v) => v.message)).toEqual([
      "byMonth.2025-03.rates.satisfaction: numerator 5 exceeds denominator 4",
    ]);
  });

  it("rejects a value that is not numerator ÷ denominator, and a number for 0/0", () => {
    const wrong = { rates: { repeat: { numerator: 1, denominator: 4, value: 0.2 } } };
    const zero = { rates: { repeat: { numerator: 0, denominator: 0, value: 0 } } };
    expect(metricBounds(wrong)[0]?.message).toContain("value 0.2 is not 1 ÷ 4 = 0.25");
    expect(metricBounds(zero)[0]?.message).toContain("value 0 is not 0 ÷ 0 = null");
  });

  it("rejects negative or fractional counts and more overdue than open", () => {
    const report = { counts: { registered: -1, open: 2, overdue: 2, dueSoon: 1.5 } };
    const messages = metricBounds(report).map((v) => v.message);
    expect(messages).toEqual([
      "counts.registered: -1 is not a whole number ≥ 0",
      "counts.dueSoon: 1.5 is not a whole number ≥ 0",
      "counts: overdue + dueSoon = 3.5 exceeds open = 2",
    ]);
  });
});
