/**
 * The search benchmark on PostgreSQL: `PostgresSearchIndex` over the same
 * synthetic petitions, queries and filters as the SQLite one (searchCases).
 * Needs a server: ASSIST_BENCH_PG_URL (a database of its own). The index is
 * built once and kept in the schema `bench_<N>`; a later run with the same N
 * reuses it (ASSIST_BENCH_PG_REBUILD=1 drops it first; ASSIST_BENCH_PG_BUILD_ONLY=1
 * stops after the build, so the queries can be timed apart, under the bench
 * lock). The build is a bulk load: the GIN index is dropped, the cases go in
 * 10,000 a transaction, and reopening the index creates it again in one pass
 * (far cheaper than keeping it up to date row by row; `addCases` on a live
 * index keeps it, at about twice the CPU a petition).
 *
 * CPU time is this process's plus the server backend's (its
 * /proc/<pid>/schedstat, in ns, when the server is on this machine): the
 * query's work is mostly the server's.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Timings } from "../eval/timing.js";
import { PostgresSearchIndex } from "../src/search/postgres-search.js";
import type { SearchFilters } from "../src/search/search-query.js";
import { syntheticPetitions } from "./synthetic.js";

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** On-CPU ns of a local process, or 0 when it cannot be read (a remote server). */
const cpuNs = (pid: number): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return 0;
  }
};

/** Wall and CPU (this process + the backend) of an async call. */
const timeAsync = async <T>(
  timings: Timings,
  backend: number,
  run: () => Promise<T>,
): Promise<T> => {
  const c0 = process.cpuUsage();
  const b0 = cpuNs(backend);
  const t0 = performance.now();
  const result = await run();
  timings.wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  timings.cpu.push((c.user + c.system) / 1000 + (cpuNs(backend) - b0) / 1e6);
  return result;
};

export const benchPostgresSearch = async (
  n: number,
  cases: [string, string, SearchFilters][],
): Promise<void> => {
  const url = process.env.ASSIST_BENCH_PG_URL;
  if (url === undefined) {
    console.log("\n## search on PostgreSQL: skipped (set ASSIST_BENCH_PG_URL)");
    return;
  }
  const schema = `bench_${n}`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    if (process.env.ASSIST_BENCH_PG_REBUILD === "1")
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const index = await PostgresSearchIndex.open({ pool, schema });
    console.log(
      `\n## search on PostgreSQL, ${n.toLocaleString("en")} petitions indexed (gram array, GIN)`,
    );
    const backend = Number(
      (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid,
    );
    const version = (await pool.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v;
    console.log(`  server: ${version}`);
    const have = await index.size();
    if (have !== n) {
      if (have !== 0) throw new Error(`schema ${schema} holds ${have} cases, not ${n}: rebuild`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const b0 = cpuNs(backend);
      await pool.query(`DROP INDEX ${schema}.search_cases_grams`);
      const batch = [];
      for (const { record } of syntheticPetitions(n)) {
        batch.push(record);
        if (batch.length === 10_000) await index.addCases(batch.splice(0));
      }
      await index.addCases(batch);
      await pool.query("SET maintenance_work_mem = '1GB'");
      await PostgresSearchIndex.open({ pool, schema });
      await pool.query(`VACUUM ANALYZE ${schema}.search_cases`);
      const wallS = (performance.now() - started) / 1000;
      const c = process.cpuUsage(cpu0);
      const clientS = (c.user + c.system) / 1e6;
      const serverS = (cpuNs(backend) - b0) / 1e9;
      console.log(
        `  index built (and VACUUM ANALYZE) in ${wallS.toFixed(0)} s wall, CPU ${clientS.toFixed(0)} s client + ${serverS.toFixed(0)} s server (${(((clientS + serverS) * 1e6) / n).toFixed(0)} µs CPU a petition)`,
      );
      if (process.env.ASSIST_BENCH_PG_BUILD_ONLY === "1") return;
    } else console.log(`  index of ${n} cases reused (schema ${schema})`);
    const sizes = await pool.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
       JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind IN ('r', 'i')
       ORDER BY 2 DESC`,
      [schema],
    );
    const table = Number(
      (
        await pool.query<{ bytes: string }>(
          `SELECT pg_total_relation_size('${schema}.search_cases') AS bytes`,
        )
      ).rows[0]?.bytes,
    );
    console.log(
      `  search_cases with its indexes and TOAST ${mb(table)} (${(table / n).toFixed(0)} bytes a petition): ${sizes.rows
        .map((r) => `${r.name} ${mb(Number(r.bytes))}`)
        .join(", ")}`,
    );
    for (const order of ["rank", "recent"] as const) {
      console.log(`  order: ${order}`);
      for (const [label, query, filters] of cases) {
        const timings = new Timings();
        let hits = 0;
        for (let k = 0; k < 30; k++) {
          const result = await timeAsync(timings, backend, () =>
            index.search(query, filters, 20, order),
          );
          hits = result.hits.length;
        }
        console.log(
          `    ${label.padEnd(32)} "${query}": ${timings.summary()} (${hits} hits, top 20)`,
        );
      }
    }
  } finally {
    await pool.end();
  }
};
