import { describe, expect, it } from "vitest";
import { comparePlaces, placeKindOf } from "./place-conflict.js";
import { placesOf } from "./places.js";

// Texts written for this test.
const compare = (mine: string, theirs: string, theirTitle = "") =>
  comparePlaces(placesOf(mine), mine, placesOf(theirs), theirTitle);

describe("place conflicts", () => {
  it("groups place words by what they name", () => {
    expect(placeKindOf("翠湖小区")).toBe(placeKindOf("金桂花园"));
    expect(placeKindOf("涉外经济学院")).toBe(placeKindOf("楚都职业学校"));
    expect(placeKindOf("3栋")).not.toBe(placeKindOf("5楼"));
    expect(placeKindOf("a3区")).not.toBe(placeKindOf("a市"));
  });

  it("counts another estate in the same template as a conflict", () => {
    const c = compare("翠湖小区物业乱收停车费", "金桂花园物业乱收停车费");
    expect(c.conflict).toBeGreaterThan(0);
    expect(c.onlyMine).toContain("翠湖小区");
    expect(c.onlyTheirs).toContain("金桂花园");
  });

  it("does not count a road the follow-up adds beside the same estate", () => {
    const c = compare("再次反映翠湖小区门口火炬路停车难", "翠湖小区停车难无人管");
    expect(c.conflict).toBe(0);
    expect(c.shared).toContain("翠湖小区");
  });

  it("matches a place the reader took a neighbouring word into", () => {
    const c = compare("反映西湖街道茶场村五组拆迁", "茶场村五组何时拆迁");
    expect(c.conflict).toBe(0);
    expect(c.shared.length).toBeGreaterThan(0);
  });

  it("reads no place in common words ending in a place word", () => {
    expect(placesOf("恳请政府尽快修好电路和马路")).toEqual([]);
  });
});
