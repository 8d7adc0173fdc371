import { describe, expect, it } from "vitest";
import {
  bruteForce,
  EXACTNESS_COUNT,
  EXACTNESS_FILTERS,
  EXACTNESS_QUERIES,
  exactnessCases,
} from "../../test/search-exactness.js";
import type { CaseRecord } from "../cases/case-records.js";
import { SearchIndex } from "./search-index.js";

describe("search is exact against a brute-force scan", () => {
  const cases = exactnessCases();
  const index = new SearchIndex(":memory:", { rankWindow: 7 });
  index.addCases(cases);

  it("finds exactly the matching cases for 1-, 2-, 3-character and mixed queries, with filters", () => {
    let compared = 0;
    for (const query of EXACTNESS_QUERIES) {
      for (const filters of EXACTNESS_FILTERS) {
        const expected = bruteForce(cases, query, filters);
        const ranked = index.search(query, filters, EXACTNESS_COUNT);
        expect(
          ranked.hits.map((h) => h.petitionId).sort(),
          `${query} ${JSON.stringify(filters)}`,
        ).toEqual([...expected].sort());
        // Newest first is the index order: the brute-force list reversed.
        const recent = index.search(query, filters, EXACTNESS_COUNT, "recent");
        expect(recent.hits.map((h) => h.petitionId)).toEqual([...expected].reverse());
        if (expected.length > 0) compared++;
      }
    }
    // The fixture must exercise matches, not only empty results.
    expect(compared).toBeGreaterThan(EXACTNESS_QUERIES.length * 4);
  });

  it("returns the limit from the matches when there are more, ranked or newest first", () => {
    for (const query of EXACTNESS_QUERIES) {
      for (const filters of EXACTNESS_FILTERS) {
        const matching = bruteForce(cases, query, filters);
        const expected = new Set(matching);
        const ranked = index.search(query, filters, 5).hits.map((h) => h.petitionId);
        expect(ranked).toHaveLength(Math.min(5, expected.size));
        for (const id of ranked) expect(expected.has(id), `${query} ${id}`).toBe(true);
        // Newest first is exactly the newest five matches.
        const recent = index.search(query, filters, 5, "recent").hits.map((h) => h.petitionId);
        expect(recent, `${query} ${JSON.stringify(filters)}`).toEqual(matching.slice(-5).reverse());
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
