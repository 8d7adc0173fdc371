import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../../core/test/worked-example.js";
import { captureContext } from "../cli/capture-context.testkit.js";
import { runCli } from "../cli/run.js";

/** The read-only commands run in this process on the committed worked example. */

const dir = mkdtempSync(join(tmpdir(), "petitio-read-commands-"));
const { sample } = writeWorkedExamples(dir);
writeFileSync(join(dir, "empty.log.jsonl"), "");

const run = async (...argv: string[]) => {
  const { ctx, output } = captureContext(dir, {
    NO_COLOR: "1",
    PETITIO_CACHE_DIR: join(dir, "cache"),
  });
  const code = await runCli(argv, ctx);
  return { code, ...output() };
};

describe("verify on an empty log", () => {
  it("is an input error (exit 2) naming the file, not a clean verdict", async () => {
    const r = await run("verify", "empty.log.jsonl");
    expect(r.code).toBe(2);
    expect(r.err).toContain("empty.log.jsonl: holds no events, so there is nothing to verify");
    expect(r.out).not.toContain("no violations");
    const json = await run("verify", "empty.log.jsonl", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ error: "CLI_INPUT" });
  });
});

describe("hot-topics without --month", () => {
  it("ranks the last complete month before --as-of, as --month would", async () => {
    const chosen = await run("hot-topics", sample, "--as-of", "2017-12-15", "--json");
    const given = await run(
      "hot-topics",
      sample,
      "--as-of",
      "2017-12-15",
      "--month",
      "2017-11",
      "--json",
    );
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.out)).toEqual(JSON.parse(given.out));
    expect(JSON.parse(chosen.out).topics.length).toBeGreaterThan(0);
    const table = await run("hot-topics", sample, "--as-of", "2017-12-15");
    expect(table.out).toContain("hot topics 2017-11 每月一题");
    expect(table.out).toContain("the last complete month before 2017-12-15T23:59:59+08:00");
  });

  it("without --as-of, takes the month before the log's last event", async () => {
    // The worked example's last event is on 2018-10-28.
    const r = await run("hot-topics", sample, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).month).toBe("2018-09");
  });

  it("still refuses a --month that is not YYYY-MM", async () => {
    const r = await run("hot-topics", sample, "--month", "2017-13");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--month must be YYYY-MM");
  });
});
