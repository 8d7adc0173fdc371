import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventEnvelope } from "@petitio/core";
import { serializeEnvelope } from "@petitio/core/adapter";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../test/run-petitio.js";
import { parseCommandArgs } from "../cli/args.js";
import { captureContext } from "../cli/capture-context.testkit.js";
import { reportCommand } from "../commands/report.js";

/**
 * A log verified before is folded without being judged again (the verdict
 * cache): whatever the fold does to go faster, `petitio report` must print the
 * same bytes as on its first run and as with the cache off, in every format
 * and option that changes what is folded (`--as-of`) or how it is grouped (`--by`).
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-report-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[], env: Record<string, string>) => {
  const { ctx, output } = captureContext(dir, { NO_COLOR: "1", ...env });
  const code = await reportCommand.run(
    parseCommandArgs("report", argv, reportCommand.options),
    ctx,
  );
  return { code, ...output() };
};

/** The variants of one log's report: text and JSON, whole log and grouped up to a moment. */
const variants = (log: string, asOf: string): string[][] => [
  [log],
  [log, "--json"],
  [log, "--by", "org", "--as-of", asOf],
  [log, "--json", "--by", "org", "--as-of", asOf],
  [log, "--by", "month", "--json"],
];

/** Each variant uncached, on a first run (verify and fold) and verified before (fold only): the same output. */
const expectSameOnEveryRun = async (log: string, asOf: string): Promise<void> => {
  const cacheDir = mkdtempSync(join(dir, "cache-"));
  const cached = { PETITIO_CACHE_DIR: cacheDir };
  for (const argv of variants(log, asOf)) {
    const off = await run(argv, { PETITIO_VERIFY_CACHE: "off" });
    const first = await run(argv, cached);
    const verifiedBefore = await run(argv, cached);
    expect(off.code).toBe(0);
    expect(first.out).toBe(off.out);
    expect(verifiedBefore.out).toBe(off.out);
    expect(verifiedBefore.err).toBe(off.err);
  }
  // The repeat runs did read from the cache: the log's verdict is there.
  expect(readdirSync(join(cacheDir, "verified"))).toHaveLength(1);
};

let sample: string;
beforeAll(() => {
  ({ sample } = writeWorkedExamples(dir));
});

describe("petitio report on a log verified before", () => {
  it("prints the bytes of a first run on the worked example", async () => {
    await expectSameOnEveryRun(sample, "2018-03-31");
  }, 120_000);

  it("prints the bytes of a first run on random logs (random sets of the example's petitions, random moments)", async () => {
    // Whole streams kept or dropped, positions numbered again: each kept petition stays lawful.
    const lines = readFileSync(sample, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const events = lines.map((l) => JSON.parse(l) as EventEnvelope);
    const streams = [...new Set(events.map((e) => e.streamId))];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(streams, { minLength: 1 }),
        fc.date({ min: new Date("2017-06-01"), max: new Date("2018-06-01"), noInvalidDate: true }),
        async (kept, moment) => {
          const keep = new Set(kept);
          const log = join(dir, `random-${n++}.log.jsonl`);
          const text = events
            .filter((e) => keep.has(e.streamId))
            .map((e, i) => `${serializeEnvelope({ ...e, position: i + 1 })}\n`)
            .join("");
          writeFileSync(log, text);
          const verdict = await run([log, "--json"], { PETITIO_VERIFY_CACHE: "off" });
          expect(verdict.err).not.toContain("refused");
          await expectSameOnEveryRun(log, moment.toISOString().slice(0, 10));
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
