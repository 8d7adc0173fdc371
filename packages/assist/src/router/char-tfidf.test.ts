import { describe, expect, it } from "vitest";
import { charNgrams } from "../text/normalize.js";
import { fitCharTfidf, vectorize } from "./char-tfidf.js";

// Texts written for this test.
const TEXTS = [
  "小区物业乱收停车费",
  "ＡＢ小区 停车难，车位不够",
  "工地夜间施工噪音扰民 😀 请处理",
  "拖欠工资三个月",
  "停车费 ab 12",
];

describe("character n-gram TF-IDF", () => {
  const model = fitCharTfidf(TEXTS, { minN: 1, maxN: 2, minDf: 1 });

  it("counts the same n-grams by number as the string n-grams", () => {
    for (const text of [...TEXTS, "停车费用不合理ＡＢ😀😀"]) {
      const expected = new Map<number, number>();
      for (const gram of charNgrams(text, 1, 2)) {
        const index = model.vocabulary.get(gram);
        if (index !== undefined) expected.set(index, (expected.get(index) ?? 0) + 1);
      }
      const x = vectorize(model, text);
      expect([...x.indices]).toEqual([...expected.keys()].sort((a, b) => a - b));
      // Values are unit-normalised (1 + ln tf)·idf; a repeated n-gram weighs more than a single one.
      const norm = x.values.reduce((s, v) => s + v * v, 0);
      expect(norm).toBeCloseTo(1, 10);
    }
  });

  it("leaves no counts behind between texts", () => {
    const first = vectorize(model, TEXTS[0] as string);
    vectorize(model, TEXTS[1] as string);
    expect(vectorize(model, TEXTS[0] as string)).toEqual(first);
  });
});
