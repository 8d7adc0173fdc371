/**
 * Projection replay benchmark (a script, not a test). It builds a log of about
 * 1M events by copying the metrics sample (7,616 real-sized events) with fresh
 * petition ids, then, in one process, measures:
 *
 *   raw       read the file, split lines, JSON.parse            (the ceiling)
 *   full      readLogFile (JSON.parse + envelope and data validation) + petitionFacts
 *   report    what `petitio report` does: computeMetrics(readLogFile(path))
 *   trusted   read, split, JSON.parse + petitionFacts, no validation
 *
 * and reports events/s, the ratio full ÷ raw, peak RSS and heap, and the heap
 * held after a GC at each quarter of the log (the projection state must be
 * all that grows). Run it as docs/performance.md "Projection replay" says:
 *
 *   npx esbuild packages/core/bench/replay.ts --bundle --platform=node \
 *     --format=esm --outfile=/tmp/petitio-bench/replay.mjs --log-level=warning
 *   node --expose-gc /tmp/petitio-bench/replay.mjs [--events 1000000] [--rounds 3] [--keep]
 */

import { createReadStream, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventEnvelope } from "../src/events/envelope.js";
import { readLogFile, splitLines } from "../src/log/jsonl.js";
import { computeMetrics } from "../src/projections/metrics.js";
import {
  type PetitionFactsState,
  petitionFactsProjection,
} from "../src/projections/petition-facts.js";
import { buildBenchLog } from "./build-log.js";

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const targetEvents = Number(argValue("--events") ?? 1_000_000);
const keep = process.argv.includes("--keep");
const rounds = Number(argValue("--rounds") ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with node --expose-gc (see the header of bench/replay.ts)");
  process.exit(2);
}

const MB = 1024 * 1024;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

interface Phase {
  name: string;
  events: number;
  /** Wall-clock seconds, forced GCs left out. */
  seconds: number;
  /** CPU seconds of the process (user + system), forced GCs left out: steadier on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Heap and array buffers after GC at each quarter, minus the same before the pass. */
  heldMb: number[];
  petitions: number;
}

/** Memory held after a GC: the JS heap and the array buffers (the fact table's columns live there). */
const heapAfterGc = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Run one pass, sampling memory every 20k events and after a GC at each quarter. */
const measure = async (
  name: string,
  total: number,
  pass: (tick: () => void) => Promise<PetitionFactsState | number>,
): Promise<Phase> => {
  const base = heapAfterGc();
  let peakRss = 0;
  let peakHeap = 0;
  let n = 0;
  const held: number[] = [];
  const quarter = Math.ceil(total / 4);
  let gcNs = 0n;
  let gcCpuUs = 0;
  const tick = () => {
    n++;
    if (n % 20_000 === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
    if (n % quarter === 0 || n === total) {
      // The forced GC is for measuring, not part of the work: its time is left out.
      const wall = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      held.push((heapAfterGc() - base) / MB);
      const spent = process.cpuUsage(cpu);
      gcCpuUs += spent.user + spent.system;
      gcNs += process.hrtime.bigint() - wall;
    }
  };
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await pass(tick);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(process.hrtime.bigint() - wallStart - gcNs) / 1e9;
  const rss = process.memoryUsage().rss;
  const petitions = typeof result === "number" ? 0 : result.petitions.size;
  return {
    name,
    events: n,
    seconds,
    cpuSeconds: (cpu.user + cpu.system - gcCpuUs) / 1e6,
    peakRssMb: Math.max(peakRss, rss) / MB,
    peakHeapMb: peakHeap / MB,
    heldMb: held,
    petitions,
  };
};

const main = async () => {
  const path = join(tmpdir(), `petitio-bench-${process.pid}.jsonl`);
  const t0 = Date.now();
  const total = await buildBenchLog(path, targetEvents);
  const size = statSync(path).size;
  console.log(
    `log: ${fmt(total)} events, ${fmt(size / MB)} MB at ${path} (built in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  console.log(`node ${process.version}, ${process.platform} ${process.arch}`);

  const raw = async (tick: () => void) => {
    let count = 0;
    for await (const { text } of splitLines(createReadStream(path, { highWaterMark: 1 << 20 }))) {
      if (text.trim() === "") continue;
      JSON.parse(text);
      count++;
      tick();
    }
    return count;
  };
  const full = async (tick: () => void) => {
    let state = petitionFactsProjection.init();
    for await (const event of readLogFile(path)) {
      state = petitionFactsProjection.apply(state, event);
      tick();
    }
    return state;
  };
  const report = async (tick: () => void) => {
    let count = 0;
    const counted = async function* () {
      for await (const event of readLogFile(path)) {
        count++;
        tick();
        yield event;
      }
    };
    const metrics = await computeMetrics(counted(), { timeZone: "Asia/Shanghai" });
    if (metrics.counts.registered === 0) throw new Error("report pass counted no petitions");
    return count;
  };
  const trusted = async (tick: () => void) => {
    let state = petitionFactsProjection.init();
    for await (const { text } of splitLines(createReadStream(path, { highWaterMark: 1 << 20 }))) {
      if (text.trim() === "") continue;
      state = petitionFactsProjection.apply(state, JSON.parse(text) as EventEnvelope);
      tick();
    }
    return state;
  };

  await raw(() => {}); // warm the page cache and the JIT
  // Other work on the machine makes single runs noisy: each pass runs `rounds`
  // times, alternating, and the run with the least CPU time of each is kept.
  const passes = [
    ["raw read + JSON.parse", raw],
    ["full: validate + petitionFacts", full],
    ["report: computeMetrics(readLogFile)", report],
    ["trusted: JSON.parse + petitionFacts", trusted],
  ] as const;
  const best = new Map<string, Phase>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, pass] of passes) {
      const phase = await measure(name, total, pass);
      const seen = best.get(name);
      if (!seen || phase.cpuSeconds < seen.cpuSeconds) best.set(name, phase);
    }
    console.log(`round ${round + 1}/${rounds} done`);
  }
  const phases = [...best.values()];
  const rawPhase = phases[0]!;
  const rawCpuRate = rawPhase.events / rawPhase.cpuSeconds;
  const rawWallRate = rawPhase.events / rawPhase.seconds;
  console.log("");
  console.log(
    "| pass | events/CPU-s | vs raw | events/s (wall) | vs raw | peak RSS MB | peak heap MB | heap + array buffers held after GC at ¼ ½ ¾ 1 (MB) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const p of phases) {
    const cpuRate = p.events / p.cpuSeconds;
    const wallRate = p.events / p.seconds;
    const held = p === rawPhase ? "–" : p.heldMb.map((x) => x.toFixed(0)).join(" / ");
    console.log(
      `| ${p.name} | ${fmt(cpuRate)} | ${((cpuRate / rawCpuRate) * 100).toFixed(0)} % | ${fmt(wallRate)} | ${((wallRate / rawWallRate) * 100).toFixed(0)} % | ${fmt(p.peakRssMb)} | ${fmt(p.peakHeapMb)} | ${held} |`,
    );
  }
  const fullPhase = phases[1]!;
  const stateMb = fullPhase.heldMb[fullPhase.heldMb.length - 1] ?? 0;
  console.log("");
  console.log(
    `petitionFacts state at the end: ${fmt(fullPhase.petitions)} petitions; heap + array buffers held ${stateMb.toFixed(0)} MB (${fmt((stateMb * MB) / fullPhase.petitions)} bytes a petition)`,
  );
  if (!keep) unlinkSync(path);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
