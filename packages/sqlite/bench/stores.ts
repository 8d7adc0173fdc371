/**
 * SQLite store benchmark (a script, not a test). In one process it measures
 * each workload next to its raw better-sqlite3 limit on the same machine, in
 * the same run, and prints ratios (docs/performance.md holds the results):
 *
 *   lone      store.append / engine.execute, one caller, vs one raw INSERT per
 *             transaction, at synchronous=FULL and NORMAL; group commit on
 *             (the default) and off
 *   64 callers  64 concurrent engine.execute() on different petitions (FULL)
 *             vs the same raw one-row-per-transaction limit
 *   latency   p50 / p99 of a lone execute(), group commit on and off
 *   import    store.importEvents (batches of 1000) vs raw batched INSERTs
 *   replay    store.readAll vs raw SELECT + JSON.parse
 *
 * Run from the repository root:
 *
 *   npx -y pnpm@10.34.9 bench:sqlite [--appends 1000] [--events 100000] [--rounds 3]
 *
 * The peers (Emmett) are in the top-level bench/ folder, installed apart.
 */
import { createEngine, nationalPolicy } from "@petitio/core";
import { openSqliteStore } from "../src/index.js";
import {
  arg,
  benchDir,
  buildLog,
  compare,
  fmt,
  loadNote,
  pct,
  petitionId,
  type Run,
  rawAppends,
  rawImport,
  rawReplay,
  registerCommand,
  sampleRegistration,
  systemClock,
  timer,
} from "./kit.js";

const APPENDS = arg("--appends", 1000);
const EVENTS = arg("--events", 100_000);
const ROUNDS = arg("--rounds", 3);
const CALLERS = 64;
const files = benchDir();

interface Row {
  workload: string;
  petitio: number;
  raw: number;
  goal: string;
  /** The ratio the goal asks for (petitio ÷ raw). */
  target: number;
}
const rows: Row[] = [];
const latency: string[] = [];

type Durability = "FULL" | "NORMAL";
const executeRun =
  (synchronous: Durability, grouped: boolean, callers = 1, latencies?: number[]): Run =>
  async (path) => {
    const store = openSqliteStore(path, { synchronous, groupCommit: { enabled: grouped } });
    const engine = createEngine({ store, clock: systemClock, policy: nationalPolicy });
    const perCaller = Math.ceil(APPENDS / callers);
    const elapsed = timer();
    await Promise.all(
      Array.from({ length: callers }, async (_, lane) => {
        for (let i = 0; i < perCaller; i++) {
          const started = performance.now();
          await engine.execute(registerCommand(petitionId(lane * perCaller + i)));
          latencies?.push(performance.now() - started);
        }
      }),
    );
    const seconds = elapsed();
    await store.close();
    return seconds;
  };

const loneWorkloads = async (synchronous: Durability) => {
  const event = sampleRegistration();
  const rate = await compare(files, ROUNDS, APPENDS, {
    raw: rawAppends(synchronous, event, APPENDS),
    append: async (path) => {
      const store = openSqliteStore(path, { synchronous });
      const elapsed = timer();
      for (let i = 0; i < APPENDS; i++) {
        await store.append(`petition-${petitionId(i)}`, [event], { expectedVersion: "noStream" });
      }
      const seconds = elapsed();
      await store.close();
      return seconds;
    },
    execute: executeRun(synchronous, true),
    executeUngrouped: executeRun(synchronous, false),
  });
  const goal = "≥ 80 % of raw";
  rows.push({
    workload: `lone append, 1 event, ${synchronous}`,
    petitio: rate.append,
    raw: rate.raw,
    goal,
    target: 0.8,
  });
  rows.push({
    workload: `lone execute(register), ${synchronous}`,
    petitio: rate.execute,
    raw: rate.raw,
    goal,
    target: 0.8,
  });
  rows.push({
    workload: `lone execute(register), ${synchronous}, group commit off`,
    petitio: rate.executeUngrouped,
    raw: rate.raw,
    goal: "(before)",
    target: 0,
  });
};

