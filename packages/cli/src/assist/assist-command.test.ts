import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "./run-in-process.testkit.js";

// A log written for this test: three petitions (two on one estate's parking fees, one on noise), one reply.
const at = (day: number, hour = 9): string =>
  `2026-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+08:00`;
const envelope = (
  position: number,
  id: string,
  version: number,
  type: string,
  time: string,
  data: object,
) => ({
  position,
  streamId: `petition-${id}`,
  version,
  type,
  schemaVersion: 1,
  occurredAt: time,
  recordedAt: time,
  actor: { id: "desk-1", role: type === "ReplyIssued" ? "agency" : "intake", org: "市信访局" },
  data,
});
const registered = (
  position: number,
  id: string,
  name: string,
  title: string,
  content: string,
  time: string,
) =>
  envelope(position, id, 1, "PetitionRegistered", time, {
    petitionId: id,
    channel: "online",
    anonymous: false,
    petitioners: [{ name }],
    title,
    content,
    category: "claim",
    receivedAt: time,
    registeredBy: "市信访局",
    routingDueAt: at(20),
  });
const FEES = "小区物业从三月起每月加收停车费200元，没有经过业主大会同意，请有关部门查处并退还。";
const LOG = [
  registered(1, "p1", "张某", "翠湖小区物业乱收停车费", `翠湖${FEES}`, at(2)),
  envelope(2, "p1", 2, "PetitionRouted", at(2, 10), {
    toOrg: "东城区住建局",
    mode: "transfer",
    acceptanceDueAt: at(17),
  }),
  registered(3, "p2", "张某", "翠湖小区物业乱收停车费", `翠湖${FEES}望尽快处理。`, at(5)),
  registered(
    4,
    "p3",
    "王某",
    "建设路工地夜间施工噪音扰民",
    "建设路地铁站工地每晚十一点后还在施工，噪音很大。",
    at(6),
  ),
  envelope(5, "p1", 3, "ReplyIssued", at(20), {
    org: "东城区住建局",
    outcome: "supported",
    summary: "经核查，翠湖小区物业加收停车费未经业主大会表决，已责令退还。",
    legalBasis: [],
    deliveredAt: at(20),
    reviewRequestDueAt: at(30),
  }),
];

const dir = mkdtempSync(join(tmpdir(), "assist-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, "fixture.log.jsonl");
writeFileSync(log, `${LOG.map((e) => JSON.stringify(e)).join("\n")}\n`);

const run = (...argv: string[]) => runInProcess(dir, argv);

describe("petitio assist", () => {
  it("duplicates --json lists the re-post as a pair with score and reasons", async () => {
    const { code, out } = await run("assist", "duplicates", log, "--json");
    expect(code).toBe(0);
    const { pairs } = JSON.parse(out);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: "p1", b: "p2" });
    expect(pairs[0].score).toBeGreaterThan(0.8);
    expect(pairs[0].reasons).toContain("same petitioner");
  });

  it("search finds a 2-character word with its highlight, and filters by status", async () => {
    const { out } = await run("assist", "search", log, "噪音", "--json");
    const result = JSON.parse(out);
    expect(result.hits.map((h: { petitionId: string }) => h.petitionId)).toEqual(["p3"]);
    expect(result.hits[0].highlights[0]).toContain("【噪音】");
    const replied = JSON.parse(
      (await run("assist", "search", log, "停车", "--status", "replied", "--json")).out,
    );
    expect(replied.hits.map((h: { petitionId: string }) => h.petitionId)).toEqual(["p1"]);
  });

  it("similar pushes the replied case with its outcome and days to reply", async () => {
    const { out } = await run("assist", "similar", log, "p2", "--json");
    const { similar } = JSON.parse(out);
    expect(similar[0]).toMatchObject({ petitionId: "p1", outcome: "supported", daysToReply: 18 });
  });

  it("review-reply exits 1 on an error finding and names the check", async () => {
    const { code, out } = await run("assist", "review-reply", log, "p1", "--json");
    expect(code).toBe(1);
    const { findings } = JSON.parse(out);
    expect(findings.map((f: { check: string }) => f.check)).toContain("remedyRoute");
  });

  it("train-router writes a hashed model and route prints one JSON line per input", async () => {
    const labelled = join(dir, "labelled.jsonl");
    const rows = [
      ["物业乱收停车费", "物业"],
      ["物业不修电梯", "物业"],
      ["小区物业费上涨", "物业"],
      ["工地噪音扰民", "噪音"],
      ["夜间施工噪音", "噪音"],
      ["广场舞噪音太大", "噪音"],
    ];
    writeFileSync(
      labelled,
      rows.map(([text, label]) => JSON.stringify({ text, label })).join("\n"),
    );
    const trained = await run(
      "assist",
      "train-router",
      labelled,
      "--text-field",
      "text",
      "--label-field",
      "label",
      "--out",
      "router.json",
      "--json",
    );
    expect(trained.code).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, "router.json"), "utf8"));
    expect(JSON.parse(trained.out).hash).toBe(model.hash);
    writeFileSync(
      join(dir, "texts.jsonl"),
      `${JSON.stringify({ t: "晚上施工噪音" })}\n${JSON.stringify({ t: "物业乱收费" })}\n`,
    );
    const routed = await run("assist", "route", "router.json", "texts.jsonl", "--text-field", "t");
    const lines = routed.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.label)).toEqual(["噪音", "物业"]);
    expect(lines[0].top[0]).toEqual({ label: "噪音", score: lines[0].score });
    expect(lines[0].model).toBe(model.hash);
  });

  it("refuses a missing field with its line, and another sub-command's option", async () => {
    writeFileSync(
      join(dir, "bad.jsonl"),
      `${JSON.stringify({ t: "x" })}\n${JSON.stringify({ other: 1 })}\n`,
    );
    writeFileSync(join(dir, "m.json"), readFileSync(join(dir, "router.json")));
    const bad = await run("assist", "route", "m.json", "bad.jsonl", "--text-field", "t");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.jsonl:2: field "t" is missing/);
    expect(bad.out).toBe("");
    const wrong = await run("assist", "duplicates", log, "--org", "x");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("has no option --org");
  });
});
