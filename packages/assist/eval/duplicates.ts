/**
 * Duplicate detection on hand-labelled pairs of att3_full_votes.jsonl
 * (eval/duplicate-pairs.tsv; docs/assist.md says how they were labelled).
 * Every message is checked against the earlier ones in order of receipt, as
 * at intake; a labelled pair counts as flagged when the later one's check
 * returns the earlier one as a probable duplicate. Each message carries the
 * category the router trained on att2_labeled_train.jsonl suggests for it.
 * Run: pnpm eval:assist duplicates (ASSIST_TOKENS=words: only the first
 * configuration; ASSIST_TUNE=1: refit on the tuning half; ASSIST_DUMP=1: every
 * miss with its signals; ASSIST_SIGNALS=file: every labelled pair's ids, label,
 * half and signals, then every candidate pair outside the pool, no texts;
 * ASSIST_BLIND=1: the tuning half only, with two folds within it — no figure
 * of the held-out half or of all pairs is printed or written, so choices can
 * be made without looking at it). Where eval/duplicate-pairs-second.tsv (or
 * the file ASSIST_SECOND_LABELS names) is there, a blind second annotation
 * (second-annotation.ts): its agreement with the first labels, and the
 * default score on the adjudicated and the second labels beside the first.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  DEFAULT_DUPLICATE_OPTIONS,
  DuplicateIndex,
  type DuplicateSignals,
  type Tokenization,
} from "../src/duplicates/duplicate-index.js";
import { COSINE_ONLY, type ScoreWeights, scoreOf } from "../src/duplicates/score.js";
import { precisionRecall } from "../src/evaluation/classification-metrics.js";
import { createRouter, trainRouter } from "../src/router/router.js";
import { ASSIST_ROOT, readJsonl, requireData } from "./data.js";
import { prLine } from "./format.js";
import { VOTES, type VoteRecord } from "./label-pool.js";
import { fitLogistic } from "./logistic.js";
import {
  adjudicate,
  agreementCounts,
  agreementLine,
  type FirstLabel,
  pairKey,
  parseSecondLabels,
  SECOND_LABELS_FILE,
  secondOnly,
} from "./second-annotation.js";

const localMs = (text: string): number => Date.parse(`${text}+08:00`);

/**
 * The labelled pairs; `original` gives each the label of the first pass
 * instead where a label was later corrected (a "was L" column).
 */
export const readLabelledPairs = (labels: "current" | "original" = "current"): FirstLabel[] =>
  readFileSync(join(ASSIST_ROOT, "eval", "duplicate-pairs.tsv"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [a = "", b = "", label, was] = line.split("\t");
      const first = was?.match(/^was ([01])$/)?.[1];
      return { a, b, duplicate: (labels === "original" && first ? first : label) === "1" };
    });

/**
 * The second annotation's labels, where its file is there
 * (eval/duplicate-pairs-second.tsv, or the file ASSIST_SECOND_LABELS names):
 * the adjudicated labels and the second labels alone, each in the first file's order.
 */
const readSecondAnnotation = (first: Labelled) => {
  const file = process.env.ASSIST_SECOND_LABELS ?? join(ASSIST_ROOT, "eval", SECOND_LABELS_FILE);
  if (!existsSync(file)) return undefined;
  const second = parseSecondLabels(readFileSync(file, "utf8"), SECOND_LABELS_FILE);
  return {
    second,
    adjudicated: adjudicate(first, second),
    secondAlone: secondOnly(first, second),
  };
};

const THRESHOLDS = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];
const ROUTER_TRAIN = "teddycup2020_c/att2_labeled_train.jsonl";

/** The router's suggested category of every message: what is asked, as the score reads it. */
const suggestedCategories = (records: readonly VoteRecord[]): Map<string, string> => {
  requireData(ROUTER_TRAIN);
  const train = readJsonl<{ text: string; label_l1: string }>(ROUTER_TRAIN).map((r) => ({
    text: r.text,
    label: r.label_l1,
  }));
  const router = createRouter(trainRouter(train));
  return new Map(
    records.map((r) => [r.message_id, router.suggest(`${r.title}${r.body}`, 1).label]),
  );
};