const concurrentWorkload = async () => {
  const rate = await compare(files, ROUNDS, Math.ceil(APPENDS / CALLERS) * CALLERS, {
    raw: rawAppends("FULL", sampleRegistration(), Math.ceil(APPENDS / CALLERS) * CALLERS),
    execute: executeRun("FULL", true, CALLERS),
    executeUngrouped: executeRun("FULL", false, CALLERS),
  });
  rows.push({
    workload: `${CALLERS} concurrent execute(), FULL`,
    petitio: rate.execute,
    raw: rate.raw,
    goal: "≥ 5× raw",
    target: 5,
  });
  rows.push({
    workload: `${CALLERS} concurrent execute(), FULL, group commit off`,
    petitio: rate.executeUngrouped,
    raw: rate.raw,
    goal: "(before)",
    target: 0,
  });
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const latencyWorkload = async () => {
  // Alternate the two settings round by round, as compare() does.
  const samples = { on: [] as number[], off: [] as number[] };
  for (let r = -1; r < ROUNDS; r++) {
    for (const grouped of [true, false]) {
      const path = files.fresh();
      const into: number[] = [];
      await executeRun("FULL", grouped, 1, into)(path);
      if (r >= 0) samples[grouped ? "on" : "off"].push(...into);
      files.remove(path);
    }
  }
  for (const [name, values] of Object.entries(samples)) {
    const sorted = values.sort((a, b) => a - b);
    latency.push(
      `| lone execute(), FULL, group commit ${name} | ${percentile(sorted, 50).toFixed(2)} ms | ${percentile(sorted, 99).toFixed(2)} ms | ${sorted.length} |`,
    );
  }
};

const importWorkload = async (log: ReturnType<typeof buildLog>) => {
  const rate = await compare(files, ROUNDS, log.length, {
    raw: rawImport(log),
    petitio: async (path) => {
      const store = openSqliteStore(path);
      const elapsed = timer();
      await store.importEvents(log, { batchSize: 1000 });
      const seconds = elapsed();
      await store.close();
      return seconds;
    },
  });
  rows.push({
    workload: `import ${fmt(log.length)} events`,
    petitio: rate.petitio,
    raw: rate.raw,
    goal: "≥ 80 % of raw",
    target: 0.8,
  });
};

const replayWorkload = async (log: ReturnType<typeof buildLog>) => {
  const path = files.fresh();
  const store = openSqliteStore(path);
  await store.importEvents(log, { batchSize: 5000 });
  await store.close();
  let sink = 0;
  const rate = await compare(files, ROUNDS, log.length, {
    raw: () => rawReplay(path),
    petitio: async () => {
      const reader = openSqliteStore(path, { readOnly: true });
      const elapsed = timer();
      for await (const e of reader.readAll({ batchSize: 1000 })) sink += e.position;
      const seconds = elapsed();
      await reader.close();
      return seconds;
    },
  });
  if (sink === -1) console.log("unreachable");
  files.remove(path);
  rows.push({
    workload: `replay ${fmt(log.length)} events`,
    petitio: rate.petitio,
    raw: rate.raw,
    goal: "≥ 90 % of raw",
    target: 0.9,
  });
};

try {
  const before = await loadNote();
  const log = buildLog(EVENTS);
  await loneWorkloads("FULL");
  await loneWorkloads("NORMAL");
  await concurrentWorkload();
  await latencyWorkload();
  await importWorkload(log);
  await replayWorkload(log);
  console.log(
    `node ${process.version}, ${ROUNDS} rounds (median), appends=${APPENDS}, events=${EVENTS}`,
  );
  console.log(`before: ${before}; after: ${await loadNote()}`);
  console.log("| workload | Petitio ops/s | raw ops/s | Petitio ÷ raw | goal | met |");
  console.log("|---|---:|---:|---:|---|---|");
  for (const r of rows) {
    const ratio = r.petitio / r.raw;
    const shown = r.target >= 1 ? `${ratio.toFixed(1)}×` : pct(ratio);
    const met = r.target === 0 ? "" : ratio >= r.target ? "✓" : "✗";
    console.log(
      `| ${r.workload} | ${fmt(r.petitio)} | ${fmt(r.raw)} | ${shown} | ${r.goal} | ${met} |`,
    );
  }
  console.log("\n| latency | p50 | p99 | calls |\n|---|---:|---:|---:|");
  for (const line of latency) console.log(line);
} finally {
  files.cleanup();
}
