import { SearchIndex } from "@petitio/assist";
import { PostgresSearchIndex } from "@petitio/assist/postgres";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CaseRecord } from "../../assist/src/cases/case-records.js";
import { fixtureLog, parkingCases } from "../../assist/test/fixtures.js";
import {
  bruteForce,
  EXACTNESS_COUNT,
  EXACTNESS_FILTERS,
  EXACTNESS_QUERIES,
  exactnessCases,
} from "../../assist/test/search-exactness.js";
import { describePg, useTestDatabase } from "./test-support.js";

// @petitio/assist's search on this package's real server: the same results
// as the SQLite index over the same log (the fixture texts are written for
// the assist tests, no real citizen text).

/**
 * Every exactness query and filter against the brute-force scan: newest
 * first in full and the first 3, and ranked among the newest 7 (the index's
 * rankWindow) with rankedAmongNewest set when there are more.
 */
const expectExact = async (index: PostgresSearchIndex, cases: CaseRecord[]): Promise<void> => {
  for (const query of EXACTNESS_QUERIES) {
    for (const filters of EXACTNESS_FILTERS) {
      const expected = bruteForce(cases, query, filters);
      const newest = [...expected].reverse();
      const label = `${query} ${JSON.stringify(filters)}`;
      const recent = await index.search(query, filters, EXACTNESS_COUNT, "recent");
      expect(
        recent.hits.map((h) => h.petitionId),
        label,
      ).toEqual(newest);
      const few = await index.search(query, filters, 3, "recent");
      expect(
        few.hits.map((h) => h.petitionId),
        label,
      ).toEqual(newest.slice(0, 3));
      const ranked = await index.search(query, filters, 5);
      expect(ranked.hits, label).toHaveLength(Math.min(5, expected.length));
      for (const hit of ranked.hits) expect(newest.slice(0, 7), label).toContain(hit.petitionId);
      expect(ranked.rankedAmongNewest, label).toBe(expected.length > 7 ? 7 : undefined);
    }
  }
};

