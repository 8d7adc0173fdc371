import { describe, expect, it } from "vitest";
import { titleBigramsOf } from "./analyse.js";
import { FlatMultiMap } from "./flat-multimap.js";
import { CandidateScratch, sortedTitleBigrams } from "./scratch.js";
import { StringPool } from "./string-pool.js";

// Texts written for this test.
describe("the index's compact storage", () => {
  it("gives back every string as stored, long ones and lone surrogates too", () => {
    const pool = new StringPool();
    const texts = ["", "syn-1", "翠湖小区物业乱收停车费", "\ud83d", "长".repeat(10_000), "a|b"];
    const at = texts.map((t) => pool.add(t));
    for (let i = 0; i < 3000; i++) pool.add(`p${i}`);
    expect(at.map((i) => pool.get(i))).toEqual(texts);
    expect(pool.equals(at[1] ?? 0, "syn-1")).toBe(true);
    expect(pool.equals(at[1] ?? 0, "syn-10")).toBe(false);
    expect(pool.equals(at[0] ?? 0, "")).toBe(true);
  });

  it("finds a petitioner key as a whole part between separators, as split would", () => {
    const pool = new StringPool();
    const keys = pool.add("id:P1|phone:138|name:张某");
    expect(pool.hasPart(keys, "phone:138", "|")).toBe(true);
    expect(pool.hasPart(keys, "name:张某", "|")).toBe(true);
    expect(pool.hasPart(keys, "id:P1", "|")).toBe(true);
    expect(pool.hasPart(keys, "phone:13", "|")).toBe(false);
    expect(pool.hasPart(keys, "id:P1|phone:138|name:张某", "|")).toBe(true);
    expect(pool.hasPart(pool.add("id:P12"), "id:P1", "|")).toBe(false);
  });

  it("walks a key's values newest first, past other keys in the same bucket and across growth", () => {
    const map = new FlatMultiMap(4);
    for (let v = 0; v < 5000; v++) map.add(v % 7 === 0 ? 0xfffffff1 : v, v);
    const values: number[] = [];
    for (let e = map.first(0xfffffff1); e !== -1; e = map.nextOf(e)) values.push(map.valueAt(e));
    expect(values).toEqual(Array.from({ length: 715 }, (_, k) => (714 - k) * 7));
    expect(map.first(12_345)).toBe(-1);
  });

  it("reads title bigrams as titleBigramsOf does", () => {
    for (const title of ["翠湖 小区物业 乱收费", "abab", "a", "", "再次反映再次反映"]) {
      const out = new Uint32Array(title.length);
      const n = sortedTitleBigrams(title, out);
      expect([...out.subarray(0, n)]).toEqual([...titleBigramsOf(title)].sort((x, y) => x - y));
    }
  });

  it("chooses the best by term score as a stable sort would", () => {
    const scratch = new CandidateScratch();
    const scores = [0.3, 0.9, 0.3, 0.5, 0.9, 0.1, 0.3, 0.5];
    scores.forEach((s, k) => {
      scratch.termScore[k] = s;
      scratch.mine[k] = k === 5 ? 1 : 0;
    });
    const into = new Int32Array(4);
    const n = scratch.chooseBest(scores.length, 0, 4, into);
    const expected = scores
      .map((s, k) => ({ s, k }))
      .filter(({ k }) => k !== 5)
      .sort((x, y) => y.s - x.s)
      .slice(0, 4)
      .map(({ k }) => k);
    expect([...into.subarray(0, n)]).toEqual(expected);
    expect(scratch.chooseBest(scores.length, 1, 4, into)).toBe(1);
    expect(into[0]).toBe(5);
  });
});
