import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeMetrics, readLogFile } from "@petitio/core";
import { beforeAll, describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../test/run-petitio.js";
import { parseCommandArgs } from "../cli/args.js";
import { captureContext } from "../cli/capture-context.testkit.js";
import { reportCommand } from "../commands/report.js";

/**
 * `report` verifies and folds in one pass, and remembers a clean verdict per
 * file: what it prints must not depend on either, and a file changed after
 * it was verified must be verified again.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-verified-read-"));
const cacheDir = join(dir, "cache");

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const { ctx, output } = captureContext(dir, {
    NO_COLOR: "1",
    PETITIO_CACHE_DIR: cacheDir,
    ...env,
  });
  const code = await reportCommand.run(
    parseCommandArgs("report", argv, reportCommand.options),
    ctx,
  );
  return { code, ...output() };
};

const entries = (): string[] =>
  existsSync(join(cacheDir, "verified")) ? readdirSync(join(cacheDir, "verified")) : [];

let sample: string;
let lateReview: string;
beforeAll(() => {
  ({ sample, lateReview } = writeWorkedExamples(dir));
});

describe("report's one-pass gate and its verdict cache", () => {
  it("gives the numbers of a separate read, first verified, then from the cache", async () => {
    const argv = [sample, "--json", "--as-of", "2018-03-31", "--by", "org"];
    const uncached = await run(argv, { PETITIO_VERIFY_CACHE: "off" });
    expect(uncached.code).toBe(0);
    expect(entries()).toEqual([]);

    const first = await run(argv);
    expect(entries()).toHaveLength(1);
    const second = await run(argv);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.out).toBe(uncached.out);
    expect(first.out).toBe(uncached.out);
    // The gate's note about a log without a hash chain is printed from the cache too.
    expect(second.err).toBe(uncached.err);
    expect(second.err).toContain("carries no hash chain");

    // The same numbers as core's own replay of the file.
    const expected = await computeMetrics(readLogFile(sample), {
      asOf: "2018-03-31T23:59:59+08:00",
      by: "org",
      timeZone: "Asia/Shanghai",
    });
    const { synthesized: _s, notRecorded, ...printed } = JSON.parse(second.out);
    expect(notRecorded).toEqual({});
    expect(printed).toEqual(JSON.parse(JSON.stringify(expected)));
  }, 60_000);

  it("verifies a file again once it changed, and refuses it", async () => {
    const target = join(dir, "changing.log.jsonl");
    writeFileSync(target, readFileSync(sample));
    expect((await run([target])).code).toBe(0);
    const cached = entries().length;
    // The one-violation variant written over the verified file, in place.
    writeFileSync(target, readFileSync(lateReview));
    const again = await run([target]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("refused");
    expect(again.out).toBe("");
    expect(entries()).toHaveLength(cached);
  }, 60_000);

  it("remembers no verdict for a log it refuses, and --trust still reads it", async () => {
    const before = entries().length;
    expect((await run([lateReview])).code).toBe(1);
    expect(entries()).toHaveLength(before);
    const trusted = await run([lateReview, "--trust", "--json"]);
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.out).unverified).toContain("UNVERIFIED");
    expect(entries()).toHaveLength(before);
  }, 60_000);

  it("caches nothing without a cache folder in the environment", async () => {
    const before = entries().length;
    const bare = await run([sample], { PETITIO_CACHE_DIR: "", HOME: "relative/home" });
    expect(bare.code).toBe(0);
    expect(entries()).toHaveLength(before);
    expect(existsSync(join(process.cwd(), "verified"))).toBe(false);
    expect(existsSync(join(dir, "verified"))).toBe(false);
  }, 60_000);
});
