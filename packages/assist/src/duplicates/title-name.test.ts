import { describe, expect, it } from "vitest";
import {
  DEFAULT_DUPLICATE_OPTIONS,
  DuplicateIndex,
  type DuplicateInput,
} from "./duplicate-index.js";
import { reasonsOf, scoreOf } from "./score.js";
import { RARE_TITLE_WORD_SHARE, rareWordLimit, sharesRareTerm } from "./title-name.js";

describe("a rare word both titles share", () => {
  it("is found by one merge of the two ascending id lists, only below the limit", () => {
    const df = Uint32Array.from([900, 2, 50, 1, 7]);
    const mine = Uint32Array.from([0, 2, 4]);
    const theirs = Uint32Array.from([9, 0, 2, 3, 4, 9]);
    // Shared ids 0, 2 and 4 (df 900, 50, 7): 4 is rare at limit 7, none at limit 6.
    expect(sharesRareTerm(mine, 3, theirs, 1, 5, df, 7)).toBe(true);
    expect(sharesRareTerm(mine, 3, theirs, 1, 5, df, 6)).toBe(false);
    // Only the candidate's own range counts: id 4 outside [1, 4) is not shared.
    expect(sharesRareTerm(mine, 3, theirs, 1, 4, df, 7)).toBe(false);
    expect(sharesRareTerm(mine, 0, theirs, 0, 6, df, 1000)).toBe(false);
  });

  it("is rare below 0.3 % of the indexed petitions, and never above three uses in a small index", () => {
    expect(RARE_TITLE_WORD_SHARE).toBe(0.003);
    expect(rareWordLimit(10)).toBe(3);
    expect(rareWordLimit(4326)).toBe(12);
    expect(rareWordLimit(1_000_000)).toBe(3000);
  });

  it("gives one petitioner's follow-up the follow-up bonus, as a shared place does", () => {
    const base = {
      cosine: 0.4,
      titleWords: 0.5,
      titleSimilarity: 0.3,
      samePetitioner: true,
      sharedPlaces: 0,
      conflict: 0,
      otherCategory: false,
    };
    const w = DEFAULT_DUPLICATE_OPTIONS;
    const plain = scoreOf(base, w);
    expect(scoreOf({ ...base, titleName: true }, w)).toBeCloseTo(plain + w.followUpBonus * 0.3, 10);
    expect(scoreOf({ ...base, sharedPlaces: 1, titleName: true }, w)).toBe(
      scoreOf({ ...base, sharedPlaces: 1 }, w),
    );
    // Between two petitioners it changes nothing: the bonus is for one person's follow-ups.
    const strangers = { ...base, samePetitioner: false };
    expect(scoreOf({ ...strangers, titleName: true }, w)).toBe(scoreOf(strangers, w));
    expect(reasonsOf({ ...base, titleName: true }, [], [], [], 3)).toContain(
      "the titles share a rare word (a name)",
    );
  });
});

// Texts written for this test: a platform called by its brand alone (no place word after it).
const at = (day: number): number => Date.parse("2026-03-02T09:00:00+08:00") + day * 86_400_000;
const COMMON = ["拖欠工资", "物业收费", "噪音扰民", "道路积水", "垃圾清运"];
const others = (): DuplicateInput[] =>
  Array.from({ length: 60 }, (_, k) => ({
    petitionId: `o${k}`,
    title: `反映${COMMON[k % COMMON.length]}问题无法解决`,
    content: `市民反映${COMMON[k % COMMON.length]}问题，多次反映无法解决，希望尽快处理。`,
    petitionerKeys: [`phone:1390000${String(k).padStart(4, "0")}`],
    receivedAt: at(k % 20),
  }));
const me = ["phone:13800000001"];

describe("DuplicateIndex reads a shared brand name in the titles", () => {
  it("marks one petitioner's two titles sharing a name no one else uses, not two sharing common words", () => {
    const index = new DuplicateIndex();
    for (const p of others()) index.add(p);
    index.add({
      petitionId: "first",
      title: "蓝鲸宝理财平台无法提现",
      content: "本人在蓝鲸宝理财平台投入积蓄，半年来无法提现，客服电话打不通，请有关部门调查。",
      petitionerKeys: me,
      receivedAt: at(30),
    });
    index.add({
      petitionId: "wages",
      title: "反映拖欠工资问题无法解决",
      content: "公司拖欠我三个月工资，多次反映无法解决。",
      petitionerKeys: me,
      receivedAt: at(31),
    });
    const found = index.check({
      petitionId: "again",
      title: "蓝鲸宝提现难再次反映",
      content: "上次反映后至今仍无法提现，平台已经关闭网站，请尽快立案追回资金。",
      petitionerKeys: me,
      receivedAt: at(60),
    });
    const first = found.find((c) => c.petitionId === "first");
    expect(first?.signals.sharedPlaces).toBe(0);
    expect(first?.signals.titleName).toBe(true);
    expect(first?.reasons).toContain("the titles share a rare word (a name)");
    const wages = index
      .check({
        petitionId: "wages-again",
        title: "再次反映拖欠工资问题",
        content: "拖欠工资至今没有解决。",
        petitionerKeys: me,
        receivedAt: at(61),
      })
      .find((c) => c.petitionId === "wages");
    expect(wages?.signals.titleName).toBe(false);
  });
});
