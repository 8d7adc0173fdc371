import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventEnvelope, evolve, isTerminal, type PetitionState } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildBenchLog } from "../../core/bench/build-log.js";
import { verifyLogFile } from "../src/verify/verify-log.js";

/**
 * The logs the verify memory benchmark builds (core's bench/build-log.ts
 * options), held to what the benchmark says of them: a cut log is lawful
 * with most petitions open at its end; a broken one has findings on its
 * broken lines, of each kind of edit.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-bench-logs-"));
const EVENTS = 20_000;

/** Petitions of a lawful log and how many have not ended at its end. */
const openAtEnd = (path: string) => {
  const states = new Map<string, PetitionState>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line === "") continue;
    const e = JSON.parse(line) as EventEnvelope;
    states.set(e.streamId, evolve(states.get(e.streamId), e));
  }
  const open = [...states.values()].filter((s) => !isTerminal(s.status)).length;
  return { petitions: states.size, open };
};

describe("bench logs", () => {
  it("cut after a random stage: lawful, most petitions still open", async () => {
    const path = join(dir, "open.jsonl");
    expect(await buildBenchLog(path, EVENTS, { openShare: 0.9 })).toBe(EVENTS);
    const result = await verifyLogFile(path);
    expect(result.findings).toEqual([]);
    const { petitions, open } = openAtEnd(path);
    expect(open / petitions).toBeGreaterThan(0.8);
    // The same options build the same log.
    const again = join(dir, "open-again.jsonl");
    await buildBenchLog(again, EVENTS, { openShare: 0.9 });
    expect(readFileSync(again, "utf8")).toBe(readFileSync(path, "utf8"));
  }, 60_000);

  it("every 5th line broken: findings there, by the rules the edits break", async () => {
    const path = join(dir, "broken.jsonl");
    await buildBenchLog(path, EVENTS, { breakEvery: 5 });
    const { findings, omittedFindings } = await verifyLogFile(path);
    expect(omittedFindings).toBe(0);
    // Off the broken lines, only a version read after two jumps in one stream (verify accepts
    // either numbering after a wrong one, so a second jump can be taken as the right one).
    const elsewhere = findings.filter((f) => f.line % 5 !== 0);
    expect(new Set(elsewhere.map((f) => f.rule))).toEqual(new Set(["stream-version"]));
    expect(elsewhere.length).toBeLessThan(0.01 * EVENTS);
    // A stream whose earlier line was cut short is no longer judged: some edits go unseen.
    const found = new Set(findings.map((f) => f.line));
    expect(found.size).toBeGreaterThan(0.9 * (EVENTS / 5));
    const rules = new Set(findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([
      "json",
      "recorded before occurred",
      "role",
      "stream-version",
    ]);
  }, 60_000);
});