describePg("assist search on PostgreSQL", () => {
  const db = useTestDatabase(import.meta.url);
  let pool: pg.Pool;
  let index: PostgresSearchIndex;
  const sqlite = new SearchIndex(":memory:");
  sqlite.applyEvents(fixtureLog());
  const ids = (hits: { petitionId: string }[]) => hits.map((h) => h.petitionId).sort();

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: db.url(), max: 2 });
    index = await PostgresSearchIndex.open({ pool, schema: "assist_search" });
    expect(await index.applyEvents(fixtureLog())).toBe(fixtureLog().length);
  });
  afterAll(async () => {
    sqlite.close();
    await pool?.end();
  });

  it("finds what the SQLite index finds, 2-character queries included", async () => {
    for (const query of [
      "噪音",
      "停车费",
      "翠湖 停车",
      "停车费停",
      "工资",
      "噪",
      "薪",
      "费",
      "停车 费",
    ]) {
      const [mine, theirs] = [await index.search(query), sqlite.search(query)];
      expect(ids(mine.hits), query).toEqual(ids(theirs.hits));
    }
    const noise = await index.search("噪音");
    expect(noise.method).toBe("bigrams");
    expect(noise.hits[0]?.highlights[0]).toContain("【噪音】");
    // A 1-character word is a lookup of the character in the gram array too.
    const one = await index.search("噪");
    expect(one.method).toBe("bigrams");
    expect(ids(one.hits)).toEqual(["fixture-p4"]);
  });

  it("ranks a title match above a content-only match", async () => {
    // p1–p3 have 停车费 in the title; search 业主大会, which only contents have, for the contrast.
    const hits = (await index.search("停车费")).hits;
    expect(hits.every((h) => h.score > 0)).toBe(true);
    const content = (await index.search("业主大会")).hits;
    expect(Math.max(...content.map((h) => h.score))).toBeLessThan(
      Math.min(...hits.map((h) => h.score)),
    );
  });

  it("applies the same filters", async () => {
    const from = Date.parse("2026-03-05T00:00:00+08:00");
    for (const filters of [
      { org: "西城区住建局" },
      { status: "replied" as const },
      { category: "suggestion" },
      { from },
    ]) {
      expect(ids((await index.search("停车费", filters)).hits)).toEqual(
        ids(sqlite.search("停车费", filters).hits),
      );
    }
    expect(ids((await index.search("停车费", { from })).hits)).toEqual([
      "fixture-p2",
      "fixture-p3",
    ]);
  });

  it("catches up from its checkpoint and follows a case's status", async () => {
    expect(await index.checkpoint()).toBe(fixtureLog().at(-1)?.position);
    expect(await index.applyEvents(fixtureLog())).toBe(0);
    expect(await index.size()).toBe(5);
    const replied = await index.search("停车费", { status: "replied" });
    expect(ids(replied.hits)).toEqual(["fixture-p1", "fixture-p3"]);
  });

  it("ranks only the newest window of many matches, widening for filters", async () => {
    const small = await PostgresSearchIndex.open({ pool, schema: "assist_window", rankWindow: 5 });
    await small.addCases(parkingCases("w"));
    const ranked = await small.search("停车", {}, 3);
    expect(ranked.rankedAmongNewest).toBe(5);
    for (const hit of ranked.hits)
      expect(Number(hit.petitionId.slice(1))).toBeGreaterThanOrEqual(25);
    expect(ids((await small.search("停车", { org: "住建局" }, 3)).hits)).toEqual(["w0", "w1"]);
    expect((await small.search("收费")).rankedAmongNewest).toBeUndefined();
  });

  it("migrates a format-1 index (bigram grams only) so 1-character words find their cases", async () => {
    const old = await PostgresSearchIndex.open({ pool, schema: "assist_format1" });
    await old.addCases(parkingCases("m"));
    // Make it a format-1 index: grams without single characters.
    await pool.query(
      `UPDATE assist_format1.search_cases SET grams = ARRAY(SELECT g FROM unnest(grams) g WHERE length(g) = 2)`,
    );
    await pool.query(
      `UPDATE assist_format1.search_meta SET value = 'petitio-assist-search-pg/1' WHERE key = 'format'`,
    );
    expect((await old.search("收", {}, 50)).hits).toEqual([]);
    const migrated = await PostgresSearchIndex.open({ pool, schema: "assist_format1" });
    expect(ids((await migrated.search("收", {}, 50)).hits)).toEqual(["m0", "m1"]);
    const format = await pool.query(
      "SELECT value FROM assist_format1.search_meta WHERE key = 'format'",
    );
    expect(format.rows[0]?.value).toBe("petitio-assist-search-pg/3");
  });

  it("migrates a format-2 index (no filter or block keys) so filters find their cases", async () => {
    const old = await PostgresSearchIndex.open({ pool, schema: "assist_format2" });
    await old.addCases(parkingCases("k"));
    // Make it a format-2 index: text grams only (a key has ':' or starts with '#').
    await pool.query(
      `UPDATE assist_format2.search_cases SET grams = ARRAY(SELECT g FROM unnest(grams) g WHERE strpos(g, ':') = 0 AND left(g, 1) <> '#')`,
    );
    await pool.query(
      `UPDATE assist_format2.search_meta SET value = 'petitio-assist-search-pg/2' WHERE key = 'format'`,
    );
    expect((await old.search("停车", { org: "住建局" })).hits).toEqual([]);
    const migrated = await PostgresSearchIndex.open({ pool, schema: "assist_format2" });
    expect(ids((await migrated.search("停车", { org: "住建局" })).hits)).toEqual(["k0", "k1"]);
    expect((await migrated.search("停车", {}, 50)).hits).toHaveLength(30);
  });

  it("finds exactly what a brute-force scan finds: 1-, 2-, 3-character and mixed words, with filters", async () => {
    const cases = exactnessCases();
    const exact = await PostgresSearchIndex.open({ pool, schema: "assist_exact", rankWindow: 7 });
    await exact.addCases(cases);
    await expectExact(exact, cases);
  }, 120_000);

  it("is as exact when the ids span many blocks of 4,096, some empty", async () => {
    const cases = exactnessCases();
    const spread = await PostgresSearchIndex.open({ pool, schema: "assist_spread", rankWindow: 7 });
    // Chunks of 100 cases, the id sequence moved on by 1,000–9,000 between them.
    for (let i = 0; i < cases.length; i += 100) {
      await spread.addCases(cases.slice(i, i + 100));
      await pool.query(
        `SELECT setval('assist_spread.search_cases_id_seq', nextval('assist_spread.search_cases_id_seq') + $1)`,
        [1000 + ((i * 37) % 8000)],
      );
    }
    const top = await pool.query("SELECT max(id) AS id FROM assist_spread.search_cases");
    expect(Number(top.rows[0]?.id)).toBeGreaterThan(20 * 4096);
    await expectExact(spread, cases);
  }, 180_000);

  it("names bad input", async () => {
    await expect(index.search("，。")).rejects.toThrow(/query/);
    await expect(index.search("噪音", {}, 0)).rejects.toThrow(/limit/);
    await expect(PostgresSearchIndex.open({ pool, schema: "Bad-Name" })).rejects.toThrow(/schema/);
  });
});
