import { describe, expect, it } from "vitest";
import type { CaseRecord, CaseStatus } from "../cases/case-records.js";
import { seededRandom } from "../text/hash.js";
import { normalizeText } from "../text/normalize.js";
import { queryRuns } from "./bigrams.js";
import { SearchIndex } from "./search-index.js";
import type { SearchFilters } from "./search-query.js";

/**
 * The index against a brute-force scan: a case matches when every word of
 * the query occurs in its normalised title or content, and the filters hold.
 * The texts are written for this test from short pieces, with traps: a word
 * split by punctuation (停车。车费 must not match 停车费), full-width letters
 * and digits, and receipt times that sometimes go back (a late import), so the
 * time filter cannot assume that rowids follow receipt.
 */
const PIECES = [
  "小区停车费上涨",
  "停车。车费",
  "噪音扰民",
  "夜间施工噪声",
  "拖欠工资",
  "欠薪三个月",
  "Ａ3栋电梯故障",
  "a3栋",
  "物业不作为",
  "路灯不亮",
  "水",
  "积水严重，排水不畅",
  "费用不公开",
  "音乐广场",
  "房",
];
const ORGS = ["住建局", "城管局", "人社局"];
const STATUSES: CaseStatus[] = ["open", "replied", "concluded"];
const DAY = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00+08:00");
const COUNT = 2200;

const fixture = (): CaseRecord[] => {
  const random = seededRandom(15);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: COUNT }, (_, i) => {
    const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(PIECES));
    // One in twenty arrives out of order, up to 300 days before its neighbours.
    const late = random() < 0.05 ? Math.floor(random() * 300) * DAY : 0;
    return {
      petitionId: `x${i}`,
      title: pick(PIECES),
      content: parts.join(random() < 0.5 ? "，" : ""),
      category: "claim",
      topic: null,
      region: null,
      address: null,
      petitionerKeys: [],
      receivedAt: START + i * (DAY / 4) - late,
      registeredBy: "test",
      org: pick(ORGS),
      status: pick(STATUSES),
      reply: null,
      mergedInto: null,
      repeatOf: null,
    };
  });
};

const bruteForce = (cases: readonly CaseRecord[], query: string, f: SearchFilters): string[] => {
  const words = queryRuns(query);
  return cases
    .filter((c) => {
      const title = normalizeText(c.title);
      const content = normalizeText(c.content);
      return (
        words.every((w) => title.includes(w) || content.includes(w)) &&
        (f.org === undefined || c.org === f.org) &&
        (f.status === undefined || c.status === f.status) &&
        (f.from === undefined || c.receivedAt >= f.from) &&
        (f.to === undefined || c.receivedAt < f.to)
      );
    })
    .map((c) => c.petitionId);
};

const QUERIES = [
  "水",
  "噪",
  "费",
  "a",
  "3",
  "Ａ",
  "停车",
  "噪音",
  "车费",
  "a3",
  "停车费",
  "欠薪三",
  "排水不畅",
  "停车费上涨",
  "停车 费",
  "噪 音乐",
  "a3 电梯",
  "房 水",
  "火箭",
  "火",
];

const month = (m: number): number => START + m * 30 * DAY;
const FILTERS: SearchFilters[] = [
  {},
  { org: "城管局" },
  { status: "replied" },
  { from: month(3), to: month(4) },
  { from: month(0), to: month(0) + 2 * DAY },
  { from: month(6) },
  { to: month(1) },
  { org: "人社局", status: "open", from: month(2), to: month(5) },
  { from: month(40) },
];

describe("search is exact against a brute-force scan", () => {
  const cases = fixture();
  const index = new SearchIndex(":memory:", { rankWindow: 7 });
  index.addCases(cases);

  it("finds exactly the matching cases for 1-, 2-, 3-character and mixed queries, with filters", () => {
    let compared = 0;
    for (const query of QUERIES) {
      for (const filters of FILTERS) {
        const expected = bruteForce(cases, query, filters);
        const ranked = index.search(query, filters, COUNT);
        expect(
          ranked.hits.map((h) => h.petitionId).sort(),
          `${query} ${JSON.stringify(filters)}`,
        ).toEqual([...expected].sort());
        // Newest first is the index order: the brute-force list reversed.
        const recent = index.search(query, filters, COUNT, "recent");
        expect(recent.hits.map((h) => h.petitionId)).toEqual([...expected].reverse());
        if (expected.length > 0) compared++;
      }
    }
    // The fixture must exercise matches, not only empty results.
    expect(compared).toBeGreaterThan(QUERIES.length * 4);
  });

  it("returns the limit from the matches when there are more, ranked or newest first", () => {
    for (const query of QUERIES) {
      for (const filters of FILTERS) {
        const expected = new Set(bruteForce(cases, query, filters));
        for (const order of ["rank", "recent"] as const) {
          const hits = index.search(query, filters, 5, order).hits.map((h) => h.petitionId);
          expect(hits).toHaveLength(Math.min(5, expected.size));
          for (const id of hits) expect(expected.has(id), `${query} ${id}`).toBe(true);
        }
      }
    }
  });

  it("does not match a word across punctuation", () => {
    const small = new SearchIndex();
    small.addCases([
      { ...(cases[0] as CaseRecord), petitionId: "split", title: "问题", content: "停车。车费" },
      { ...(cases[0] as CaseRecord), petitionId: "whole", title: "问题", content: "停车车费" },
    ]);
    expect(small.search("停车费").hits).toEqual([]);
    expect(small.search("车车").hits.map((h) => h.petitionId)).toEqual(["whole"]);
    expect(
      small
        .search("停车 车费")
        .hits.map((h) => h.petitionId)
        .sort(),
    ).toEqual(["split", "whole"]);
    small.close();
  });
});
