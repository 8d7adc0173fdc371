/**
 * Latency and memory of duplicate detection and search with N synthetic
 * petitions indexed (default 1,000,000; set ASSIST_BENCH_N). Prints the
 * figures of docs/performance.md "Assist". Run: pnpm bench:assist
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { Timings } from "../eval/timing.js";
import { DuplicateIndex } from "../src/duplicates/duplicate-index.js";
import { type SearchFilters, SearchIndex } from "../src/search/search-index.js";
import { benchPostgresSearch } from "./postgres-search.js";
import { benchSimilar } from "./similar.js";
import { syntheticPetitions } from "./synthetic.js";

const N = Number(process.env.ASSIST_BENCH_N ?? 1_000_000);
const QUERIES = 2000;
/** Duplicate checks before the timed ones (see benchDuplicates). */
const WARMUP = 500;
/** Rounds of QUERIES duplicate checks on one index, each on other queries (ASSIST_BENCH_ROUNDS). */
const ROUNDS = Number(process.env.ASSIST_BENCH_ROUNDS ?? 1);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const used = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const benchDuplicates = (): void => {
  const before = used();
  const tokenization = process.env.ASSIST_TOKENS === "bigrams" ? "bigrams" : "words";
  const index = new DuplicateIndex({ expected: N, tokenization });
  const started = performance.now();
  for (const { record } of syntheticPetitions(N)) index.add(record);
  const buildS = (performance.now() - started) / 1000;
  const bytes = used() - before;
  console.log(
    `\n## duplicate check, ${N.toLocaleString("en")} petitions indexed, terms: ${tokenization}`,
  );
  console.log(
    `  index built in ${buildS.toFixed(0)} s (${((buildS * 1e6) / N).toFixed(0)} µs a petition)`,
  );
  console.log(
    `  memory ${mb(bytes)} = ${(bytes / N).toFixed(0)} bytes a petition (typed arrays ${mb(index.typedArrayBytes)})`,
  );
  // The first checks after start run while the check's code is still being
  // compiled (and ICU loads its dictionary): a one-off cost of a process, not
  // of a check, that would sit in the p99 of 2,000 checks but not of 20,000.
  // So they are timed apart, on other queries, before the measured rounds.
  const warm = timeChecks(index, WARMUP, 98);
  console.log(
    `  first ${WARMUP} checks after the build (code still compiling), not counted below: ${warm.timings.summary()}`,
  );
  for (let round = 1; round <= ROUNDS; round++) {
    const { timings, found } = timeChecks(index, QUERIES, 98 + round);
    console.log(
      `  check (analysis + candidates + scoring), ${QUERIES} queries${ROUNDS > 1 ? ` (round ${round})` : ""}: ${timings.summary()}; ${found} had a probable duplicate`,
    );
  }
};

/** Times `count` checks: half re-posts of indexed petitions (a few words added), half new petitions. */
const timeChecks = (
  index: DuplicateIndex,
  count: number,
  seed: number,
): { timings: Timings; found: number } => {
  const timings = new Timings();
  let found = 0;
  let i = 0;
  for (const { record } of syntheticPetitions(count, seed)) {
    const repost = i++ % 2 === 0;
    const base = repost ? { ...record, petitionId: `syn-${Math.floor((i * 7919) % N)}` } : record;
    const input = {
      petitionId: `q-${i}`,
      title: base.title,
      content: repost ? `${base.content}望尽快答复。` : base.content,
      petitionerKeys: base.petitionerKeys,
      receivedAt: base.receivedAt + 86_400_000,
    };
    const candidates = timings.time(() => index.check(input));
    if (candidates.some((c) => c.probable)) found++;
  }
  return { timings, found };
};

