import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataDirectory } from "../util/data-dir.js";
import { runInProcess } from "./run-in-process.testkit.js";

/**
 * The assist commands on a log imported from the real teddycup data. Optional:
 * skipped, with a message, where the data folder is absent (a fresh clone).
 */
const DATA = dataDirectory(process.env, process.cwd());
const SOURCE = join(DATA, "teddycup2020_c/att3_full_votes.jsonl");
const present = existsSync(SOURCE);
if (!present) console.warn(`assist datasets test skipped: ${SOURCE} not found (set PETITIO_DATA)`);

const dir = mkdtempSync(join(tmpdir(), "assist-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runInProcess(dir, argv, { PETITIO_DATA: DATA });

describe.skipIf(!present)("assist on an imported teddycup log", () => {
  const log = join(dir, "t3.log.jsonl");

  it("imports, then finds duplicates, searches, pushes similar cases and clusters a month", {
    timeout: 300_000,
  }, async () => {
    expect((await run("import", "teddycup", SOURCE, "--out", log, "--limit", "800")).code).toBe(0);
    const { pairs } = JSON.parse((await run("assist", "duplicates", log, "--json")).out);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      expect(p.score).toBeGreaterThanOrEqual(0.5);
      expect(p.reasons.length).toBeGreaterThan(0);
    }
    const search = JSON.parse(
      (await run("assist", "search", log, "物业", "--json", "--limit", "5")).out,
    );
    expect(search.method).toBe("fts5");
    expect(search.hits.length).toBe(5);
    for (const h of search.hits) expect(h.highlights.join("")).toContain("【物业】");
    const someone = search.hits[0].petitionId;
    const similar = JSON.parse(
      (await run("assist", "similar", log, someone, "--all", "--json")).out,
    );
    expect(similar.similar.length).toBeGreaterThan(0);
    expect(similar.similar.map((s: { petitionId: string }) => s.petitionId)).not.toContain(someone);
    const topics = JSON.parse(
      (await run("assist", "topics", log, "--month", "2019-01", "--json")).out,
    );
    expect(topics.clusters.length).toBeGreaterThan(0);
    expect(topics.clusters[0].count).toBeGreaterThanOrEqual(topics.clusters.at(-1).count);
  });
});
