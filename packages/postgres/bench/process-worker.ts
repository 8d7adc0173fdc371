/**
 * One process of the benchmark's "N processes" workload (bench/stores.ts):
 *
 *   process-worker.ts raw|petitio <url> <table-or-schema> <process> <appends-per-caller> <goAt>
 *
 * Connections are opened first; the loop starts at `goAt` (epoch ms), and the
 * process prints the epoch ms at which its last append was acknowledged.
 *
 * 16 concurrent callers, each appending one event per call to its own stream:
 * raw through 16 connections, Petitio through one store (group commit).
 */
import type { NewEvent } from "@petitio/core";
import pg from "pg";
import { openPostgresStore } from "../src/index.js";

const [mode, url, target, processArg, eachArg, goAtArg] = process.argv.slice(2);
const goAt = Number(goAtArg);
const untilGo = () => new Promise((r) => setTimeout(r, Math.max(0, goAt - Date.now())));
const each = Number(eachArg);
const callers = 16;
const note = (i: number): NewEvent => ({
  type: "MediationRecorded",
  data: { outcome: "noAgreement", note: `调解记录 ${i}：双方未达成一致，另行安排。` },
  occurredAt: "2024-03-01T10:00:00+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
});

const loops = (run: (caller: number, i: number) => Promise<unknown>) =>
  Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = 0; i < each; i++) await run(c, i);
    }),
  );

if (mode === "raw") {
  const pool = new pg.Pool({ connectionString: url, max: callers });
  // Open the connections before the start.
  await Promise.all(Array.from({ length: callers }, () => pool.query("SELECT 1")));
  await untilGo();
  await loops((c, i) =>
    pool.query(
      `INSERT INTO ${target} (stream_id, version, type, data, recorded_at) VALUES ($1, $2, 'MediationRecorded', $3, $4)`,
      [
        `p${processArg}-${goAt}-${c}`,
        i + 1,
        JSON.stringify(note(i).data),
        new Date().toISOString(),
      ],
    ),
  );
  process.stdout.write(`${Date.now()}\n`);
  await pool.end();
} else {
  const store = await openPostgresStore({
    connectionString: url!,
    schema: target,
    maxConnections: 4,
  });
  await store.headPosition();
  await untilGo();
  await loops((c, i) =>
    store.append(`p${processArg}-${goAt}-${c}`, [note(i)], { expectedVersion: i }),
  );
  process.stdout.write(`${Date.now()}\n`);
  await store.close();
}
