import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hotline12345Policy } from "@petitio/core";
import { afterAll, describe, expect, it } from "vitest";
import { importCommand } from "../commands/import.js";
import { reportCommand } from "../commands/report.js";
import { dataDirectory } from "../util/data-dir.js";
import { runCommand } from "../verify/run-verify.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-fuzhou-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Five records written for this test, in the dataset's field names (packages/cli/test/fixtures). */
const FIXTURE = new URL("../../test/fixtures/fuzhou12345-sample.jsonl", import.meta.url).pathname;

const importAndReport = async (source: string, name: string) => {
  const log = join(dir, `${name}.jsonl`);
  const imported = await runCommand(importCommand, ["fuzhou12345", source, "--out", log], dir);
  expect(imported.code, imported.err).toBe(0);
  const json = await runCommand(reportCommand, [log, "--json"], dir);
  expect(json.code, json.err).toBe(0);
  const text = await runCommand(reportCommand, [log], dir);
  return { json: JSON.parse(json.out), text: text.out, summary: imported.out };
};

describe("petitio report on a Fuzhou 12345 import: the 12345 profile and its rates", () => {
  it("imports the records as tickets of their request types and reports 响应率, 解决率, 满意率", async () => {
    const { json, text, summary } = await importAndReport(FIXTURE, "sample");
    expect(summary).toContain(hotline12345Policy.name);
    expect(json.hotline).toMatchObject({
      tickets: 5,
      byRequestType: { complaint: 1, consultation: 1, report: 1, suggestion: 1, help: 1 },
      // Sign-for is synthesized a minute after the last transfer (marked in the log).
      response: { numerator: 5, denominator: 5 },
      // The source records no call-back: no case for either rate, and none invented.
      resolution: { numerator: 0, denominator: 0, value: null },
      satisfaction: { numerator: 0, denominator: 0, value: null },
      // t4, a suggestion (15 working days from 8 August), replied on 10 September: late; t5 never.
      onTimeHandling: { numerator: 3, denominator: 5 },
    });
    expect(text).toMatch(/response 响应率 ‡\s+5\s+5\s+100\.0%/);
    // …and the report says which rates rest on what the importer synthesized.
    expect(text).toContain(
      "‡ 响应率 rests on events the importer synthesized: PetitionRouted 1/6, PetitionAccepted 5/5",
    );
    expect(json.hotlineSynthesized.onTimeHandling).toMatchObject({
      PetitionAccepted: { synthesized: 5, total: 5 },
    });
    expect(text).toMatch(/resolution 解决率\s+0\s+0\s+—/);
    expect(text).toMatch(/satisfaction 满意率\s+0\s+0\s+—/);
    // The source records no evaluation, review or repeat: the main table says so beside
    // 参评率 and 重复信访率 (their values stay the formula's 0 of 5).
    expect(json.rates.participation).toEqual({ numerator: 0, denominator: 4, value: 0 });
    expect(json.rates.repeat).toEqual({ numerator: 0, denominator: 5, value: 0 });
    expect(Object.keys(json.notRecorded).sort()).toEqual([
      "oneTimeResolution",
      "participation",
      "repeat",
      "satisfaction",
    ]);
    expect(text).toContain(
      "— 参评率: not recorded in this log (no SatisfactionEvaluated event), so 0/4 is not a finding",
    );
    expect(text).toContain(
      "— 重复信访率: not recorded in this log (no RepeatPetitionLinked event), so 0/5 is not a finding",
    );
  }, 60_000);

  const data = join(
    dataDirectory(process.env, new URL(".", import.meta.url).pathname),
    "fuzhou12345/fuzhou12345_river_complaints.jsonl",
  );
  it.skipIf(!existsSync(data))(
    `the shared Fuzhou data (${existsSync(data) ? "present" : "absent: skipped"}) reports the three rates`,
    async () => {
      const { json, text } = await importAndReport(data, "shared");
      expect(json.hotline.tickets).toBe(1464);
      expect(json.hotline.byRequestType).toMatchObject({ complaint: 1185, consultation: 167 });
      expect(json.hotline.response.denominator).toBeGreaterThan(1000);
      expect(json.hotline.onTimeHandling.denominator).toBeGreaterThan(1000);
      expect(text).toContain("response 响应率");
      expect(text).toContain("resolution 解决率");
      expect(text).toContain("satisfaction 满意率");
    },
    300_000,
  );
});
