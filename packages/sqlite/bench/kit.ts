/**
 * Shared parts of the SQLite benchmarks (scripts, not tests): the stopwatch,
 * the turn-taking comparison, real-sized data and the raw better-sqlite3
 * baselines. Used by bench/stores.ts here and by the peer benchmark in the
 * repository's top-level bench/ folder.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Clock, EventEnvelope, NewEvent } from "@petitio/core";
import Database from "better-sqlite3";

export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

export const benchDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "petitio-bench-"));
  let fileNo = 0;
  return {
    fresh: () => join(dir, `b${fileNo++}.db`),
    remove: (path: string) => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** A contender: opens what it needs, then returns the seconds its timed part took. */
export type Run = (path: string) => Promise<number> | number;

/** Start a stopwatch; calling the result gives the seconds since. */
export const timer = () => {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
};

/**
 * Run every contender once per round, in turn, each on a fresh file (only the
 * workload's loop is timed), after one untimed warm-up round; return each
 * one's median rate in operations per second. Taking turns keeps a noisy
 * neighbour on this shared machine from landing on one contender only.
 */
export const compare = async <K extends string>(
  files: ReturnType<typeof benchDir>,
  rounds: number,
  ops: number,
  runs: Record<K, Run>,
): Promise<Record<K, number>> => {
  const rates = {} as Record<K, number[]>;
  const names = Object.keys(runs) as K[];
  for (const name of names) rates[name] = [];
  for (let r = -1; r < rounds; r++) {
    for (const name of names) {
      const path = files.fresh();
      const seconds = await runs[name](path);
      if (r >= 0) rates[name].push(ops / seconds);
      files.remove(path);
    }
  }
  const median = {} as Record<K, number>;
  for (const name of names) {
    const sorted = rates[name].sort((a, b) => a - b);
    median[name] = sorted[Math.floor(sorted.length / 2)]!;
  }
  return median;
};

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(here, "../../..");

/** Real-sized petition events: the worked example of core's test fixtures (7,616 events). */
export const loadSample = (): EventEnvelope[] => {
  const fixture = resolve(repoRoot, "packages/core/test/fixtures/metrics-sample.log.jsonl.gz");
  return gunzipSync(readFileSync(fixture))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as EventEnvelope);
};

/** `count` unsealed events: copies of the sample with fresh stream ids, positions 1..count. */
export const buildLog = (count: number): EventEnvelope[] => {
  const sample = loadSample();
  const log: EventEnvelope[] = [];
  for (let copy = 0; log.length < count; copy++) {
    for (const e of sample) {
      if (log.length >= count) break;
      const {
        prevHash: _p,
        hash: _h,
        ...rest
      } = e as EventEnvelope & { prevHash?: string; hash?: string };
      log.push({ ...rest, streamId: `${e.streamId}-c${copy}`, position: log.length + 1 });
    }
  }
  return log;
};

/** A registration as an application appends it: the sample's first event. */
export const sampleRegistration = (): NewEvent => {
  const first = loadSample().find((e) => e.type === "PetitionRegistered")!;
  return { type: first.type, data: first.data, occurredAt: first.occurredAt, actor: first.actor };
};

/** A register command with texts written for the benchmark (not from real petitions). */
export const registerCommand = (petitionId: string) => ({
  type: "register" as const,
  petitionId,
  actor: { id: "clerk-1", role: "intake" as const, org: "bureau" },
  channel: "online" as const,
  petitioners: [{ name: "测试人甲" }],
  title: "小区门口路灯长期不亮",
  content: "小区东门外的路灯已经坏了两个月，夜里出行很不方便，希望尽快安排维修。",
  category: "suggestion" as const,
  topic: "城市管理",
  at: "2024-03-01T09:00:00+08:00",
});

export const systemClock: Clock = { now: () => new Date().toISOString() };
/** Time-ordered ids: random ones make SQLite appends 2–4× slower (measured). */
export const petitionId = (i: number) => `P${String(i).padStart(9, "0")}`;

const RAW_SCHEMA = `CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
  type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL, meta TEXT,
  UNIQUE (stream_id, version))`;

export const openRaw = (
  path: string,
  synchronous: "FULL" | "NORMAL",
): { db: Database.Database; insert: Database.Statement } => {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(RAW_SCHEMA);
  const insert = db.prepare(
    "INSERT INTO events (position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
  );
  return { db, insert };
};

/** The raw limit for appends: one INSERT of one row per transaction. */
export const rawAppends =
  (synchronous: "FULL" | "NORMAL", event: NewEvent, count: number) => (path: string) => {
    const { db, insert } = openRaw(path, synchronous);
    const tx = db.transaction((i: number) =>
      insert.run(
        i + 1,
        `petition-${petitionId(i)}`,
        1,
        event.type,
        event.occurredAt,
        systemClock.now(),
        JSON.stringify(event.actor),
        JSON.stringify(event.data),
        null,
      ),
    );
    const elapsed = timer();
    for (let i = 0; i < count; i++) tx(i);
    const seconds = elapsed();
    db.close();
    return seconds;
  };

/** The raw limit for import: INSERTs, 1000 per transaction. */
export const rawImport = (log: EventEnvelope[]) => (path: string) => {
  const { db, insert } = openRaw(path, "FULL");
  const tx = db.transaction((batch: EventEnvelope[]) => {
    for (const e of batch) {
      insert.run(
        e.position,
        e.streamId,
        e.version,
        e.type,
        e.occurredAt,
        e.recordedAt,
        JSON.stringify(e.actor),
        JSON.stringify(e.data),
        e.meta === undefined ? null : JSON.stringify(e.meta),
      );
    }
  });
  const elapsed = timer();
  for (let i = 0; i < log.length; i += 1000) tx(log.slice(i, i + 1000));
  const seconds = elapsed();
  db.close();
  return seconds;
};

/** The raw limit for replay: one SELECT in position order, every JSON column parsed. */
export const rawReplay = (path: string): number => {
  const db = new Database(path, { readonly: true });
  const all = db
    .prepare(
      "SELECT position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta FROM events ORDER BY position",
    )
    .raw(true);
  let sink = 0;
  const elapsed = timer();
  for (const row of all.iterate() as Iterable<unknown[]>) {
    const data = JSON.parse(row[8] as string);
    const actor = JSON.parse(row[7] as string);
    if (row[9] !== null) JSON.parse(row[9] as string);
    sink += (row[0] as number) + (data ? 1 : 0) + (actor ? 1 : 0);
  }
  const seconds = elapsed();
  db.close();
  if (sink === -1) console.log("unreachable");
  return seconds;
};

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
export const pct = (n: number) => `${Math.round(n * 100)} %`;

/** The machine's load, to print beside the figures (the machine is shared). */
export const loadNote = async () => {
  const { loadavg, cpus } = await import("node:os");
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(1)} / ${five!.toFixed(1)} (1 / 5 min) on ${cpus().length} cores`;
};
