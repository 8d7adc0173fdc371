/**
 * PostgreSQL store benchmark (a script, not a test). It starts a throwaway
 * server (scripts/postgres/server.ts, fsync on, synchronous_commit on) and
 * measures each workload next to raw `pg` doing the same writes with the same
 * durability, in the same run, printing ratios (docs/performance.md):
 *
 *   one event per call     store.append, engine.execute(register) vs one raw INSERT per transaction
 *   100-event batches      store.append(100 events) vs one raw INSERT … SELECT FROM unnest of 100 rows
 *   8 / 64 concurrent      callers on different streams (group commit) vs 8 / 64 raw connections
 *   N processes            1, 2, 4 engine processes × 16 callers vs the same number of raw connections
 *
 * Run (bundled first, as the core replay bench is, so it starts as plain node):
 *
 *   cd packages/postgres && npx esbuild bench/stores.ts bench/process-worker.ts --bundle \
 *     --platform=node --format=esm --outdir=.bench --out-extension:.js=.mjs \
 *     --conditions=@petitio/source --external:pg --log-level=warning \
 *     && node .bench/stores.mjs [--ops 400] [--batches 60] [--per-caller 25] [--process-appends 40] [--rounds 3]
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine, type NewEvent, nationalPolicy } from "@petitio/core";
import pg from "pg";
import { startPostgres } from "../../../scripts/postgres/server.js";
import { openPostgresStore } from "../src/index.js";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const OPS = arg("--ops", 400);
const ROUNDS = arg("--rounds", 3);
const BATCHES = arg("--batches", 60);
const PER_CALLER = arg("--per-caller", 25);
const PROC_PER_CALLER = arg("--process-appends", 40);
const here = dirname(fileURLToPath(import.meta.url));

const note = (i: number): NewEvent => ({
  type: "MediationRecorded",
  data: { outcome: "noAgreement", note: `调解记录 ${i}：双方未达成一致，另行安排。` },
  occurredAt: "2024-03-01T10:00:00+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
});
const payload = (i: number) => JSON.stringify(note(i).data);

const timer = () => {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
};

const server = await startPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
let schemaNo = 0;
const rawTable = async () => {
  const t = `raw${schemaNo++}`;
  await admin.query(
    `CREATE TABLE ${t} (position bigserial PRIMARY KEY, stream_id text NOT NULL, version int NOT NULL, type text NOT NULL, data text NOT NULL, recorded_at text NOT NULL, UNIQUE (stream_id, version))`,
  );
  return t;
};
const store = async (extra: Record<string, unknown> = {}) =>
  openPostgresStore({
    connectionString: server.url,
    schema: `bench${schemaNo++}`,
    maxConnections: 8,
    ...extra,
  });

interface Row {
  workload: string;
  raw: number;
  petitio: number;
  unit: string;
}
const rows: Row[] = [];
const record = (workload: string, raw: number, petitio: number, unit = "events/s") => {
  rows.push({ workload, raw, petitio, unit });
  console.log(
    `${workload.padEnd(44)} raw ${raw.toFixed(0).padStart(7)}  petitio ${petitio.toFixed(0).padStart(7)}  ${unit}  ${((100 * petitio) / raw).toFixed(0)} %`,
  );
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Raw and Petitio take turns for `ROUNDS` rounds (the machine's load moves
 * under both alike); each side's median is recorded.
 */
const compare = async (
  workload: string,
  raw: () => Promise<number>,
  petitio: () => Promise<number>,
  unit = "events/s",
) => {
  const r: number[] = [];
  const p: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    r.push(await raw());
    p.push(await petitio());
  }
  record(workload, median(r), median(p), unit);
};

/** `callers` concurrent loops of `each` calls of `run(caller, i)`; returns calls per second. */
const concurrently = async (
  callers: number,
  each: number,
  run: (caller: number, i: number) => Promise<unknown>,
): Promise<number> => {
  const elapsed = timer();
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = 0; i < each; i++) await run(c, i);
    }),
  );
  return (callers * each) / elapsed();
};

// ---- one event per call ------------------------------------------------------
{
  const t = await rawTable();
  let n = 0;
  const rawOne = () => {
    const base = n;
    n += OPS;
    return concurrently(1, OPS, (_, i) =>
      admin.query(
        `INSERT INTO ${t} (stream_id, version, type, data, recorded_at) VALUES ($1, 1, 'MediationRecorded', $2, $3)`,
        [`s-${base + i}`, payload(i), new Date().toISOString()],
      ),
    );
  };
  const s = await store();
  await compare("one event per append, lone caller", rawOne, () => {
    const base = n;
    n += OPS;
    return concurrently(1, OPS, (_, i) =>
      s.append(`s-${base + i}`, [note(i)], { expectedVersion: "noStream" }),
    );
  });
  const clock = { now: () => "2024-09-23T09:00:00+08:00" };
  const engine = createEngine({ store: s, policy: nationalPolicy, clock, channels: [] });
  await compare(
    "engine.execute(register), lone caller",
    rawOne,
    () => {
      const base = n;
      n += OPS;
      return concurrently(1, OPS, (_, i) =>
        engine.execute({
          type: "register",
          petitionId: `p-${base + i}`,
          actor: { id: "clerk-1", role: "intake", org: "city-bureau" },
          channel: "hotline",
          petitioners: [{ id: `c-${i}`, name: "王五" }],
          title: "路灯损坏",
          content: "小区门口路灯损坏多日，夜间出行不便。",
          category: "claim",
          topic: "市政设施",
        }),
      );
    },
    "commands/s",
  );
  await s.close();
}

