import type { CaseRecord, CaseStatus } from "../src/cases/case-records.js";
import { queryRuns } from "../src/search/bigrams.js";
import type { SearchFilters } from "../src/search/search-query.js";
import { seededRandom } from "../src/text/hash.js";
import { normalizeText } from "../src/text/normalize.js";

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
export const EXACTNESS_COUNT = 2200;

/** 2,200 cases: more than two receipt blocks of the SQLite index. */
export const exactnessCases = (): CaseRecord[] => {
  const random = seededRandom(15);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: EXACTNESS_COUNT }, (_, i) => {
    const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(PIECES));
    // One in twenty arrives out of order, up to 30 days (120 cases) before its neighbours.
    const late = random() < 0.05 ? Math.floor(random() * 30) * DAY : 0;
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

/** The ids of the matching cases, in index order. */
export const bruteForce = (
  cases: readonly CaseRecord[],
  query: string,
  f: SearchFilters,
): string[] => {
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

export const EXACTNESS_QUERIES = [
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
export const EXACTNESS_FILTERS: SearchFilters[] = [
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
