/**
 * The benchmarks' large log: the metrics sample (7,616 real-sized events,
 * texts written for the project) copied until it holds `targetEvents`, each
 * copy with fresh petition ids and positions that continue. Shared by the
 * projection replay benchmark and the CLI's report benchmark.
 */

import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { EventEnvelope } from "../src/events/envelope.js";
import { evolve } from "../src/lifecycle/evolve.js";
import type { PetitionState } from "../src/lifecycle/state.js";
import { isTerminal } from "../src/lifecycle/transitions.js";
import { serializeEnvelope } from "../src/log/jsonl.js";

/**
 * How the copies may differ from the sample (both off by default: the log is
 * the sample copied, every petition ending within it).
 */
export interface BenchLogOptions {
  /**
   * The share (0–1) of petitions left open at the end of the log: each such
   * stream is cut after a stage drawn at random, from its registration to the
   * event before its end. A cut stream is a lawful prefix of a lawful one, so
   * verify still finds nothing.
   */
  openShare?: number;
  /**
   * Every `breakEvery`-th line is edited to break a rule, the edits taken in
   * turn: a version that jumps, recorded before it occurred, a line cut short
   * (not JSON), and an actor of a role that may not act (a lifecycle finding).
   */
  breakEvery?: number;
  /** Seed of the draws (default 1). */
  seed?: number;
}

/** The sample log, from the fixture beside the tests (bundled path differs: look in a few places). */
const loadSample = (): EventEnvelope[] => {
  const candidates = [
    fileURLToPath(new URL("../test/fixtures/metrics-sample.log.jsonl.gz", import.meta.url)),
    fileURLToPath(new URL("../../core/test/fixtures/metrics-sample.log.jsonl.gz", import.meta.url)),
    join(process.cwd(), "packages/core/test/fixtures/metrics-sample.log.jsonl.gz"),
    join(process.cwd(), "test/fixtures/metrics-sample.log.jsonl.gz"),
  ];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error("metrics-sample.log.jsonl.gz not found: run from the repository root");
  return gunzipSync(readFileSync(path))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as EventEnvelope);
};

/** Copy `c` of an event: every petition id gets a `-c<c>` suffix, positions continue. */
const rewrite = (e: EventEnvelope, copy: number, position: number): EventEnvelope => {
  const suffix = copy === 0 ? "" : `-c${copy}`;
  const data = { ...e.data };
  for (const key of ["petitionId", "previousPetitionId", "intoPetitionId"]) {
    if (typeof data[key] === "string") data[key] = `${data[key]}${suffix}`;
  }
  return { ...e, position, streamId: `${e.streamId}${suffix}`, data };
};

/** Per stream of the sample that ends: how many of its events come before the one that ends it. */
const eventsBeforeEnd = (sample: readonly EventEnvelope[]): Map<string, number> => {
  const states = new Map<string, PetitionState>();
  const folded = new Map<string, number>();
  const before = new Map<string, number>();
  for (const e of sample) {
    if (before.has(e.streamId)) continue;
    const next = evolve(states.get(e.streamId), e);
    const n = folded.get(e.streamId) ?? 0;
    states.set(e.streamId, next);
    folded.set(e.streamId, n + 1);
    if (isTerminal(next.status)) before.set(e.streamId, n);
  }
  return before;
};

/** Two draws in [0, 1) for a stream of a copy: the same log for the same options, in any order. */
const drawsFor = (seed: number, copy: number, streamId: string): [number, number] => {
  const digest = createHash("sha256").update(`${seed}\u0000${copy}\u0000${streamId}`).digest();
  return [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4) / 2 ** 32];
};

/** The line of `e` as the `n`-th edit that breaks a rule writes it (see `breakEvery`). */
const breakLine = (e: EventEnvelope, n: number): string => {
  switch (n % 4) {
    case 0:
      return serializeEnvelope({ ...e, version: e.version + 10 });
    case 1:
      return serializeEnvelope({ ...e, recordedAt: "2000-01-01T00:00:00Z" });
    case 2: {
      const text = serializeEnvelope(e);
      return text.slice(0, Math.floor(text.length / 2));
    }
    default:
      return serializeEnvelope({
        ...e,
        actor: { ...e.actor, role: e.actor.role === "petitioner" ? "system" : "petitioner" },
      });
  }
};

/** Write the log to `path`; returns the number of events written. */
export const buildBenchLog = async (
  path: string,
  targetEvents: number,
  options: BenchLogOptions = {},
): Promise<number> => {
  const sample = loadSample();
  const { openShare = 0, breakEvery = 0 } = options;
  const seed = options.seed ?? 1;
  const beforeEnd = openShare > 0 ? eventsBeforeEnd(sample) : new Map<string, number>();
  const out = createWriteStream(path);
  let position = 0;
  let buffer = "";
  let broken = 0;
  for (let copy = 0; position < targetEvents; copy++) {
    // Per stream of this copy: how many of its events are written (all, unless cut).
    const kept = new Map<string, number>();
    const written = new Map<string, number>();
    for (const e of sample) {
      if (position >= targetEvents) break;
      if (openShare > 0) {
        let keep = kept.get(e.streamId);
        if (keep === undefined) {
          const end = beforeEnd.get(e.streamId) ?? 0;
          const [cut, stage] = drawsFor(seed, copy, e.streamId);
          // 1 … end events: at least the registration, never the ending event.
          keep =
            end >= 1 && cut < openShare ? 1 + Math.floor(stage * end) : Number.POSITIVE_INFINITY;
          kept.set(e.streamId, keep);
        }
        const n = (written.get(e.streamId) ?? 0) + 1;
        if (n > keep) continue;
        written.set(e.streamId, n);
      }
      const copied = rewrite(e, copy, ++position);
      buffer += `${breakEvery > 0 && position % breakEvery === 0 ? breakLine(copied, broken++) : serializeEnvelope(copied)}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, "drain");
        buffer = "";
      }
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return position;
};