// ---- 100-event batches ---------------------------------------------------------
{
  const t = await rawTable();
  const size = 100;
  const s = await store();
  let n = 0;
  const events = Array.from({ length: size }, (_, i) => note(i));
  const payloads = events.map((_, i) => payload(i));
  await compare(
    "100-event batches, lone caller",
    async () => {
      const base = n;
      n += BATCHES;
      return (
        size *
        (await concurrently(1, BATCHES, (_, b) =>
          admin.query(
            `INSERT INTO ${t} (stream_id, version, type, data, recorded_at) SELECT $1, v, 'MediationRecorded', d, $3 FROM unnest($2::text[]) WITH ORDINALITY AS u(d, v)`,
            [`b-${base + b}`, payloads, new Date().toISOString()],
          ),
        ))
      );
    },
    async () => {
      const base = n;
      n += BATCHES;
      return (
        size *
        (await concurrently(1, BATCHES, (_, b) =>
          s.append(`b-${base + b}`, events, { expectedVersion: "noStream" }),
        ))
      );
    },
  );
  await s.close();
}

// ---- concurrent callers -------------------------------------------------------
for (const callers of [8, 64]) {
  const t = await rawTable();
  const pool = new pg.Pool({ connectionString: server.url, max: callers });
  const s = await store();
  let n = 0;
  await compare(
    `${callers} concurrent callers, one event each (raw: ${callers} connections)`,
    () => {
      const base = n++;
      return concurrently(callers, PER_CALLER, (c, i) =>
        pool.query(
          `INSERT INTO ${t} (stream_id, version, type, data, recorded_at) VALUES ($1, $2, 'MediationRecorded', $3, $4)`,
          [`c-${base}-${c}`, i + 1, payload(i), new Date().toISOString()],
        ),
      );
    },
    () => {
      const base = n++;
      return concurrently(callers, PER_CALLER, (c, i) =>
        s.append(`c-${base}-${c}`, [note(i)], { expectedVersion: i }),
      );
    },
  );
  const stats = s.stats();
  console.log(
    `  group commit: ${stats.writes} appends in ${stats.batches} transactions, largest batch ${stats.largestBatch}`,
  );
  await pool.end();
  await s.close();
}

// ---- N engine processes ---------------------------------------------------------
/**
 * Every process opens its connections first and starts its loop at the same
 * agreed moment (`goAt`), so start-up is outside the measured time; the
 * throughput is all events over the time until the last process finished.
 */
const runProcesses = async (mode: "raw" | "petitio", processes: number, target: string) => {
  const goAt = Date.now() + 3000;
  const ends = await Promise.all(
    Array.from(
      { length: processes },
      (_, p) =>
        new Promise<number>((resolve, reject) => {
          let out = "";
          const child = spawn(
            process.execPath,
            [
              join(here, "process-worker.mjs"),
              mode,
              server.url,
              target,
              String(p),
              String(PROC_PER_CALLER),
              String(goAt),
            ],
            { stdio: ["ignore", "pipe", "inherit"], cwd: join(here, "..") },
          );
          child.stdout!.setEncoding("utf8").on("data", (c: string) => {
            out += c;
          });
          child.once("exit", (code) =>
            code === 0 ? resolve(Number(out.trim())) : reject(new Error(`worker exited ${code}`)),
          );
        }),
    ),
  );
  return (16 * processes * PROC_PER_CALLER) / ((Math.max(...ends) - goAt) / 1000);
};
for (const processes of [1, 2, 4]) {
  const t = await rawTable();
  const s = await store();
  const schema = s.schema;
  await s.close();
  await compare(
    `${processes} process(es) × 16 callers (raw: 16 connections each)`,
    () => runProcesses("raw", processes, t),
    () => runProcesses("petitio", processes, schema),
  );
}

await admin.end();
await server.stop();
console.log("\n| workload | raw pg | Petitio | ratio |\n|---|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.workload} | ${r.raw.toFixed(0)} ${r.unit} | ${r.petitio.toFixed(0)} | ${((100 * r.petitio) / r.raw).toFixed(0)} % |`,
  );
}
