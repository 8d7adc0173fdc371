import { describe, expect, it } from "vitest";
import { AssistInputError } from "../errors.js";
import { DuplicateIndex } from "./duplicate-index.js";

// Texts written for this test.
const at = (day: number): number => Date.parse("2026-01-05T09:00:00+08:00") + day * 86_400_000;
const REQUESTS = [
  "图书馆延长开放时间",
  "增设公共自行车站点",
  "修缮老旧健身器材",
  "开通夜间公交线路",
  "增加垃圾分类投放点",
  "整治河道漂浮垃圾",
  "规范共享单车停放",
  "增设无障碍通道",
];
const ask = (k: number, day: number) => ({
  petitionId: `p${k}`,
  title: `建议${REQUESTS[k % REQUESTS.length]}（第${k}条）`,
  content: `市民热线编号${k}：本人长期关注城市管理，建议有关部门${REQUESTS[k % REQUESTS.length]}，方便群众生活，第${k}条建议。`,
  petitionerKeys: ["phone:13800000000"],
  receivedAt: at(day),
});
const tollGate = {
  petitionId: "toll",
  title: "高速收费站出口排长队",
  content: "每天早上高速收费站出口车辆排队两公里，只开一个人工通道，建议多开通道。",
  petitionerKeys: ["phone:13800000000"],
  receivedAt: at(0),
};
const tollAgain = {
  petitionId: "toll-again",
  title: "再次反映高速收费站出口排长队",
  content: "上个月反映后仍然只开一个人工通道，早高峰堵到匝道上，请尽快增开。",
  petitionerKeys: ["phone:13800000000"],
  receivedAt: at(200),
};

describe("a petitioner with a long history", () => {
  it("finds a follow-up in new words among a hundred of the same person's other requests", () => {
    const index = new DuplicateIndex();
    index.add(tollGate);
    for (let k = 0; k < 100; k++) index.add(ask(k, 1 + k));
    const found = index.check(tollAgain, 3);
    expect(found[0]?.petitionId).toBe("toll");
    expect(found[0]?.probable).toBe(true);
    expect(found[0]?.signals.titleWords).toBeGreaterThan(0.5);
    expect(found[0]?.reasons.some((r) => r.startsWith("title word cosine"))).toBe(true);
  });

  it("does not call the same person's request for something else a duplicate", () => {
    const index = new DuplicateIndex();
    index.add(tollGate);
    const other = {
      ...tollAgain,
      title: "高速服务区厕所不够用",
      content: "高速服务区厕所排长队，节假日更严重，建议增加厕位。",
    };
    const found = index.check(other).find((c) => c.petitionId === "toll");
    expect(found?.probable ?? false).toBe(false);
  });
});

describe("categories", () => {
  const fees = {
    petitionId: "fees",
    title: "翠湖小区物业费上涨",
    content: "翠湖小区物业今年把物业费从每平方米1.5元涨到2.2元，没有召开业主大会。",
    petitionerKeys: ["id:X1"],
    receivedAt: at(0),
  };
  const later = {
    petitionId: "fees-later",
    title: "翠湖小区收费问题",
    content: "上次说的事情还没有说法，物业说是按合同执行，业主不认可。",
    petitionerKeys: ["id:X1"],
    receivedAt: at(30),
  };

  it("weighs a different category against one petitioner's two petitions, and says so", () => {
    const index = new DuplicateIndex();
    index.add({ ...fees, category: "城乡建设" });
    const same = index.check({ ...later, category: "城乡建设" })[0];
    const other = index.check({ ...later, category: "劳动和社会保障" })[0];
    const none = index.check(later)[0];
    expect(same?.signals.otherCategory).toBe(false);
    expect(none?.signals.otherCategory).toBe(false);
    expect(other?.signals.otherCategory).toBe(true);
    expect(same?.score).toBeLessThan(1);
    const penalty = index.options.samePetitionerCategoryPenalty ?? 0;
    expect(penalty).toBeGreaterThan(0);
    expect((same?.score ?? 0) - (other?.score ?? 0)).toBeCloseTo(penalty, 3);
    expect(other?.reasons).toContain("different categories: 劳动和社会保障 ≠ 城乡建设");
  });

  it("names a category that is not a string", () => {
    const index = new DuplicateIndex();
    expect(() => index.add({ ...fees, category: 7 as unknown as string })).toThrow(
      AssistInputError,
    );
    expect(() => index.add({ ...fees, category: 7 as unknown as string })).toThrow(/category/);
  });
});

describe("a template re-used many times", () => {
  const ESTATES = Array.from("金银玉锦华青丽凤龙雅嘉康泰福瑞盛阳明秀星");
  const template = (estate: string, k: number) => ({
    petitionId: `t${k}`,
    title: `${estate}苑小区电梯经常故障`,
    content: `${estate}苑小区电梯经常故障，上个月困人三次，物业推说没有维修资金，请有关部门督促维修。`,
    petitionerKeys: [`id:T${k}`],
    receivedAt: at(k),
  });

  it("still finds the petitioner's own re-post among 300 copies for other estates, and calls none of them a duplicate", () => {
    const index = new DuplicateIndex();
    const mine = { ...template("翠湖", 0), petitionId: "mine", petitionerKeys: ["id:ME"] };
    index.add(mine);
    for (let k = 1; k <= 300; k++) index.add(template(ESTATES[k % ESTATES.length] ?? "金", k));
    const found = index.check({
      ...mine,
      petitionId: "mine-again",
      content: `${mine.content}望尽快答复。`,
      receivedAt: at(301),
    });
    expect(found[0]?.petitionId).toBe("mine");
    expect(found[0]?.probable).toBe(true);
    expect(found.filter((c) => c.probable).map((c) => c.petitionId)).toEqual(["mine"]);
  });
});