/** Bytes of each table of a SQLite file (FTS5 shadow tables summed under their table), if dbstat is compiled in. */
const tableBytes = (file: string): string => {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
      .all() as { name: string; bytes: number }[];
    const byTable = new Map<string, number>();
    for (const { name, bytes } of rows) {
      const table = name.startsWith("search_fts") ? "search_fts" : name;
      byTable.set(table, (byTable.get(table) ?? 0) + bytes);
    }
    return [...byTable].map(([name, bytes]) => `${name} ${mb(bytes)}`).join(", ");
  } catch {
    return "(no dbstat)";
  } finally {
    db.close();
  }
};

/** The search benchmark's queries and filters, the same on SQLite and PostgreSQL. */
const searchCases = (): [string, string, SearchFilters][] => {
  const day = 86_400_000;
  const month = {
    from: Date.parse("2023-01-01T00:00:00+08:00"),
    to: Date.parse("2023-02-01T00:00:00+08:00"),
  };
  const week = { from: month.from, to: month.from + 7 * day };
  // A month in the first year: nearer the oldest end, so read oldest first.
  const early = {
    from: Date.parse("2020-06-01T00:00:00+08:00"),
    to: Date.parse("2020-07-01T00:00:00+08:00"),
  };
  return [
    ["2 characters", "停车", {}],
    ["2 characters", "噪音", {}],
    ["2 characters", "拆迁", {}],
    ["2 characters", "欠薪", {}],
    ["4 characters", "停车费用", {}],
    ["3+2 characters", "停车费 业主", {}],
    ["2 characters + org filter", "噪音", { org: "东城区城管局" }],
    ["2 characters + time filter", "拆迁", month],
    ["2 characters + one-week filter", "停车", week],
    ["2 characters + month in 2020", "拆迁", early],
    ["1 character", "噪", {}],
    ["1 character, in every petition", "区", {}],
    ["1 character + time filter", "噪", month],
    ["1 character, no match", "吵", {}],
    ["no match", "火箭发射", {}],
  ];
};

const benchSearch = (): void => {
  const dir = mkdtempSync(join(tmpdir(), "assist-bench-"));
  const file = join(dir, "search.db");
  try {
    const building = new SearchIndex(file);
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const batch = [];
    for (const { record } of syntheticPetitions(N)) {
      batch.push(record);
      if (batch.length === 10_000) building.addCases(batch.splice(0));
    }
    building.addCases(batch);
    const buildS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const buildCpuS = (cpu.user + cpu.system) / 1e6;
    // Closing checkpoints the write-ahead log into the file, so its size is the index's.
    building.close();
    const size = statSync(file).size;
    console.log(
      `\n## search, ${N.toLocaleString("en")} petitions indexed (FTS5 over bigrams and single characters, one SQLite file)`,
    );
    console.log(
      `  index built in ${buildS.toFixed(0)} s wall, ${buildCpuS.toFixed(0)} s CPU (${((buildCpuS * 1e6) / N).toFixed(0)} µs CPU a petition); file ${mb(size)} (${(size / N).toFixed(0)} bytes a petition): ${tableBytes(file)}`,
    );
    const index = new SearchIndex(file);
    for (const order of ["rank", "recent"] as const) {
      console.log(`  order: ${order}`);
      for (const [label, query, filters] of searchCases()) {
        const timings = new Timings();
        let hits = 0;
        for (let k = 0; k < 30; k++) {
          hits = timings.time(() => index.search(query, filters, 20, order)).hits.length;
        }
        console.log(
          `    ${label.padEnd(32)} "${query}": ${timings.summary()} (${hits} hits, top 20)`,
        );
      }
    }
    index.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

console.log(
  `# assist benchmarks (Node ${process.version}, ${N.toLocaleString("en")} synthetic petitions)`,
);
// No argument: duplicates, search and similar cases; "pg-search" only when named.
const which = process.argv[2];
if (which === undefined || which === "duplicates") benchDuplicates();
if (which === undefined || which === "search") benchSearch();
if (which === undefined || which === "similar") benchSimilar(N, QUERIES, used);
if (which === "pg-search") await benchPostgresSearch(N, searchCases());
