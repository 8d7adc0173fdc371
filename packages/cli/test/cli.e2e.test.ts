import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  EXPECTED,
  petitio,
  requireFreshBuild,
  SPAWN_TIMEOUT_MS,
  writeWorkedExamples,
} from "./run-petitio.js";

const PERIOD = ["--as-of", "2018-03-31", "--from", "2017-07-01", "--to", "2018-01-01"];
const COMMAND_NAMES = ["demo", "report", "overdue", "hot-topics", "verify", "import"];

let tmp: string;
let SAMPLE: string;
let LATE_REVIEW: string;
beforeAll(() => {
  requireFreshBuild();
  tmp = mkdtempSync(join(tmpdir(), "petitio-cli-"));
  ({ sample: SAMPLE, lateReview: LATE_REVIEW } = writeWorkedExamples(tmp));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The first `n` lines of the worked example, with line `line` replaced. */
const sampleWith = (name: string, n: number, line?: number, text?: string): string => {
  const lines = readFileSync(SAMPLE, "utf8").split("\n").slice(0, n);
  if (line !== undefined && text !== undefined) lines[line - 1] = text;
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
};

describe("usage", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("lists every command in --help and exits 0", () => {
    const r = petitio(["--help"]);
    expect(r.status).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toContain(`  ${name} `);
  });

  it.each(COMMAND_NAMES)("`%s --help` prints the command's usage", (name) => {
    const r = petitio([name, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`petitio ${name}`)).toBe(true);
  });

  it("exits 2 without a command, with the help on stderr and nothing on stdout", () => {
    const r = petitio([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: petitio <command>");
  });

  it("exits 0 quietly when the reader closes the pipe early (petitio … | head)", async () => {
    const child = spawn(process.execPath, [BIN, "demo", "--db", join(tmp, "pipe.db")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });

  it("exits 2 on an unknown command or option, naming it", () => {
    const unknown = petitio(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const option = petitio(["report", SAMPLE, "--colour"]);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("--colour");
    const missing = petitio(["report"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing argument");
    const badDate = petitio(["report", SAMPLE, "--as-of", "31/03/2018"]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain("--as-of");
  });

  it("reports errors as JSON with --json", () => {
    const r = petitio(["report", join(tmp, "missing.jsonl"), "--json"]);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: "CLI_INPUT" });
  });
});

describe("report", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("reproduces every numerator and denominator of the worked example", () => {
    const expected = JSON.parse(readFileSync(EXPECTED, "utf8"));
    const r = petitio(["report", SAMPLE, ...PERIOD, "--json"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toBe(expected.asOf);
    expect(report.from).toBe(expected.from);
    expect(report.to).toBe(expected.to);
    expect(report.counts).toMatchObject(expected.counts);
    for (const [name, rate] of Object.entries(expected.rates)) {
      expect(report.rates[name], name).toEqual(rate);
    }
    expect(report.groups).toEqual([]);
  });

  it("groups by org, and the groups add up to the whole", () => {
    const r = petitio(["report", SAMPLE, ...PERIOD, "--by", "org", "--json"]);
    const report = JSON.parse(r.stdout);
    expect(report.groups.length).toBeGreaterThan(1);
    const sum = (f: (g: { counts: { registered: number } }) => number) =>
      report.groups.reduce((n: number, g: { counts: { registered: number } }) => n + f(g), 0);
    expect(sum((g) => g.counts.registered)).toBe(report.counts.registered);
  });

  it("writes CSV whose first row is the JSON report", () => {
    const json = JSON.parse(petitio(["report", SAMPLE, ...PERIOD, "--json"]).stdout);
    const r = petitio(["report", SAMPLE, ...PERIOD, "--format", "csv"]);
    expect(r.status).toBe(0);
    const [header, first] = r.stdout.split("\r\n").map((l) => l.split(","));
    const cell = (name: string) => first?.[header?.indexOf(name) ?? -1];
    expect(cell("registered")).toBe(String(json.counts.registered));
    expect(cell("oneTimeResolution.numerator")).toBe(
      String(json.rates.oneTimeResolution.numerator),
    );
    expect(cell("repeat.denominator")).toBe(String(json.rates.repeat.denominator));
  });

  it("prints a table with the rates in English and Chinese", () => {
    const json = JSON.parse(petitio(["report", SAMPLE, ...PERIOD, "--json"]).stdout);
    const r = petitio(["report", SAMPLE, ...PERIOD]);
    expect(r.status).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.includes("一次性化解率"));
    expect(line).toMatch(
      new RegExp(
        `\\b${json.rates.oneTimeResolution.numerator}\\s+${json.rates.oneTimeResolution.denominator}\\b`,
      ),
    );
  });

  it("writes one self-contained HTML file with four SVG charts", () => {
    const out = join(tmp, "report.html");
    const r = petitio(["report", SAMPLE, ...PERIOD, "--format", "html", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("wrote");
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html.match(/<svg/g)?.length).toBe(4);
    expect(html).toContain("一次性化解率");
  });

  it("refuses a malformed log, naming the line; with --trust stops at that line", () => {
    const bad = sampleWith("bad-json.jsonl", 20, 7, '{"position": 7, "streamId": ');
    // verify rejects it, so report prints no numbers from it (exit 1, findings).
    const refused = petitio(["report", bad]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("refused: petitio verify rejects");
    expect(refused.stderr).toContain("the first on line 7");
    // --trust reads it anyway, and the reader stops at the line it cannot read.
    const r = petitio(["report", bad, "--json", "--trust"]);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ line: 7 });
    const text = petitio(["report", bad, "--trust"]);
    expect(text.stderr).toContain("line 7");
  });
});

describe("verify", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("accepts the worked example with no violations", () => {
    const r = petitio(["verify", SAMPLE]);
    expect(r.stdout).toContain("no violations");
    expect(r.status).toBe(0);
  });

  it("rejects the late review on line 66 and names the rule", () => {
    const r = petitio(["verify", LATE_REVIEW, "--json"]);
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(false);
    expect(result.violations.map((v: { line: number }) => v.line)).toEqual([66]);
    expect(result.violations[0].type).toBe("ReviewRequested");
    const text = petitio(["verify", LATE_REVIEW]);
    expect(text.stdout).toMatch(/^\s*66\s/m);
    expect(text.stdout).toContain("1 violation");
  });

  /** The first `n` lines of the worked example as objects, to edit and write back. */
  type LoggedEvent = Record<string, unknown> & { data: Record<string, unknown> };
  const sampleEvents = (n: number): LoggedEvent[] =>
    readFileSync(SAMPLE, "utf8")
      .split("\n")
      .slice(0, n)
      .map((l) => JSON.parse(l));
  const writeLines = (name: string, lines: readonly (string | Buffer)[]): string => {
    const path = join(tmp, name);
    writeFileSync(
      path,
      Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from("\n")]))),
    );
    return path;
  };
  const writeEvents = (name: string, events: readonly object[]): string =>
    writeLines(
      name,
      events.map((e) => JSON.stringify(e)),
    );
  /** `verify --json` as [line, rule] pairs, with the exit code. */
  const verified = (path: string) => {
    const r = petitio(["verify", path, "--json"]);
    const violations: { line: number; rule: string; article?: string; message: string }[] =
      JSON.parse(r.stdout).violations;
    return { status: r.status, violations, pairs: violations.map((v) => [v.line, v.rule]) };
  };

  it("reports every bad line, not only the first, each defect once", () => {
    const lines = readFileSync(SAMPLE, "utf8").split("\n").slice(0, 30);
    // Line 5 (petition-T93433 v2) is not JSON: line 6, its stream's next event, skips a version.
    lines[4] = "not json";
    // Line 10 claims a stream version that skips five; line 11 goes on from either count.
    const ten = JSON.parse(lines[9] ?? "{}");
    ten.version += 5;
    lines[9] = JSON.stringify(ten);
    // Line 20: an extension longer than the law allows (W22 Art. 34: at most 30 days), after the reply.
    const twenty = JSON.parse(lines[19] ?? "{}");
    lines[19] = JSON.stringify({
      ...twenty,
      type: "HandlingExtended",
      actor: { id: "officer-X", role: "agency", org: twenty.actor.org },
      data: { days: 45, reason: "x", approvedBy: "y", handlingDueAt: twenty.occurredAt },
    });
    const { status, pairs, violations } = verified(writeLines("many-bad.jsonl", lines));
    expect(status).toBe(1);
    expect(pairs).toEqual([
      [5, "json"],
      [6, "stream-version"],
      [10, "stream-version"],
      [20, "extension limit"],
      [20, "lifecycle"],
    ]);
    expect(violations[3]?.article).toBe("W22 Art. 34");
  });

  it("names the legal limits by their law, and goes on judging the stream", () => {
    const events = sampleEvents(24);
    // A visit (走访) elects at most 5 representatives (W22 Art. 20 ¶3); a letter has no cap.
    events[0]!.data.channel = "visit";
    events[0]!.data.representatives = 6;
    const accepted = events[23]!;
    events.push({
      ...accepted,
      position: 25,
      version: 4,
      type: "HandlingExtended",
      data: {
        days: 31,
        reason: "复杂",
        approvedBy: "head",
        handlingDueAt: "2012-05-14T23:59:59+08:00",
      },
    });
    // A second extension in the same stream is still judged (W22 Art. 34: once).
    events.push({
      ...events[24]!,
      position: 26,
      version: 5,
      data: { ...events[24]!.data, days: 10 },
    });
    const { status, violations } = verified(writeEvents("limits.jsonl", events));
    expect(status).toBe(1);
    expect(violations.map((v) => [v.line, v.rule, v.article])).toEqual([
      [1, "group visit representatives", "W22 Art. 20 ¶3"],
      [25, "extension limit", "W22 Art. 34"],
      [26, "one extension", "W22 Art. 34"],
    ]);
  });

  it("reports a line the schema rejects once, and says its stream is no longer judged", () => {
    const events = sampleEvents(30);
    // Line 13: petition-T166714's reply without deliveredAt; its stream goes on at lines 14 and 19.
    delete events[12]!.data.deliveredAt;
    // Line 30: a valid event whose position goes back: named, nothing follows from it.
    events[29]!.position = 5;
    const { pairs, violations } = verified(writeEvents("schema-once.jsonl", events));
    expect(pairs).toEqual([
      [13, "schema"],
      [30, "position-order"],
    ]);
    expect(violations[0]?.message).toContain(
      "the lifecycle of petition-T166714 is not checked after this line",
    );
  });

  it("reports bytes that are not UTF-8 as a finding on their line, not a crash", () => {
    const lines: (string | Buffer)[] = readFileSync(SAMPLE, "utf8").split("\n").slice(0, 12);
    // Line 7: a valid registration with a broken byte in its title; the stream is still judged.
    const [head, tail] = (lines[6] as string).split('"title": "');
    lines[6] = Buffer.concat([
      Buffer.from(`${head}"title": "`),
      Buffer.from([0xff]),
      Buffer.from(tail!),
    ]);
    // Line 10: nothing readable is left; line 11 is the first event seen of its stream.
    lines[9] = Buffer.from([0x7b, 0xfe, 0x7d]);
    const { status, pairs } = verified(writeLines("bad-bytes.jsonl", lines));
    expect(status).toBe(1);
    expect(pairs).toEqual([
      [7, "encoding"],
      [10, "encoding"],
      [11, "stream-version"],
    ]);
  });

  it("names a registration recorded outside petition-<petitionId>", () => {
    const events = sampleEvents(3);
    events[0]!.data.petitionId = "OTHER";
    const { pairs, violations } = verified(writeEvents("stream-id.jsonl", events));
    expect(pairs).toEqual([[1, "stream id"]]);
    expect(violations[0]?.message).toBe(
      "petition OTHER belongs in stream petition-OTHER, not petition-T165105",
    );
  });
});

describe("overdue", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("lists overdue petitions for 督办 and due-soon ones for 催办", () => {
    const r = petitio(["overdue", SAMPLE, "--as-of", "2018-03-31", "--json"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toBe("2018-03-31T23:59:59+08:00");
    expect(report.supervisionList.length).toBeGreaterThan(0);
    for (const item of report.supervisionList) {
      expect(Date.parse(item.dueAt)).toBeLessThan(Date.parse(report.asOf));
    }
    // Both loops must run: an empty reminder list would let them pass on nothing.
    expect(report.reminderList.length).toBeGreaterThan(0);
    const window = 3 * 86_400_000; // the default --reminder-days
    for (const item of report.reminderList) {
      expect(Date.parse(item.dueAt)).toBeGreaterThanOrEqual(Date.parse(report.asOf));
      expect(Date.parse(item.dueAt)).toBeLessThanOrEqual(Date.parse(report.asOf) + window);
    }
    const text = petitio(["overdue", SAMPLE, "--as-of", "2018-03-31"]);
    expect(text.stdout).toContain(
      `督办 supervision list — overdue (${report.supervisionList.length})`,
    );
    expect(text.stdout).toContain(report.supervisionList[0].petitionId);
  });

  it("exits 1 with --fail-on-overdue only when something is overdue", () => {
    expect(petitio(["overdue", SAMPLE, "--as-of", "2018-03-31", "--fail-on-overdue"]).status).toBe(
      1,
    );
    const early = petitio([
      "overdue",
      SAMPLE,
      "--as-of",
      "2011-04-03",
      "--fail-on-overdue",
      "--json",
    ]);
    expect(JSON.parse(early.stdout).supervisionList).toEqual([]);
    expect(early.status).toBe(0);
  });
});

describe("hot-topics", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("ranks a month's topics by count", () => {
    const r = petitio(["hot-topics", SAMPLE, "--month", "2017-11", "--json"]);
    expect(r.status).toBe(0);
    const { month, topics } = JSON.parse(r.stdout);
    expect(month).toBe("2017-11");
    expect(topics.length).toBeGreaterThan(0);
    const counts = topics.map((t: { count: number }) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const text = petitio(["hot-topics", SAMPLE, "--month", "2017-11"]);
    expect(text.stdout).toContain(topics[0].topic);
  });

  it("defaults to the last complete month, and refuses a --month that is not YYYY-MM", () => {
    const r = petitio(["hot-topics", SAMPLE, "--as-of", "2017-12-15", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).month).toBe("2017-11");
    expect(petitio(["hot-topics", SAMPLE, "--month", "2017-13"]).status).toBe(2);
  });
});

describe("colour", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("colours a terminal-less run only when forced, and never with NO_COLOR", () => {
    const forced = petitio(["verify", SAMPLE], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[");
    const off = petitio(["verify", SAMPLE], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(off.stdout).not.toContain("\u001b[");
  });
});
