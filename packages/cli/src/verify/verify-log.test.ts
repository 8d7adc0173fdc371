import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_MAX_LINE_BYTES,
  type EventEnvelope,
  hotline12345Policy,
  nationalPolicy,
  sealLog,
} from "@petitio/core";
import { beforeAll, describe, expect, it } from "vitest";
import { workedExampleText, writeWorkedExamples } from "../../../core/test/worked-example.js";
import { buildAttackLog, unsealed } from "./attack-log.testkit.js";
import { verifyLogFile, verifyStoreEvents } from "./verify-log.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-verify-"));
/** The worked example with one review requested late, on line 66. */
const { lateReview: LATE_REVIEW } = writeWorkedExamples(dir);
/** The worked example: its petitions end (concluded, merged). */
const workedExample = (): EventEnvelope[] =>
  workedExampleText()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as EventEnvelope);
let n = 0;
const file = (lines: readonly object[]): string => {
  const path = join(dir, `log-${n++}.jsonl`);
  writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  return path;
};
const rules = (r: { findings: { line: number; rule: string }[] }) =>
  r.findings.map((f) => [f.line, f.rule]);

let log: EventEnvelope[];
beforeAll(async () => {
  log = unsealed(await buildAttackLog(3));
}, 30_000);

const at = (type: string, stream = "petition-P0001") =>
  log.findIndex((e) => e.type === type && e.streamId === stream);

