import { describe, expect, it } from "vitest";
import { BANDS, bandKeys, shinglesOf } from "./minhash.js";

/** Two shingle sets of `size` each sharing `shared` (Jaccard shared / (2·size − shared)), numbered from `from`. */
const pair = (from: number, size: number, shared: number): [Uint32Array, Uint32Array] => {
  const a = Uint32Array.from({ length: size }, (_, i) => from + i);
  const b = Uint32Array.from({ length: size }, (_, i) => (i < shared ? from + i : from + size + i));
  return [a.sort(), b.sort()];
};

const shareABand = (a: Uint32Array, b: Uint32Array): boolean => {
  const x = bandKeys(a);
  const y = bandKeys(b);
  return x.some((key, band) => key === y[band]);
};

/** Of `count` pairs at one Jaccard, the share that meet in at least one band. */
const meetingRate = (count: number, size: number, shared: number): number => {
  let met = 0;
  for (let k = 0; k < count; k++) if (shareABand(...pair(k * 1_000_000, size, shared))) met++;
  return met / count;
};

describe("MinHash bands (candidates only)", () => {
  it("gives one key a band, equal for equal shingle sets, none for an empty text", () => {
    const words = ["小区", "门口", "垃圾", "没人", "清理"];
    expect(bandKeys(shinglesOf(words))).toHaveLength(BANDS);
    expect([...bandKeys(shinglesOf(words))]).toEqual([...bandKeys(shinglesOf([...words]))]);
    expect(bandKeys(shinglesOf([]))).toHaveLength(0);
  });

  // Eight bands of two rows: a pair at Jaccard J meets with probability
  // 1 − (1 − J²)⁸ — 0.53 at J = 0.3, where sixteen bands of three rows gave
  // 0.36 — while unrelated texts (J ≈ 0.02) still almost never meet.
  it("finds most rewordings at a third of shingles shared, and almost no unrelated texts", () => {
    const moderate = meetingRate(400, 60, 28); // J = 28 / 92 ≈ 0.30
    expect(moderate).toBeGreaterThan(0.45);
    expect(moderate).toBeLessThan(0.62);
    expect(meetingRate(400, 60, 40)).toBeGreaterThan(0.85); // J = 0.5
    expect(meetingRate(400, 60, 2)).toBeLessThan(0.01); // J ≈ 0.017
  });
});
