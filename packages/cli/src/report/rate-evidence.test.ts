import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventEnvelope, RATE_NAMES } from "@petitio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKED_EXAMPLE_EXPECTED, workedExampleText } from "../../../core/test/worked-example.js";
import { reportCommand } from "../commands/report.js";
import { runCommand } from "../verify/run-verify.testkit.js";
import { MAIN_RATE_EVIDENCE, PetitionEventTypes } from "./rate-evidence.js";

const PERIOD = ["--as-of", "2018-03-31", "--from", "2017-07-01", "--to", "2018-01-01"];
const expected = JSON.parse(readFileSync(WORKED_EXAMPLE_EXPECTED, "utf8"));

let dir = "";
/**
 * The worked example with every `type` event left out except the first `keep`
 * of them; each stream's versions renumbered so that the log still verifies.
 */
const without = (name: string, type: string, keep = 0): string => {
  let kept = 0;
  const versions = new Map<string, number>();
  const lines = workedExampleText()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { streamId: string; type: string; version: number })
    .filter((e) => e.type !== type || ++kept <= keep)
    .map((e) => {
      const version = (versions.get(e.streamId) ?? 0) + 1;
      versions.set(e.streamId, version);
      return JSON.stringify({ ...e, version });
    });
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "petitio-rate-evidence-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (log: string, ...argv: string[]) =>
  runCommand(reportCommand, [log, ...PERIOD, ...argv], dir);

describe("PetitionEventTypes.notRecorded", () => {
  const event = (streamId: string, type: string) => ({ streamId, type }) as EventEnvelope;

  it("marks a rate when none of its evidence types occurs in a petition stream", () => {
    const types = new PetitionEventTypes();
    types.push(event("petition-1", "PetitionRegistered"));
    types.push(event("petition-1", "PetitionRouted"));
    types.push(event("petition-1", "ReplyIssued"));
    // Practice streams are not petitions: their events are no evidence for these rates.
    types.push(event("practice-suggestion-1", "SatisfactionEvaluated"));
    expect(types.notRecorded()).toEqual({
      oneTimeResolution:
        "not recorded in this log (no ReviewRequested or RepeatPetitionLinked event)",
      onTimeAcceptance:
        "not recorded in this log (no PetitionAccepted or PetitionNotAccepted event)",
      participation: "not recorded in this log (no SatisfactionEvaluated event)",
      satisfaction: "not recorded in this log (no SatisfactionEvaluated event)",
      repeat: "not recorded in this log (no RepeatPetitionLinked event)",
    });
  });

  it("one event of any evidence type is enough", () => {
    const types = new PetitionEventTypes();
    for (const type of ["RepeatPetitionLinked", "PetitionNotAccepted", "SatisfactionEvaluated"]) {
      types.push(event("petition-2", type));
    }
    // ReplyIssued alone routes (a consultation answered at once) and completes.
    types.push(event("petition-2", "ReplyIssued"));
    expect(types.notRecorded()).toEqual({});
  });

  it("names evidence for every rate of the report", () => {
    expect(Object.keys(MAIN_RATE_EVIDENCE).sort()).toEqual([...RATE_NAMES].sort());
  });
});

describe("petitio report on a log that records no evaluation", () => {
  it("JSON: the rates are LOG-FORMAT's, unchanged, and notRecorded says which have no evidence", async () => {
    const log = without("no-evaluations.jsonl", "SatisfactionEvaluated");
    const r = await report(log, "--json");
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    // The formula gives 0 of the petitions replied in the period; the value is not nulled.
    expect(json.rates.participation).toEqual({
      numerator: 0,
      denominator: expected.rates.participation.denominator,
      value: 0,
    });
    expect(json.rates.satisfaction).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(json.rates.repeat).toEqual(expected.rates.repeat);
    expect(json.notRecorded).toEqual({
      participation: "not recorded in this log (no SatisfactionEvaluated event)",
      satisfaction: "not recorded in this log (no SatisfactionEvaluated event)",
    });
  }, 60_000);

  it("text: — for the value, and a line saying the 0 is not a finding", async () => {
    const log = without("no-evaluations.jsonl", "SatisfactionEvaluated");
    const r = await report(log);
    expect(r.code, r.err).toBe(0);
    const n = expected.rates.participation.denominator;
    expect(r.out).toMatch(new RegExp(`participation 参评率\\s+0\\s+${n}\\s+—\\n`));
    expect(r.out).toContain(
      `— 参评率: not recorded in this log (no SatisfactionEvaluated event), so 0/${n} is not a finding`,
    );
    expect(r.out).toContain(
      "— 满意率: not recorded in this log (no SatisfactionEvaluated event)\n",
    );
    expect(r.out).not.toContain("0.0%");
    // Groups carry the mark too: the whole log records no evaluation.
    const byOrg = await report(log, "--by", "org");
    const header = byOrg.out.split("\n").find((l) => l.startsWith("group "));
    const column = header?.split(/\s{2,}/).indexOf("参评") ?? -1;
    expect(column).toBeGreaterThan(0);
    const rows = byOrg.out.split("\n").filter((l) => l.startsWith("org-"));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.split(/\s{2,}/)[column]).toBe("—");
  }, 60_000);

  it("HTML: the cell says not recorded with its sample, and the monthly chart leaves the rate out", async () => {
    const log = without("no-evaluations.jsonl", "SatisfactionEvaluated");
    const r = await report(log, "--format", "html", "--out", "no-evaluations.html");
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, "no-evaluations.html"), "utf8");
    const n = expected.rates.participation.denominator;
    expect(html).toContain(
      `<td>参评率 participation</td><td class="n few unrecorded" title="not recorded in this log (no SatisfactionEvaluated event)">— (0/${n}, not recorded in this log)</td>`,
    );
    expect(html).toContain(
      `<p class="note">— 参评率: not recorded in this log (no SatisfactionEvaluated event), so 0/${n} is not a finding</p>`,
    );
    const chart = html.match(/<figure data-chart="rates-by-month"[\s\S]*?<\/figure>/)?.[0] ?? "";
    expect(chart).toContain("按期办结率");
    expect(chart).toContain("未记录不绘制: 参评率 满意率");
    // The legend names the drawn series only: 参评率 appears once, in the subtitle.
    expect(chart.split("参评率").length - 1).toBe(1);
  }, 120_000);
});

describe("petitio report on a log with a single evaluation", () => {
  it("reads a real rate: no mark, the value as computed", async () => {
    const log = without("one-evaluation.jsonl", "SatisfactionEvaluated", 1);
    const json = JSON.parse((await report(log, "--json")).out);
    expect(json.notRecorded).toEqual({});
    expect(json.rates.participation.denominator).toBe(expected.rates.participation.denominator);
    expect(json.rates.participation.value).toBe(
      json.rates.participation.numerator / json.rates.participation.denominator,
    );
    const text = (await report(log)).out;
    expect(text).not.toContain("not recorded in this log");
    expect(text).toMatch(/participation 参评率\s+\d+\s+\d+\s+\d+\.\d%/);
  }, 60_000);
});

describe("petitio report on the worked example (every evidence type recorded)", () => {
  it("marks nothing and keeps the worked numbers", async () => {
    const log = join(dir, "metrics-sample.log.jsonl");
    writeFileSync(log, workedExampleText());
    const json = JSON.parse((await report(log, "--json")).out);
    expect(json.notRecorded).toEqual({});
    for (const [name, rate] of Object.entries(expected.rates)) {
      expect(json.rates[name], name).toEqual(rate);
    }
  }, 60_000);
});
