import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventEnvelope, evolve, nationalPolicy } from "@petitio/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  edited,
  editsArb,
  randomLog,
  timelineLog,
} from "../../../core/src/lifecycle/edited-logs.testkit.js";
import { cutLog } from "./open-logs.testkit.js";
import type { Finding, VerifyOptions, VerifyResult } from "./verify-log.js";

/**
 * Verify as a whole, with the states it holds (stream-state.ts: shared
 * records once a petition ended, shared empties while it is open) and with
 * the full states `evolve` returns for every event: the same findings, with
 * and without a policy's due times, on lawful logs, on logs where petitions
 * stay open at the end (streams cut after a random event), and on edited ones.
 * The one documented parting: after an unlawful event recorded past the end,
 * verify keeps the petition ended; that stream's later findings are left out.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 100);

type Verify = (path: string, options?: VerifyOptions) => Promise<VerifyResult>;
let held: Verify;
let full: Verify;

beforeAll(async () => {
  held = (await import("./verify-log.js")).verifyLogFile;
  vi.resetModules();
  vi.doMock("./stream-state.js", () => ({
    nextState: (state: Parameters<typeof evolve>[0], event: EventEnvelope) => evolve(state, event),
  }));
  full = (await import("./verify-log.js")).verifyLogFile;
  vi.doUnmock("./stream-state.js");
}, 60_000);

const dir = mkdtempSync(join(tmpdir(), "petitio-held-states-"));
let files = 0;

/** The findings, less those of a stream after its first "nothing after the end" (the parting). */
const comparable = (findings: readonly Finding[], parting: Map<string, number>) =>
  findings.filter((f) => f.streamId === undefined || f.line <= (parting.get(f.streamId) ?? f.line));

const partingLines = (findings: readonly Finding[]) => {
  const parting = new Map<string, number>();
  for (const f of findings) {
    if (f.rule === "nothing after the end" && f.streamId !== undefined && !parting.has(f.streamId))
      parting.set(f.streamId, f.line);
  }
  return parting;
};

/** Runs where the two verifies parted (so the full states were indeed the mock's). */
let parted = 0;

/** Verify `log` both ways, with and without a policy; the number of findings compared. */
const verifyBothWays = async (log: readonly EventEnvelope[]): Promise<number> => {
  const path = join(dir, `log-${files++ % 4}.jsonl`);
  writeFileSync(path, `${log.map((e) => JSON.stringify(e)).join("\n")}\n`);
  let compared = 0;
  for (const options of [{}, { policy: nationalPolicy }]) {
    const withHeld = await held(path, options);
    const withFull = await full(path, options);
    const parting = partingLines(withFull.findings);
    expect(comparable(withHeld.findings, parting)).toStrictEqual(
      comparable(withFull.findings, parting),
    );
    expect([withHeld.events, withHeld.streams]).toStrictEqual([withFull.events, withFull.streams]);
    compared += withFull.findings.length;
    if (JSON.stringify(withHeld.findings) !== JSON.stringify(withFull.findings)) parted++;
  }
  return compared;
};

describe("verify with held states", () => {
  it.each([
    ["one petition's timelines", timelineLog],
    ["interleaved logs of many petitions", randomLog],
    ["logs whose petitions mostly stay open", cutLog],
  ] as const)(
    "finds what the full states find on %s, lawful and edited",
    async (_, logArb) => {
      let findings = 0;
      await fc.assert(
        fc.asyncProperty(logArb, editsArb, async (log, edits) => {
          await verifyBothWays(log);
          findings += await verifyBothWays(edited(log, edits));
        }),
        { numRuns: RUNS, seed: 20261201 },
      );
      // The edited logs break rules: findings are compared, not only empty lists.
      expect(findings).toBeGreaterThan(RUNS);
      // Events recorded past the end part the two somewhere: verify did run on the full states.
      if (logArb === randomLog) expect(parted).toBeGreaterThan(0);
    },
    120_000,
  );
});
