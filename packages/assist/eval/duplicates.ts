/**
 * Duplicate detection on hand-labelled pairs of att3_full_votes.jsonl
 * (eval/duplicate-pairs.tsv; docs/assist.md says how they were labelled).
 * Every message is checked against the earlier ones in order of receipt, as
 * at intake; a labelled pair counts as flagged when the later one's check
 * returns the earlier one as a probable duplicate.
 * Run: pnpm eval:assist duplicates
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  DEFAULT_DUPLICATE_OPTIONS,
  DuplicateIndex,
  type DuplicateSignals,
  type Tokenization,
} from "../src/duplicates/duplicate-index.js";
import { type ScoreWeights, scoreOf } from "../src/duplicates/score.js";
import { precisionRecall } from "../src/evaluation/classification-metrics.js";
import { ASSIST_ROOT, readJsonl, requireData } from "./data.js";
import { prLine } from "./format.js";
import { VOTES, type VoteRecord } from "./label-pool.js";

const localMs = (text: string): number => Date.parse(`${text}+08:00`);

export const readLabelledPairs = (): { a: string; b: string; duplicate: boolean }[] =>
  readFileSync(join(ASSIST_ROOT, "eval", "duplicate-pairs.tsv"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [a = "", b = "", label] = line.split("\t");
      return { a, b, duplicate: label === "1" };
    });

const THRESHOLDS = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];
const TUNING_THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

/** Signals of every candidate pair, from one pass in order of receipt (weights do not change them). */
const collectSignals = (records: readonly VoteRecord[], tokenization: Tokenization) => {
  const index = new DuplicateIndex({ expected: records.length, tokenization });
  const signals = new Map<string, DuplicateSignals>();
  const latencies: number[] = [];
  for (const r of records) {
    const input = {
      petitionId: r.message_id,
      title: r.title,
      content: r.body,
      petitionerKeys: [`name:${r.user_id}`],
      receivedAt: localMs(r.created_at),
    };
    const t0 = performance.now();
    const found = index.checkAndAdd(input, 1000);
    latencies.push(performance.now() - t0);
    for (const c of found) signals.set(pairKey(c.petitionId, r.message_id), c.signals);
  }
  latencies.sort((a, b) => a - b);
  return { signals, latencies };
};

const pairKey = (x: string, y: string): string =>
  Number(x) < Number(y) ? `${x}:${y}` : `${y}:${x}`;

type Labelled = ReturnType<typeof readLabelledPairs>;

const measure = (
  pairs: Labelled,
  signals: Map<string, DuplicateSignals>,
  weights: ScoreWeights,
  threshold: number,
) => {
  let tp = 0;
  let flagged = 0;
  for (const p of pairs) {
    const s = signals.get(pairKey(p.a, p.b));
    if (s !== undefined && scoreOf(s, weights) >= threshold) {
      flagged++;
      if (p.duplicate) tp++;
    }
  }
  return precisionRecall(tp, flagged, pairs.filter((p) => p.duplicate).length);
};

export const runDuplicateEval = (): void => {
  requireData(VOTES);
  const records = readJsonl<VoteRecord>(VOTES).sort(
    (x, y) =>
      localMs(x.created_at) - localMs(y.created_at) || Number(x.message_id) - Number(y.message_id),
  );
  const pairs = readLabelledPairs();
  // Halves by line: weights are chosen on the even lines, then checked on the odd ones.
  const tune = pairs.filter((_, i) => i % 2 === 0);
  const check = pairs.filter((_, i) => i % 2 === 1);
  const positives = pairs.filter((p) => p.duplicate).length;
  console.log(
    `\n# duplicate detection on ${pairs.length} hand-labelled pairs of ${VOTES} (${positives} duplicates, ${pairs.length - positives} not)`,
  );
  const tokenizations: Tokenization[] =
    process.env.ASSIST_TOKENS === "words" ? ["words"] : ["words", "bigrams"];
  for (const tokenization of tokenizations) {
    const { signals, latencies } = collectSignals(records, tokenization);
    const q = (p: number): string =>
      (latencies[Math.floor(p * (latencies.length - 1))] ?? 0).toFixed(2);
    const weights = DEFAULT_DUPLICATE_OPTIONS;
    console.log(
      `\n## terms: ${tokenization}; check latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (index of up to ${records.length})`,
    );
    console.log("  cosine alone (the strongest single signal):");
    for (const t of THRESHOLDS) {
      console.log(
        `    ${prLine(`≥ ${t.toFixed(2)}`, measure(pairs, signals, { placePenalty: 0, samePetitionerBonus: 0, followUpBonus: 0 }, t))}`,
      );
    }
    console.log("  default score (cosine, places and numbers, petitioner, follow-up):");
    for (const t of THRESHOLDS) {
      const mark = t === weights.threshold ? "  ← default threshold" : "";
      console.log(`    ${prLine(`≥ ${t.toFixed(2)}`, measure(pairs, signals, weights, t))}${mark}`);
    }
    console.log(
      `    default on the tuning half: ${prLine("", measure(tune, signals, weights, weights.threshold)).trim()}; on the check half: ${prLine("", measure(check, signals, weights, weights.threshold)).trim()}`,
    );
    const labelled = new Set(pairs.map((p) => pairKey(p.a, p.b)));
    const outside = [...signals.entries()].filter(
      ([k, s]) => !labelled.has(k) && scoreOf(s, weights) >= weights.threshold,
    );
    console.log(
      `    probable pairs outside the labelled pool (not counted above): ${outside.length}`,
    );
    if (process.env.ASSIST_TUNE) {
      let best = { f1: 0, text: "" };
      for (const placePenalty of [0, 0.25, 0.5, 0.75, 1])
        for (const samePetitionerBonus of [0, 0.05, 0.1, 0.15, 0.2])
          for (const followUpBonus of [0, 0.2, 0.4, 0.6, 0.8, 1])
            for (const t of TUNING_THRESHOLDS) {
              const m = measure(
                tune,
                signals,
                { placePenalty, samePetitionerBonus, followUpBonus },
                t,
              );
              if (m.precision >= 0.95 && m.f1 > best.f1) {
                best = {
                  f1: m.f1,
                  text: `penalty ${placePenalty} petitioner ${samePetitionerBonus} followUp ${followUpBonus} threshold ${t}: ${prLine("tune", m)} | ${prLine("check", measure(check, signals, { placePenalty, samePetitionerBonus, followUpBonus }, t))}`,
                };
              }
            }
      console.log(`    best on the tuning half with precision ≥ 0.95: ${best.text}`);
    }
    if (process.env.ASSIST_DUMP) {
      for (const p of pairs) {
        const s = signals.get(pairKey(p.a, p.b));
        const score = s ? scoreOf(s, weights) : 0;
        if (score >= weights.threshold !== p.duplicate)
          console.log(
            `    miss ${p.a} ${p.b} ${p.duplicate ? 1 : 0} ${score.toFixed(2)} ${JSON.stringify(s ?? null)}`,
          );
      }
    }
  }
};
