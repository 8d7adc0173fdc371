/**
 * The benchmarks' large log: the metrics sample (7,616 real-sized events,
 * texts written for the project) copied until it holds `targetEvents`, each
 * copy with fresh petition ids and positions that continue. Shared by the
 * projection replay benchmark and the CLI's report benchmark.
 */

import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { EventEnvelope } from "../src/events/envelope.js";
import { serializeEnvelope } from "../src/log/jsonl.js";

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

/** Write the log to `path`; returns the number of events written. */
export const buildBenchLog = async (path: string, targetEvents: number): Promise<number> => {
  const sample = loadSample();
  const out = createWriteStream(path);
  let position = 0;
  let buffer = "";
  for (let copy = 0; position < targetEvents; copy++) {
    for (const e of sample) {
      if (position >= targetEvents) break;
      buffer += `${serializeEnvelope(rewrite(e, copy, ++position))}\n`;
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