/** Signals of every candidate pair, from one pass in order of receipt (weights do not change them). */
const collectSignals = (
  records: readonly VoteRecord[],
  tokenization: Tokenization,
  categories: Map<string, string> | undefined,
) => {
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
      category: categories?.get(r.message_id),
    };
    const t0 = performance.now();
    const found = index.checkAndAdd(input, 1000);
    latencies.push(performance.now() - t0);
    for (const c of found) signals.set(pairKey(c.petitionId, r.message_id), c.signals);
  }
  latencies.sort((a, b) => a - b);
  return { signals, latencies };
};

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

/** The signals the score reads for one petitioner's two petitions (score.ts). */
const sameFeatures = (s: DuplicateSignals): number[] => [
  s.cosine,
  s.titleWords,
  s.sharedPlaces > 0 ? s.titleSimilarity : 0,
  s.conflict,
  s.otherCategory ? 1 : 0,
];

/**
 * Weights chosen on the tuning half. For one petitioner's two petitions, a
 * logistic regression over their signals gives the weights relative to the
 * cosine's; then a grid over the threshold, the same-petitioner offset and
 * the three weights for different petitioners (place conflict, title words,
 * title conflict) keeps the highest recall at
 * precision ≥ 0.95 there, flagging at most `outsideLimit` pairs outside the
 * labelled pool. That bound matters: the pool holds pairs of different
 * petitioners only where their texts are alike (label-pool.ts), so it has no
 * negatives to stop a threshold that sinks to where strangers' unrelated
 * petitions on one estate start to match.
 */
const tuneWeights = (
  tune: Labelled,
  signals: Map<string, DuplicateSignals>,
  outside: readonly DuplicateSignals[],
  outsideLimit: number,
) => {
  const rows = tune.flatMap((p) => {
    const s = signals.get(pairKey(p.a, p.b));
    return s?.samePetitioner ? [{ s, duplicate: p.duplicate }] : [];
  });
  const same = fitLogistic(
    rows.map((r) => sameFeatures(r.s)),
    rows.map((r) => r.duplicate),
  );
  const [sc = 1, st = 0, sf = 0, sp = 0, sg = 0] = same.weights;
  let best = { recall: -1, threshold: 0, weights: COSINE_ONLY };
  for (let threshold = 0.3; threshold <= 0.8; threshold += 0.025)
    for (let bonus = -0.6; bonus <= 0.6; bonus += 0.02)
      for (const placePenalty of [0.25, 0.5, 0.75, 1, 1.5])
        for (const titleWeight of [0, 0.1, 0.2, 0.3, 0.5])
          for (const titleConflictPenalty of [0, 0.2, 0.4]) {
            const weights: ScoreWeights = {
              placePenalty,
              titleWeight,
              titleConflictPenalty,
              samePetitionerBonus: bonus,
              samePetitionerTitleWeight: st / sc,
              followUpBonus: sf / sc,
              samePetitionerPlacePenalty: -sp / sc,
              samePetitionerCategoryPenalty: -sg / sc,
            };
            const m = measure(tune, signals, weights, threshold);
            if (m.precision < 0.95 || m.recall <= best.recall) continue;
            let flagged = 0;
            for (const s of outside) if (scoreOf(s, weights) >= threshold) flagged++;
            if (flagged <= outsideLimit) best = { recall: m.recall, threshold, weights };
          }
  return best;
};

const round = (weights: ScoreWeights): ScoreWeights =>
  Object.fromEntries(
    Object.entries(weights).map(([k, v]) => [k, Number(v.toFixed(2))]),
  ) as unknown as ScoreWeights;

/** The tuning half cut in two by line again: a choice that holds on both folds is less likely noise. */
const twoFolds = (tune: Labelled): [string, Labelled][] => [
  ["tuning fold 1 (its even lines)", tune.filter((_, i) => i % 2 === 0)],
  ["tuning fold 2 (its odd lines)", tune.filter((_, i) => i % 2 === 1)],
];

