import { describe, expect, it } from "vitest";
import { type FixtureCase, fixtureLog } from "../../test/fixtures.js";
import { collectCases } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { topicClusters } from "./topic-clusters.js";

// Texts written for this test: April has four parking-fee and three noise petitions, March one of each.
const make = (id: string, title: string, content: string, at: string): FixtureCase => ({
  id,
  title,
  content,
  at,
  name: id,
});
const CASES: FixtureCase[] = [
  make("m1", "停车费太贵", "小区停车费每月涨价，物业乱收停车费。", "2026-03-03T09:00:00+08:00"),
  make("m2", "工地噪音扰民", "工地夜间施工噪音很大，影响睡觉。", "2026-03-04T09:00:00+08:00"),
  make("a1", "物业乱收停车费", "物业私自上调停车费，业主不同意。", "2026-04-01T09:00:00+08:00"),
  make(
    "a2",
    "停车费上涨不合理",
    "小区停车费从100元涨到300元，物业没有公示。",
    "2026-04-02T09:00:00+08:00",
  ),
  make("a3", "投诉物业停车费", "物业强制收取停车费，不交不让进小区。", "2026-04-03T09:00:00+08:00"),
  make("a4", "停车费问题", "物业乱收停车费，小区停车费太贵。", "2026-04-04T09:00:00+08:00"),
  make("a5", "夜间施工噪音", "工地晚上施工噪音扰民，居民睡不着。", "2026-04-05T09:00:00+08:00"),
  make("a6", "噪音扰民", "楼下工地施工噪音太吵，半夜还在干活。", "2026-04-06T09:00:00+08:00"),
  make("a7", "施工噪音", "地铁工地施工噪音严重，晚上无法休息。", "2026-04-07T09:00:00+08:00"),
];

describe("hot topics by meaning", async () => {
  const cases = await collectCases(fixtureLog(CASES));

  it("clusters the month by words, names clusters by key terms, with growth and distinct representatives", () => {
    const clusters = topicClusters(cases, { month: "2026-04", representatives: 2 });
    expect(clusters.map((c) => c.count)).toEqual([4, 3]);
    const [fees, noise] = clusters;
    expect(fees?.terms).toContain("停车");
    expect(noise?.terms.some((t) => /噪音|施工|工地/.test(t))).toBe(true);
    expect(fees?.previousCount).toBe(1);
    expect(fees?.growth).toBe(3);
    expect(noise?.growth).toBe(2);
    expect(fees?.representatives).toHaveLength(2);
    expect(new Set(fees?.representatives.map((r) => r.petitionId)).size).toBe(2);
  });

  it("refuses a malformed month by name", () => {
    expect(() => topicClusters(cases, { month: "2026-4" })).toThrow(AssistInputError);
  });
});