describe("verifyLogFile", () => {
  it("accepts an engine-made log, sealed or not, and reports the chain", async () => {
    const sealed = await verifyLogFile(file(sealLog(log)));
    expect(sealed.findings).toEqual([]);
    expect(sealed.chain).toMatchObject({ sealed: log.length, unsealed: 0, omitted: 0 });
    const plain = await verifyLogFile(file(log));
    expect(plain.findings).toEqual([]);
    expect(plain.chain).toMatchObject({ sealed: 0, unsealed: log.length });
  });

  it("with requireChain, a log without a chain is a violation", async () => {
    expect(rules(await verifyLogFile(file(log), { requireChain: true }))).toEqual([
      [1, "chain-unsealed"],
    ]);
  });

  it("keeps accepting a progress callback as second argument", async () => {
    let calls = 0;
    const r = await verifyLogFile(file(log), () => {
      calls++;
    });
    expect(r.events).toBe(log.length);
    expect(calls).toBe(0); // fewer than 2000 events
  });

  it("names an event dated before its stream's previous one", async () => {
    const i = at("ReplyIssued");
    const edited = log.map((e, j) =>
      j === i ? { ...e, occurredAt: "2024-03-01T00:00:00+08:00" } : e,
    );
    expect(rules(await verifyLogFile(file(edited)))).toContainEqual([i + 1, "time order"]);
  });

  it("does not report a time-order consequence of an event already at fault", async () => {
    // Line 66 asks for review after its window, dated after the decision on line 87:
    // the late request is the defect, the decision is not blamed for running "before" it.
    const r = await verifyLogFile(LATE_REVIEW);
    expect(rules(r)).toEqual([[66, "review request window"]]);
  });

  it("keeps a petition that ended ended: each later lifecycle event is reported", async () => {
    const sample = workedExample();
    const last = sample.findLast((e) => e.type === "PetitionConcluded")!;
    const stream = sample.filter((e) => e.streamId === last.streamId);
    expect(stream.at(-1)).toBe(last);
    const reply = stream.find((e) => e.type === "ReplyIssued")!;
    const evaluation = sample.find((e) => e.type === "SatisfactionEvaluated")!;
    const end = sample.at(-1)!.position;
    const after = (k: number, e: EventEnvelope): EventEnvelope => ({
      ...e,
      streamId: last.streamId,
      version: last.version + k,
      position: end + k,
      occurredAt: `2030-01-0${k}T10:00:00+08:00`,
      recordedAt: `2030-01-0${k}T10:00:00+08:00`,
    });
    // A reply after the end, then its evaluation: the evaluation would be lawful
    // after a reply, but the petition had ended before both.
    const edited = [...sample, after(1, reply), after(2, evaluation)];
    const r = await verifyLogFile(file(edited));
    expect(rules(r)).toEqual([
      [sample.length + 1, "nothing after the end"],
      [sample.length + 2, "nothing after the end"],
    ]);
    expect(r.findings[0]!.message).toBe(
      "ReplyIssued recorded after the petition ended (concluded)",
    );
  });

  it("names an event recorded before it occurred", async () => {
    const i = at("PetitionRouted");
    const edited = log.map((e, j) =>
      j === i ? { ...e, recordedAt: "2024-01-01T00:00:00+08:00" } : e,
    );
    const r = await verifyLogFile(file(edited));
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: i + 1,
        rule: "recorded before occurred",
        field: "recordedAt",
      }),
    ]);
  });

  it("with a policy, names stored due times the policy does not give", async () => {
    expect((await verifyLogFile(file(log), { policy: nationalPolicy })).findings).toEqual([]);
    const i = at("PetitionRouted");
    const moved = log.map((e, j) =>
      j === i ? { ...e, data: { ...e.data, acceptanceDueAt: "2024-12-31T23:59:59+08:00" } } : e,
    );
    const r = await verifyLogFile(file(moved), { policy: nationalPolicy });
    expect(r.findings).toEqual([
      expect.objectContaining({ line: i + 1, rule: "due time", field: "data.acceptanceDueAt" }),
    ]);
    // Under another policy every stage gives other due times, and a call-back is due too.
    const other = await verifyLogFile(file(log), { policy: hotline12345Policy });
    expect(other.findings.length).toBeGreaterThan(5);
    expect(other.findings.some((f) => f.message.includes("callBackDueAt is missing"))).toBe(true);
  });

  it("names the chain break and the published head", async () => {
    const sealed = sealLog(log);
    const edited = sealed.map((e, j) => (j === 4 ? { ...e, actor: { ...e.actor, id: "x" } } : e));
    expect(rules(await verifyLogFile(file(edited)))).toEqual([[5, "chain-edited"]]);
    const head = {
      hash: sealed.at(-1)?.hash as string,
      position: sealed.at(-1)?.position as number,
    };
    const cut = await verifyLogFile(file(sealed.slice(0, -2)), { head });
    expect(rules(cut)).toEqual([[sealed.length - 2, "published-head"]]);
    expect(cut.chain.head?.ok).toBe(false);
  });

  it("does not link the chain across a line that is not JSON", async () => {
    const sealed = sealLog(log);
    const path = join(dir, "broken.jsonl");
    const lines = sealed.map((e) => JSON.stringify(e));
    lines[3] = (lines[3] as string).slice(0, -10); // cut short: not JSON, its envelope still readable
    writeFileSync(path, `${lines.join("\n")}\n`);
    const r = await verifyLogFile(path);
    expect(r.findings.map((f) => f.rule)).toEqual(["json"]);
  });

  it("names a line longer than the reader's cap, dropped unread, and reads on", async () => {
    const path = join(dir, "overlong.jsonl");
    const lines = log.map((e) => JSON.stringify(e));
    lines.splice(2, 0, "x".repeat(DEFAULT_MAX_LINE_BYTES + 1));
    writeFileSync(path, `${lines.join("\n")}\n`);
    const r = await verifyLogFile(path);
    expect(r.findings.map((f) => [f.line, f.rule])).toEqual([[3, "line length"]]);
    expect(r.findings[0]!.message).toMatch(/^line 3: longer than 8388608 bytes/);
    expect(r.events).toBe(log.length);
  }, 30_000);
});

describe("verifyStoreEvents", () => {
  async function* from(events: readonly object[]) {
    for (const e of events) yield e as EventEnvelope;
  }
  it("recomputes the chain of the envelopes a store returns", async () => {
    const sealed = sealLog(log);
    expect((await verifyStoreEvents(from(sealed))).findings).toEqual([]);
    const updated = sealed.map((e, j) =>
      j === 2 ? { ...e, data: { ...e.data, toOrg: "org-z" } } : e,
    );
    expect(rules(await verifyStoreEvents(from(updated)))).toContainEqual([3, "chain-edited"]);
  });
});
