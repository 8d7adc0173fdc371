/**
 * Latency and memory of duplicate detection and search with N synthetic
 * petitions indexed (default 1,000,000; set ASSIST_BENCH_N). Prints the
 * figures of docs/performance.md "Assist". Run: pnpm bench:assist
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Timings } from "../eval/timing.js";
import { DuplicateIndex } from "../src/duplicates/duplicate-index.js";
import { SearchIndex } from "../src/search/search-index.js";
import { syntheticPetitions } from "./synthetic.js";

const N = Number(process.env.ASSIST_BENCH_N ?? 1_000_000);
const QUERIES = 2000;
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
  // Queries: re-posts of indexed petitions (a few words changed) and new ones.
  const timings = new Timings();
  let found = 0;
  let i = 0;
  for (const { record } of syntheticPetitions(QUERIES, 99)) {
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
  console.log(
    `  check (analysis + candidates + scoring), ${QUERIES} queries: ${timings.summary()}; ${found} had a probable duplicate`,
  );
};

const benchSearch = (): void => {
  const dir = mkdtempSync(join(tmpdir(), "assist-bench-"));
  const file = join(dir, "search.db");
  try {
    const index = new SearchIndex(file);
    const started = performance.now();
    const batch = [];
    for (const { record } of syntheticPetitions(N)) {
      batch.push(record);
      if (batch.length === 10_000) index.addCases(batch.splice(0));
    }
    index.addCases(batch);
    const buildS = (performance.now() - started) / 1000;
    const size =
      statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    console.log(
      `\n## search, ${N.toLocaleString("en")} petitions indexed (FTS5 over bigrams, one SQLite file)`,
    );
    console.log(
      `  index built in ${buildS.toFixed(0)} s; file ${mb(size)} (${(size / N).toFixed(0)} bytes a petition)`,
    );
    const cases: [string, string, Parameters<SearchIndex["search"]>[1]][] = [
      ["2 characters", "停车", {}],
      ["2 characters", "噪音", {}],
      ["2 characters", "拆迁", {}],
      ["2 characters", "欠薪", {}],
      ["4 characters", "停车费用", {}],
      ["3+2 characters", "停车费 业主", {}],
      ["2 characters + org filter", "噪音", { org: "东城区城管局" }],
      [
        "2 characters + time filter",
        "拆迁",
        {
          from: Date.parse("2023-01-01T00:00:00+08:00"),
          to: Date.parse("2023-02-01T00:00:00+08:00"),
        },
      ],
      ["1 character (LIKE)", "吵", {}],
      ["no match", "火箭发射", {}],
    ];
    for (const order of ["rank", "recent"] as const) {
      console.log(`  order: ${order}`);
      for (const [label, query, filters] of cases) {
        const timings = new Timings();
        let hits = 0;
        for (let k = 0; k < 30; k++) {
          hits = timings.time(() => index.search(query, filters, 20, order)).hits.length;
        }
        console.log(
          `    ${label.padEnd(28)} "${query}": ${timings.summary()} (${hits} hits, top 20)`,
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
const which = process.argv[2];
if (which !== "search") benchDuplicates();
if (which !== "duplicates") benchSearch();
