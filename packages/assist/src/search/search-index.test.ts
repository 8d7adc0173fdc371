import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureLog, parkingCases } from "../../test/fixtures.js";
import { AssistInputError } from "../errors.js";
import { SearchIndex } from "./search-index.js";

const dir = mkdtempSync(join(tmpdir(), "assist-search-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Chinese search over bigrams", () => {
  const index = new SearchIndex(join(dir, "search.db"));
  index.applyEvents(fixtureLog());

  it("finds 2-character queries (the kind a trigram index misses) and ranks title matches first", () => {
    const result = index.search("噪音");
    expect(result.method).toBe("fts5");
    expect(result.hits.map((h) => h.petitionId)).toEqual(["fixture-p4"]);
    expect(result.hits[0]?.highlights[0]).toContain("【噪音】");
    const fees = index.search("停车费");
    expect(fees.hits.map((h) => h.petitionId).sort()).toEqual([
      "fixture-p1",
      "fixture-p2",
      "fixture-p3",
    ]);
  });

  it("matches the query as one phrase, not as scattered bigrams", () => {
    // 车费 and 停车 both occur in p1, but "费停" does not: "停车费停" must find nothing.
    expect(index.search("停车费停").hits).toEqual([]);
    expect(
      index
        .search("翠湖 停车")
        .hits.map((h) => h.petitionId)
        .sort(),
    ).toEqual(["fixture-p1", "fixture-p2"]);
  });

  it("applies org, status, category and time filters", () => {
    expect(index.search("停车费", { org: "西城区住建局" }).hits.map((h) => h.petitionId)).toEqual([
      "fixture-p3",
    ]);
    expect(
      index
        .search("停车费", { status: "replied" })
        .hits.map((h) => h.petitionId)
        .sort(),
    ).toEqual(["fixture-p1", "fixture-p3"]);
    expect(index.search("工资", { category: "suggestion" }).hits).toEqual([]);
    const from = Date.parse("2026-03-05T00:00:00+08:00");
    expect(
      index
        .search("停车费", { from })
        .hits.map((h) => h.petitionId)
        .sort(),
    ).toEqual(["fixture-p2", "fixture-p3"]);
  });

  it("looks a 1-character query up in the index of single characters", () => {
    const result = index.search("薪");
    expect(result.method).toBe("fts5");
    expect(result.hits).toEqual([]);
    expect(index.search("噪").hits.map((h) => h.petitionId)).toEqual(["fixture-p4"]);
  });

  it("catches up from its checkpoint without re-adding what it has", () => {
    const reopened = new SearchIndex(join(dir, "search.db"));
    const log = fixtureLog();
    expect(reopened.checkpoint).toBe(log.at(-1)?.position);
    expect(reopened.applyEvents(log)).toBe(0);
    expect(reopened.size).toBe(5);
    reopened.close();
  });

  it("refuses an empty query by name", () => {
    expect(() => index.search("，。")).toThrow(AssistInputError);
    expect(() => index.search("噪音", {}, 0)).toThrow(/limit/);
  });
});

describe("ranked search over many matches", () => {
  // Texts written for this test: 30 petitions mention 停车; only the oldest two are about 收费.
  const index = new SearchIndex(":memory:", { rankWindow: 5 });
  index.addCases(parkingCases("p"));

  it("ranks only the newest window of matches and says so", () => {
    const result = index.search("停车", {}, 3);
    expect(result.rankedAmongNewest).toBe(5);
    expect(result.hits).toHaveLength(3);
    for (const hit of result.hits)
      expect(Number(hit.petitionId.slice(1))).toBeGreaterThanOrEqual(25);
  });

  it("widens the window when filters leave too few hits", () => {
    const result = index.search("停车", { org: "住建局" }, 3);
    expect(result.hits.map((h) => h.petitionId).sort()).toEqual(["p0", "p1"]);
  });

  it("ranks every match when there are fewer than the window", () => {
    const result = index.search("收费");
    expect(result.rankedAmongNewest).toBeUndefined();
    expect(result.hits).toHaveLength(2);
  });

  it("scores a newest-first result by term frequency (title 3×), without bm25", () => {
    const recent = index.search("收费", {}, 20, "recent");
    expect(recent.hits.map((h) => h.petitionId)).toEqual(["p1", "p0"]);
    // 收费 once in the title (3) and once in the 10-character content (1).
    expect(recent.hits[0]?.score).toBeCloseTo(4 / Math.sqrt(1 + 10 / 100), 3);
  });

  it("refuses a window that is not a positive integer", () => {
    expect(() => new SearchIndex(":memory:", { rankWindow: 0 })).toThrow(/rankWindow/);
  });
});

describe("an index file of an older format", () => {
  it("migrates a bigram-only index (format 1) by re-tokenising its stored texts", () => {
    const file = join(dir, "format1.db");
    const cases = parkingCases("old");
    const db = new Database(file);
    // The format-1 schema: no character columns, no receipt blocks.
    db.exec(`CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE search_cases (id INTEGER PRIMARY KEY, petition_id TEXT NOT NULL UNIQUE,
        org TEXT NOT NULL, category TEXT NOT NULL, topic TEXT, status TEXT NOT NULL,
        received_at INTEGER NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL, record TEXT NOT NULL);
      CREATE VIRTUAL TABLE search_fts USING fts5(title, content, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 0');
      INSERT INTO search_meta VALUES ('format', 'petitio-assist-search/1'), ('checkpoint', '42');`);
    const insert = db.prepare("INSERT INTO search_cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    cases.forEach((c, i) => {
      insert.run(
        i + 1,
        c.petitionId,
        c.org,
        c.category,
        c.topic,
        c.status,
        c.receivedAt,
        c.title,
        c.content,
        JSON.stringify(c),
      );
    });
    db.close();

    const index = new SearchIndex(file);
    expect(index.checkpoint).toBe(42);
    expect(
      index
        .search("收", {}, 50)
        .hits.map((h) => h.petitionId)
        .sort(),
    ).toEqual(["old0", "old1"]);
    expect(index.search("停车", {}, 50).hits).toHaveLength(30);
    const day3 = cases[3]?.receivedAt ?? 0;
    expect(
      index.search("停车", { from: day3, to: day3 + 1 }).hits.map((h) => h.petitionId),
    ).toEqual(["old3"]);
    index.close();
    const again = new SearchIndex(file);
    expect(again.search("难", {}, 50).hits).toHaveLength(28);
    again.close();
  });

  it("refuses a file of an unknown format with a typed error saying to rebuild", () => {
    const file = join(dir, "future.db");
    const db = new Database(file);
    db.exec(`CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO search_meta VALUES ('format', 'petitio-assist-search/9');`);
    db.close();
    expect(() => new SearchIndex(file)).toThrow(AssistInputError);
    expect(() => new SearchIndex(file)).toThrow(
      /format petitio-assist-search\/9.*delete it to rebuild/,
    );
  });
});
