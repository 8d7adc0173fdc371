import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { describePg, useTestDatabase } from "./test-support.js";
import { buildWorker, runWorker } from "./worker-build.js";

// Four OS processes, each an engine on the same database: they register
// petitions, then all tick over the same due timers at the same moments.
// Every reminder and supervision must be issued exactly once, and the named
// subscription (one owner at a time) must handle every event exactly once.

const WORKERS = 4;
const PETITIONS = 12;

describePg("many engine processes", () => {
  const db = useTestDatabase(import.meta.url);
  let worker = "";
  beforeAll(async () => {
    worker = await buildWorker("engine-worker.ts");
  }, 120_000);

  it("4 processes: tick() issues each reminder and supervision once; the leased subscription handles each event once", async () => {
    const store = await db.openStore();
    const { schema } = store;
    await store.close();
    const sql = new pg.Client({ connectionString: db.url() });
    await sql.connect();
    await sql.query(`CREATE TABLE ${schema}.handled (position bigint NOT NULL, worker int)`);
    await sql.query(`CREATE TABLE ${schema}.barrier (step text NOT NULL, worker int NOT NULL)`);

    const runs = Array.from({ length: WORKERS }, (_, w) =>
      runWorker(worker, [db.url(), schema, String(w), String(PETITIONS), String(WORKERS)]),
    );
    const reports = (await Promise.all(runs.map((r) => r.done))).map(
      (lines) => JSON.parse(lines[lines.length - 1]!) as Record<string, number>,
    );

    const petitions = WORKERS * PETITIONS;
    const counts = await sql.query<{ type: string; n: string; streams: string }>(
      `SELECT type, count(*) AS n, count(DISTINCT stream_id) AS streams FROM ${schema}.events GROUP BY type`,
    );
    const byType = Object.fromEntries(
      counts.rows.map((r) => [r.type, { n: Number(r.n), streams: Number(r.streams) }]),
    );
    expect(byType.PetitionRegistered).toEqual({ n: petitions, streams: petitions });
    // One reminder and one supervision per petition: never twice, never missed.
    expect(byType.ReminderIssued).toEqual({ n: petitions, streams: petitions });
    expect(byType.SupervisionIssued).toEqual({ n: petitions, streams: petitions });
    // What the processes say they issued adds up to the log: no tick took another's.
    expect(reports.reduce((a, r) => a + r.reminders!, 0)).toBe(petitions);
    expect(reports.reduce((a, r) => a + r.supervisions!, 0)).toBe(petitions);

    const head = Number(
      (await sql.query<{ p: string }>(`SELECT position AS p FROM ${schema}.head`)).rows[0]!.p,
    );
    expect(head).toBe(petitions * 3);
    const handled = await sql.query<{ position: string; n: string }>(
      `SELECT position, count(*) AS n FROM ${schema}.handled GROUP BY position ORDER BY position`,
    );
    expect(handled.rows.map((r) => Number(r.position))).toEqual(
      Array.from({ length: head }, (_, i) => i + 1),
    );
    expect(handled.rows.every((r) => r.n === "1")).toBe(true);
    await sql.end();
  }, 180_000);
});
