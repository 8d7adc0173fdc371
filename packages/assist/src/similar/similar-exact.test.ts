import { describe, expect, it } from "vitest";
import { type CaseRecord, caseText } from "../cases/case-records.js";
import { seededRandom } from "../text/hash.js";
import { words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";
import { IDF_REFRESH, SimilarCaseIndex } from "./similar-cases.js";

/**
 * The index against a plain cosine over every case: TF-IDF weights
 * (1 + ln count) × idf, idf = ln((1 + N) / (1 + df)) + 1 from the cases
 * given, the query's 24 heaviest words, rounded to 4 decimals, ties by
 * petition id. Texts are written for this test from short pieces, so many
 * cases share words and many tie.
 */
const PIECES = [
  "小区物业加收停车费",
  "业主大会没有同意",
  "工地夜间施工噪音扰民",
  "老板拖欠工资三个月",
  "餐馆油烟直排",
  "拆迁补偿款没有到位",
  "道路坑洼积水严重",
  "电梯经常故障困人",
  "自来水经常停水",
  "商家占道经营",
  "希望尽快处理",
  "请有关部门查处",
];
const DAY = 86_400_000;

/** Pieces only cases added after the first snapshot use: words the snapshot has not seen. */
const LATER_PIECES = ["图书馆借书证难以办理", "公园健身器材损坏", "小区物业加收停车费"];

const corpus = (
  count: number,
  seed: number,
  prefix: string,
  pieces: readonly string[] = PIECES,
  most = 4,
): CaseRecord[] => {
  const random = seededRandom(seed);
  const pick = (): string => pieces[Math.floor(random() * pieces.length)] as string;
  return Array.from({ length: count }, (_, i) => {
    const receivedAt = Date.parse("2025-01-01T00:00:00+08:00") + i * DAY;
    const replied = random() < 0.6;
    return {
      petitionId: `${prefix}${i}`,
      title: pick(),
      content: Array.from({ length: 1 + Math.floor(random() * most) }, pick).join("，"),
      category: "claim",
      topic: null,
      region: null,
      address: null,
      petitionerKeys: [],
      receivedAt,
      registeredBy: "test",
      org: "住建局",
      status: replied ? "replied" : "open",
      reply: replied
        ? {
            org: "住建局",
            outcome: "explained",
            summary: "已说明",
            legalBasis: [],
            deliveredAt: receivedAt + 5 * DAY,
          }
        : null,
      mergedInto: null,
      repeatOf: null,
    };
  });
};

const countsOf = (text: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const w of words(text.slice(0, 800)))
    if (isContentWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
};
/** A case's counts, segmented once. */
const cached = new Map<CaseRecord, Map<string, number>>();
const caseCounts = (c: CaseRecord): Map<string, number> => {
  let counts = cached.get(c);
  if (counts === undefined) {
    counts = countsOf(caseText(c));
    cached.set(c, counts);
  }
  return counts;
};

/** Ids of the top `limit`, with similarities, by the definition above over `stats` (the idf's cases). */
const bruteForce = (
  stats: readonly CaseRecord[],
  cases: readonly CaseRecord[],
  text: string,
  limit: number,
  filter: (c: CaseRecord) => boolean,
): [string, number][] => {
  const df = new Map<string, number>();
  for (const c of stats) for (const w of caseCounts(c).keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((1 + stats.length) / (1 + (df.get(w) ?? 0))) + 1;
  const weights = (counts: Map<string, number>) =>
    new Map([...counts].map(([w, n]) => [w, (1 + Math.log(n)) * idf(w)] as const));
  const norm = (w: Map<string, number>) =>
    Math.sqrt([...w.values()].reduce((s, v) => s + v * v, 0));
  const query = weights(countsOf(text));
  const telling = [...query].sort((a, b) => b[1] - a[1]).slice(0, 24);
  const scored: [string, number][] = [];
  for (const c of cases) {
    if (!filter(c)) continue;
    const doc = weights(caseCounts(c));
    const dot = telling.reduce((s, [w, wq]) => s + wq * (doc.get(w) ?? 0), 0);
    if (dot === 0) continue;
    scored.push([c.petitionId, Number((dot / (norm(doc) * norm(query))).toFixed(4))]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, limit);
};

const queries = (pieces: readonly string[] = PIECES, seed = 3): string[] => {
  const random = seededRandom(seed);
  return Array.from({ length: 40 }, () =>
    Array.from(
      { length: 1 + Math.floor(random() * 3) },
      () => pieces[Math.floor(random() * pieces.length)],
    ).join(""),
  );
};

const idsAndSimilarities = (found: { petitionId: string; similarity: number }[]) =>
  found.map((s) => [s.petitionId, s.similarity]);

describe("similar cases are exactly the brute-force cosine's", () => {
  const cases = corpus(3000, 11, "s");
  const index = new SimilarCaseIndex(cases);

  it("for new texts, replied only and all, with a time bound", () => {
    const before = Date.parse("2026-06-01T00:00:00+08:00");
    for (const text of queries()) {
      const got = index.similarToText(text, { limit: 7 });
      expect(
        got.map((s) => [s.petitionId, s.similarity]),
        text,
      ).toEqual(bruteForce(cases, cases, text, 7, (c) => c.reply !== null));
      const all = index.similarToText(text, { limit: 3, repliedOnly: false, before });
      expect(
        all.map((s) => [s.petitionId, s.similarity]),
        text,
      ).toEqual(bruteForce(cases, cases, text, 3, (c) => c.receivedAt < before));
    }
  });

  it("for indexed petitions, themselves left out", () => {
    for (const c of cases.slice(0, 60)) {
      const got = index.similarTo(c.petitionId, { limit: 4 });
      expect(got.map((s) => [s.petitionId, s.similarity])).toEqual(
        bruteForce(cases, cases, caseText(c), 4, (o) => o.reply !== null && o !== c),
      );
    }
  });

  it("keeps the idf of its snapshot until the index grows past 2 %, then takes a new one", () => {
    const grown = new SimilarCaseIndex(cases);
    grown.similarToText("停车费"); // takes the snapshot over the 3,000 cases
    const within = corpus(Math.floor(3000 * IDF_REFRESH), 12, "t");
    for (const c of within) grown.add(c);
    const all = [...cases, ...within];
    for (const text of queries().slice(0, 10))
      expect(
        grown.similarToText(text, { limit: 5 }).map((s) => [s.petitionId, s.similarity]),
      ).toEqual(bruteForce(cases, all, text, 5, (c) => c.reply !== null));
    const past = corpus(2, 13, "u");
    for (const c of past) grown.add(c);
    const every = [...all, ...past];
    for (const text of queries().slice(0, 10))
      expect(
        grown.similarToText(text, { limit: 5 }).map((s) => [s.petitionId, s.similarity]),
      ).toEqual(bruteForce(every, every, text, 5, (c) => c.reply !== null));
  });

  it("stays exact however many are asked for, as the k-th best sets what a case must reach", () => {
    for (const text of queries(PIECES, 4).slice(0, 15))
      for (const limit of [1, 2, 20, 200])
        expect(
          idsAndSimilarities(index.similarToText(text, { limit })),
          `${text} ${limit}`,
        ).toEqual(bruteForce(cases, cases, text, limit, (c) => c.reply !== null));
  });

  it("breaks ties at similarity 1 by petition id among hundreds of identical cases", () => {
    // Two texts, many copies each, ids of unequal length (d9 sorts after d10):
    // the k-th best is 1, so every case lacking one word is cut off, and the
    // ones kept are ordered by id alone.
    const copies = corpus(1500, 21, "d", ["餐馆油烟直排", "道路坑洼积水严重"], 1);
    const copied = new SimilarCaseIndex(copies);
    for (const text of ["餐馆油烟直排", "餐馆油烟直排道路坑洼积水严重", "道路积水"])
      for (const limit of [1, 5, 30]) {
        const got = idsAndSimilarities(copied.similarToText(text, { limit, repliedOnly: false }));
        expect(got, text).toEqual(bruteForce(copies, copies, text, limit, () => true));
        if (text === "餐馆油烟直排") expect(got.every(([, s]) => s === 1)).toBe(true);
      }
  });

  it("bounds a short case as tightly as a long one (one-word cases beside long ones)", () => {
    // A one-word case has the largest share of any word's weight: a bound per
    // word would let it through; the bound on the words it has must not be
    // loose the other way either.
    const short = corpus(800, 31, "w", ["停车", "噪音", "油烟", "电梯", "积水"], 1);
    const mixed = [...short, ...corpus(1200, 32, "x")];
    const both = new SimilarCaseIndex(mixed);
    for (const text of [...queries(PIECES, 5).slice(0, 12), "停车噪音", "油烟", "电梯故障困人"])
      for (const limit of [1, 5]) {
        expect(idsAndSimilarities(both.similarToText(text, { limit })), text).toEqual(
          bruteForce(mixed, mixed, text, limit, (c) => c.reply !== null),
        );
      }
  });

  it("counts words new since the snapshot as in no case, and finds the cases that have them", () => {
    const grown = new SimilarCaseIndex(cases);
    grown.similarToText("停车费"); // the snapshot: 3,000 cases, none with the later words
    const later = corpus(50, 14, "v", LATER_PIECES);
    for (const c of later) grown.add(c);
    const all = [...cases, ...later];
    for (const text of [...queries(LATER_PIECES, 6).slice(0, 10), "图书馆停车", "健身器材噪音"])
      for (const limit of [1, 5]) {
        expect(idsAndSimilarities(grown.similarToText(text, { limit })), text).toEqual(
          bruteForce(cases, all, text, limit, (c) => c.reply !== null),
        );
      }
  });

  it("names a petition added twice", () => {
    expect(() => index.add(cases[0] as CaseRecord)).toThrow(/already in the index/);
  });
});
