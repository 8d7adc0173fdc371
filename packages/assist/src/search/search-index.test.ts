import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureLog } from "../../test/fixtures.js";
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

  it("falls back to LIKE for a 1-character query", () => {
    const result = index.search("薪");
    expect(result.method).toBe("like");
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
