import { describe, expect, it } from "vitest";
import { AssistInputError, RouterModelError } from "../errors.js";
import { createRouter, readRouterModel, trainRouter } from "./router.js";

// Texts written for this test: three kinds of request with their own vocabulary.
const EXAMPLES = [
  { text: "小区物业乱收停车费，业主要求物业公开收费标准", label: "物业" },
  { text: "物业公司不作为，小区电梯坏了一个月没人修", label: "物业" },
  { text: "投诉物业私自提高物业费，业主委员会不知情", label: "物业" },
  { text: "小区物业保安态度差，停车管理混乱", label: "物业" },
  { text: "公司拖欠工资三个月，农民工讨薪无门", label: "劳动" },
  { text: "工地老板欠薪跑路，工人工资没有着落", label: "劳动" },
  { text: "单位不给缴纳社保，拖欠加班工资", label: "劳动" },
  { text: "工厂辞退员工不给经济补偿，工资也不发", label: "劳动" },
  { text: "夜间工地施工噪音扰民，居民无法入睡", label: "噪音" },
  { text: "楼下饭店油烟和噪音严重，影响休息", label: "噪音" },
  { text: "广场舞音响噪音太大，晚上十点还不停", label: "噪音" },
  { text: "酒吧夜里噪音扰民，多次投诉没有结果", label: "噪音" },
];

describe("routing suggestion", () => {
  const model = trainRouter(EXAMPLES);
  const router = createRouter(model);

  it("suggests the label whose vocabulary the new text shares, with alternatives and reasons", () => {
    const s = router.suggest("老板拖欠我们工资半年了", 3);
    expect(s.label).toBe("劳动");
    expect(s.top.map((t) => t.label)).toHaveLength(3);
    expect(s.top[0]?.score).toBeGreaterThan(s.top[1]?.score ?? 0);
    expect(s.margin).toBeGreaterThan(0);
    expect(s.reasons.some((r) => /工|资|欠/.test(r.term))).toBe(true);
    expect(s.model).toBe(model.hash);
    expect(router.suggest("半夜施工噪音太吵").label).toBe("噪音");
    expect(router.suggest("物业乱收费").label).toBe("物业");
  });

  it("is deterministic and round-trips through JSON with the same predictions", () => {
    const again = trainRouter(EXAMPLES);
    expect(again.hash).toBe(model.hash);
    const loaded = createRouter(readRouterModel(JSON.parse(JSON.stringify(model))));
    expect(loaded.suggest("工资被拖欠")).toEqual(router.suggest("工资被拖欠"));
  });

  it("refuses a model whose content no longer matches its hash", () => {
    const tampered = JSON.parse(JSON.stringify(model));
    tampered.labels[0] = "别的";
    expect(() => readRouterModel(tampered)).toThrow(RouterModelError);
    expect(() => readRouterModel({ format: "other" })).toThrow(/format/);
  });

  it("names the bad field of a training example", () => {
    expect(() => trainRouter([{ text: "", label: "a" }])).toThrow(AssistInputError);
    expect(() =>
      trainRouter([
        { text: "x", label: "a" },
        { text: "y", label: "" },
      ]),
    ).toThrow(/examples\[1\]\.label/);
    expect(() => trainRouter([{ text: "x", label: "a" }])).toThrow(/two labels/);
  });
});
