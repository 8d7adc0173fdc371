import { describe, expect, it } from "vitest";
import { charNgrams, normalizeText } from "../text/normalize.js";
import { analyse, titleBigramsOf } from "./analyse.js";

// Texts written for this test.
describe("analysis of a petition", () => {
  it("numbers a title's distinct character bigrams one for one with the string bigrams, spaces left out", () => {
    for (const title of ["翠湖小区 停车难", "ＡＢ小区小区乱收费", "a1区 火炬路 3栋", "拆"]) {
      const normal = normalizeText(title);
      expect(titleBigramsOf(normal).size).toBe(new Set(charNgrams(title, 2, 2)).size);
    }
    expect(titleBigramsOf("翠湖 小区")).toEqual(titleBigramsOf("翠湖小区"));
    expect(titleBigramsOf("翠湖小区")).not.toEqual(titleBigramsOf("小区翠湖"));
  });

  it("keeps the title's terms apart, all of them among the text's", () => {
    const a = analyse(
      {
        petitionId: "x",
        title: "工地夜间施工扰民",
        content: "建设路工地每晚施工到凌晨，噪音很大。",
        receivedAt: 0,
      },
      "words",
    );
    expect(a.titleTerms.terms.length).toBeGreaterThan(1);
    const all = new Set(a.terms.terms);
    for (const t of a.titleTerms.terms) expect(all.has(t)).toBe(true);
    expect(a.titleTerms.terms.length).toBeLessThan(a.terms.terms.length);
    expect(a.normalTitle).toBe("工地夜间施工扰民");
  });
});
