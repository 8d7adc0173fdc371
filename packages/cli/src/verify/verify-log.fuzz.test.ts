import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sealLog } from "@petitio/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAttackLog } from "./attack-log.testkit.js";
import { MAX_FINDINGS, verifyLogFile } from "./verify-log.js";

/*
 * verify reads files written by anyone: whatever a file holds, it reports
 * findings and never throws, and its memory stays bounded however many lines
 * are broken (issue 16 item 6). PETITIO_FUZZ_SCALE multiplies the runs; the
 * seed is fixed so CI repeats (PETITIO_FUZZ_SEED=<n> or =random for others).
 */

const scale = Math.max(1, Number(process.env.PETITIO_FUZZ_SCALE ?? "1") || 1);
const seedSetting = process.env.PETITIO_FUZZ_SEED ?? "20261201";
const seed = seedSetting === "random" ? {} : { seed: Number(seedSetting) };
const dir = mkdtempSync(join(tmpdir(), "petitio-verify-fuzz-"));
let lines: string[];
beforeAll(async () => {
  lines = sealLog(await buildAttackLog(3)).map((e) => JSON.stringify(e));
}, 30_000);

const mutated = () =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: 120 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([i, a, b]) => {
      const line = lines[i % lines.length] as string;
      const at = a % (line.length + 1);
      return line.slice(0, at) + String.fromCharCode(b % 256) + line.slice(at + 1);
    }),
    fc.nat().map((i) => lines[i % lines.length] as string),
  );

describe("fuzz: verify over hostile files", () => {
  it("reports and never throws, whatever the lines", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutated(), { maxLength: 25 }), async (content) => {
        const path = join(dir, `f${++n % 8}.jsonl`);
        writeFileSync(path, content.join("\n"));
        const r = await verifyLogFile(path);
        expect(r.events).toBeLessThanOrEqual(content.length);
        for (const f of r.findings) expect(f.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: Math.round(600 * scale), ...seed },
    );
  }, 120_000);

  it("keeps memory bounded on a long log broken on every line", async () => {
    const path = join(dir, "long.jsonl");
    const broken = Array.from({ length: 30_000 }, (_, i) =>
      i % 2 ? `{"position":${i},` : `garbage ${i}`,
    );
    writeFileSync(path, broken.join("\n"));
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const r = await verifyLogFile(path);
    const grown = process.memoryUsage().heapUsed - before;
    expect(r.findings.length).toBe(MAX_FINDINGS);
    expect(r.omittedFindings).toBe(30_000 - MAX_FINDINGS);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
