/**
 * Similar-case push with N synthetic petitions indexed: build time, memory a
 * petition, and the latency of `similarToText` (a new petition at intake)
 * and `similarTo` (an indexed one). Replies are added to the synthetic
 * records here (the corpus has none): seven in ten replied, 3–40 days later.
 */
import { performance } from "node:perf_hooks";
import { Timings } from "../eval/timing.js";
import type { CaseRecord, CaseReply } from "../src/cases/case-records.js";
import { SimilarCaseIndex } from "../src/similar/similar-cases.js";
import { seededRandom } from "../src/text/hash.js";
import { syntheticPetitions } from "./synthetic.js";

const DAY = 86_400_000;
const OUTCOMES: CaseReply["outcome"][] = ["supported", "explained", "notSupported"];
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const withReplies = function* (count: number, seed: number): Generator<CaseRecord> {
  const random = seededRandom(seed + 1000);
  for (const { record } of syntheticPetitions(count, seed)) {
    if (record.status !== "replied") {
      yield record;
      continue;
    }
    const outcome = OUTCOMES[Math.floor(random() * OUTCOMES.length)] as CaseReply["outcome"];
    yield {
      ...record,
      reply: {
        org: record.org,
        outcome,
        summary: `经核查，${record.title}一事已转${record.org}办理，现答复如下：${outcome === "supported" ? "已责令整改" : "依法作出说明"}。`,
        legalBasis: [],
        deliveredAt: record.receivedAt + (3 + Math.floor(random() * 38)) * DAY,
      },
    };
  }
};

export const benchSimilar = (n: number, queries: number, used: () => number): void => {
  const before = used();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const index = new SimilarCaseIndex(withReplies(n, 7));
  const buildS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const bytes = used() - before;
  console.log(`\n## similar cases, ${n.toLocaleString("en")} petitions indexed (top 5)`);
  console.log(
    `  index built in ${buildS.toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU (${((cpu.user + cpu.system) / n).toFixed(1)} µs CPU a petition)`,
  );
  console.log(
    `  memory ${mb(bytes)} = ${(bytes / n).toFixed(0)} bytes a petition (typed arrays ${mb(index.typedArrayBytes)})`,
  );
  // The first query takes the idf snapshot and norms every case: timed apart.
  const first = new Timings();
  first.time(() => index.similarToText("小区物业加收停车费"));
  console.log(`  first query (idf snapshot, every norm): ${first.summary()}`);
  const text = new Timings();
  let found = 0;
  for (const record of withReplies(queries, 99)) {
    const hits = text.time(() => index.similarToText(`${record.title}\n${record.content}`));
    if (hits.length > 0) found++;
  }
  console.log(
    `  similarToText, ${queries} new petitions: ${text.summary()}; ${found} had similar cases`,
  );
  const indexed = new Timings();
  const random = seededRandom(5);
  for (let i = 0; i < queries; i++) {
    indexed.time(() => index.similarTo(`syn-${Math.floor(random() * n)}`));
  }
  console.log(`  similarTo, ${queries} indexed petitions: ${indexed.summary()}`);
};
