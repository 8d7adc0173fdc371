import { describe, expect, it } from "vitest";
import { AssistInputError } from "../errors.js";
import { DuplicateIndex, findDuplicatePairs } from "./duplicate-index.js";
import { placesOf } from "./places.js";

// Texts written for this test.
const at = (day: number): number => Date.parse("2026-03-01T09:00:00+08:00") + day * 86_400_000;
const FEES =
  "小区物业从三月起每月加收停车费200元，没有经过业主大会同意，业主多次反映无果，请有关部门查处。";
const original = {
  petitionId: "a",
  title: "翠湖小区物业乱收停车费",
  content: `翠湖${FEES}`,
  petitionerKeys: ["name:张某"],
  receivedAt: at(0),
};
const repost = {
  petitionId: "b",
  title: "翠湖小区物业乱收停车费",
  content: `翠湖${FEES}望尽快处理。`,
  petitionerKeys: ["name:张某"],
  receivedAt: at(3),
};
const otherEstate = {
  petitionId: "c",
  title: "金桂花园物业乱收停车费",
  content: `金桂花园${FEES}`,
  petitionerKeys: ["name:李某"],
  receivedAt: at(4),
};
const followUp = {
  petitionId: "d",
  title: "再次反映翠湖小区停车费问题",
  content: "上次反映翠湖小区物业加收停车费的事情至今没有处理，物业还在收。",
  petitionerKeys: ["name:张某"],
  receivedAt: at(20),
};
const unrelated = {
  petitionId: "e",
  title: "建设路工地夜间施工噪音扰民",
  content: "建设路地铁站工地每晚十一点后还在施工，噪音很大。",
  petitionerKeys: ["name:王某"],
  receivedAt: at(5),
};

describe("duplicate detection at intake", () => {
  const index = new DuplicateIndex();
  index.add(original);
  index.add(otherEstate);
  index.add(unrelated);

  it("ranks a re-post first, as a probable duplicate, with its reasons", () => {
    const [best] = index.check(repost);
    expect(best?.petitionId).toBe("a");
    expect(best?.probable).toBe(true);
    expect(best?.signals.samePetitioner).toBe(true);
    expect(best?.signals.cosine).toBeGreaterThan(0.8);
    expect(best?.reasons).toContain("same petitioner");
    expect(best?.reasons.some((r) => r.startsWith("same places:") && r.includes("翠湖小区"))).toBe(
      true,
    );
  });

  it("does not count the same template for another estate as a duplicate", () => {
    const found = index.check(repost).find((c) => c.petitionId === "c");
    expect(found?.signals.cosine).toBeGreaterThan(0.5);
    expect(found?.signals.conflict).toBeGreaterThan(0);
    expect(found?.probable).toBe(false);
    expect(found?.reasons.some((r) => r.startsWith("different places"))).toBe(true);
  });

  it("finds a follow-up in new words by the same petitioner about the same place", () => {
    const [best] = index.check(followUp);
    expect(best?.petitionId).toBe("a");
    expect(best?.signals.sharedPlaces).toBeGreaterThan(0);
    expect(index.check(unrelated).some((c) => c.petitionId === "a" && c.probable)).toBe(false);
  });

  it("lists every probable pair of a collection, earlier petition first", () => {
    const pairs = findDuplicatePairs([followUp, repost, otherEstate, original, unrelated]);
    const keys = pairs.map((p) => `${p.a}-${p.b}`);
    expect(keys).toContain("a-b");
    expect(keys).not.toContain("a-c");
    expect(keys.some((k) => k.includes("e"))).toBe(false);
    for (const p of pairs) expect(p.score).toBeGreaterThanOrEqual(0.5);
  });

  it("names the bad field", () => {
    expect(() => index.check({ ...repost, receivedAt: Number.NaN })).toThrow(AssistInputError);
    expect(() => index.add({ ...repost, petitionId: "" })).toThrow(/petitionId/);
  });
});

describe("places and numbers", () => {
  it("reads districts, named places and numbers with a place unit, not bare amounts", () => {
    const places = placesOf("位于a市a1区火炬路的景蓉华苑g2栋320室，每月多收200元");
    expect(places).toEqual(
      expect.arrayContaining(["a市", "a1区", "火炬路", "景蓉华苑", "g2栋", "320室"]),
    );
    expect(places).not.toContain("200元");
  });
});