export const runDuplicateEval = (): void => {
  requireData(VOTES);
  const records = readJsonl<VoteRecord>(VOTES).sort(
    (x, y) =>
      localMs(x.created_at) - localMs(y.created_at) || Number(x.message_id) - Number(y.message_id),
  );
  const pairs = readLabelledPairs();
  const blind = process.env.ASSIST_BLIND === "1";
  // Halves by line: weights are chosen on the even lines, then checked on the odd ones.
  const tune = pairs.filter((_, i) => i % 2 === 0);
  const check = pairs.filter((_, i) => i % 2 === 1);
  const original = readLabelledPairs("original");
  const originalTune = original.filter((_, i) => i % 2 === 0);
  const relabelled = pairs.filter((p, i) => p.duplicate !== original[i]?.duplicate).length;
  const positives = pairs.filter((p) => p.duplicate).length;
  console.log(
    `\n# duplicate detection on ${pairs.length} hand-labelled pairs of ${VOTES} (${positives} duplicates, ${pairs.length - positives} not)`,
  );
  const annotation = readSecondAnnotation(pairs);
  // Halves by line, as above; in blind mode only the tuning half is printed.
  const halves = (rows: Labelled): [string, Labelled][] => {
    const even = rows.filter((_, i) => i % 2 === 0);
    return blind
      ? [["tuning half", even], ...twoFolds(even)]
      : [
          ["tuning half", even],
          ["held-out half", rows.filter((_, i) => i % 2 === 1)],
          ["all pairs", rows],
        ];
  };
  if (annotation) {
    console.log(
      `\n## second annotation (${SECOND_LABELS_FILE}): agreement with the first labels${blind ? " (tuning half only, ASSIST_BLIND)" : ""}`,
    );
    for (const [name, rows] of halves(pairs))
      console.log(
        `  ${name.padEnd(30)} ${agreementLine(agreementCounts(rows, annotation.second))}`,
      );
    // Labels the adjudication changed, by half (an even line is the tuning half's).
    const changed = [0, 0];
    annotation.adjudicated.forEach((p, i) => {
      if (p.duplicate !== pairs[i]?.duplicate) changed[i % 2] = (changed[i % 2] ?? 0) + 1;
    });
    const duplicatesIn = (rows: Labelled): number => rows.filter((p) => p.duplicate).length;
    const tuneAdjudicated = annotation.adjudicated.filter((_, i) => i % 2 === 0);
    console.log(
      blind
        ? `  adjudicated labels on the tuning half: ${duplicatesIn(tuneAdjudicated)} duplicates of ${tuneAdjudicated.length}, ${changed[0]} differ from the first labels`
        : `  adjudicated labels: ${duplicatesIn(annotation.adjudicated)} duplicates of ${pairs.length}; differ from the first labels: tuning half ${changed[0]}, held-out half ${changed[1]}`,
    );
  }
  const categories = suggestedCategories(records);
  const runs: { tokenization: Tokenization; categories: boolean }[] =
    process.env.ASSIST_TOKENS === "words"
      ? [{ tokenization: "words", categories: true }]
      : [
          { tokenization: "words", categories: true },
          { tokenization: "words", categories: false },
          { tokenization: "bigrams", categories: true },
        ];
  for (const run of runs) {
    const { signals, latencies } = collectSignals(
      records,
      run.tokenization,
      run.categories ? categories : undefined,
    );
    const q = (p: number): string =>
      (latencies[Math.floor(p * (latencies.length - 1))] ?? 0).toFixed(2);
    const weights = DEFAULT_DUPLICATE_OPTIONS;
    console.log(
      `\n## terms: ${run.tokenization}; categories: ${run.categories ? "the router's" : "none"}; check latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (index of up to ${records.length})`,
    );
    const printThresholds = (rows: Labelled): void => {
      const thresholds = [...new Set([...THRESHOLDS, weights.threshold])].sort((a, b) => a - b);
      for (const t of thresholds) {
        const mark = t === weights.threshold ? "  ← default threshold" : "";
        console.log(
          `    ${prLine(`≥ ${t.toFixed(2)}`, measure(rows, signals, weights, t))}${mark}`,
        );
      }
    };
    if (blind) {
      // Only the tuning half: all pairs would show the held-out half by subtraction.
      console.log("  default score on the tuning half only (ASSIST_BLIND):");
      printThresholds(tune);
      for (const [name, fold] of twoFolds(tune))
        console.log(`    ${prLine(name, measure(fold, signals, weights, weights.threshold))}`);
    } else {
      console.log("  cosine alone (the strongest single signal):");
      for (const t of THRESHOLDS) {
        console.log(`    ${prLine(`≥ ${t.toFixed(2)}`, measure(pairs, signals, COSINE_ONLY, t))}`);
      }
      console.log(
        "  default score (cosine, title words, places and numbers, petitioner, category):",
      );
      printThresholds(pairs);
      console.log(
        `    default on the tuning half: ${prLine("", measure(tune, signals, weights, weights.threshold)).trim()}; on the check half: ${prLine("", measure(check, signals, weights, weights.threshold)).trim()}`,
      );
      if (relabelled > 0)
        console.log(
          `    on the first-pass labels (${relabelled} since corrected): all ${prLine("", measure(original, signals, weights, weights.threshold)).trim()}; tuning half ${prLine("", measure(originalTune, signals, weights, weights.threshold)).trim()}`,
        );
    }
    if (annotation) {
      console.log(
        `  default score at ${weights.threshold.toFixed(2)}: first labels | adjudicated labels | second labels alone`,
      );
      const first = halves(pairs);
      const adjudicated = halves(annotation.adjudicated);
      const alone = halves(annotation.secondAlone);
      first.forEach(([name, rows], h) => {
        const at = (r: Labelled | undefined): string =>
          prLine("", measure(r ?? [], signals, weights, weights.threshold)).trim();
        console.log(
          `    ${name.padEnd(30)} ${at(rows)} | ${at(adjudicated[h]?.[1])} | ${at(alone[h]?.[1])}`,
        );
      });
    }
    const labelled = new Set(pairs.map((p) => pairKey(p.a, p.b)));
    const outside = [...signals.entries()].filter(([k]) => !labelled.has(k)).map(([, s]) => s);
    const flaggedOutside = (w: ScoreWeights, t: number): number =>
      outside.filter((s) => scoreOf(s, w) >= t).length;
    console.log(
      `    probable pairs outside the labelled pool (not counted above): ${flaggedOutside(weights, weights.threshold)}`,
    );
    if (process.env.ASSIST_TUNE) {
      for (const limit of process.env.ASSIST_TUNE === "all" ? [100, 200, 400, 100_000] : [100]) {
        const fitted = tuneWeights(tune, signals, outside, limit);
        const rounded = round(fitted.weights);
        const threshold = Number(fitted.threshold.toFixed(3));
        console.log(
          `    fitted on the tuning half, ≤ ${limit} outside (threshold ${threshold}): ${JSON.stringify(rounded)}\n      ${prLine("tune", measure(tune, signals, rounded, threshold))} | ${blind ? "check not shown" : prLine("check", measure(check, signals, rounded, threshold))} | outside ${flaggedOutside(rounded, threshold)}`,
        );
      }
    }
    if (process.env.ASSIST_SIGNALS) {
      // Ids, labels, halves and signals of every labelled pair (no texts), for a look at one
      // signal; then the candidate pairs outside the pool (no label), to count what a score flags there.
      const labelledRows = pairs
        .map((p, i) => ({ p, i }))
        .filter(({ i }) => !blind || i % 2 === 0)
        .map(({ p, i }) =>
          JSON.stringify({
            a: p.a,
            b: p.b,
            duplicate: p.duplicate,
            half: i % 2 === 0 ? "tune" : "check",
            signals: signals.get(pairKey(p.a, p.b)) ?? null,
          }),
        );
      const outsideRows = [...signals.entries()]
        .filter(([k]) => !labelled.has(k))
        .map(([k, s]) => {
          const [a, b] = k.split(":");
          return JSON.stringify({ a, b, duplicate: null, half: "outside", signals: s });
        });
      writeFileSync(process.env.ASSIST_SIGNALS, [...labelledRows, ...outsideRows].join("\n"));
    }
    if (process.env.ASSIST_DUMP) {
      for (const p of blind ? tune : pairs) {
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
