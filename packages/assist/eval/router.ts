/**
 * Routing suggestion on the TipDM Cup labelled files: stratified 5-fold
 * cross-validation on att2_labeled_train.jsonl, then train on all of it and
 * test on the records of att2_sample_labeled.jsonl that are not in it.
 * Run: pnpm eval:assist router
 */
import { performance } from "node:perf_hooks";
import {
  accuracyAtCoverage,
  classificationReport,
} from "../src/evaluation/classification-metrics.js";
import { createRouter, type LabelledText, trainRouter } from "../src/router/router.js";
import { readJsonl, requireData } from "./data.js";
import { f3, pct, printReport } from "./format.js";
import { Timings } from "./timing.js";

const TRAIN = "teddycup2020_c/att2_labeled_train.jsonl";
const SAMPLE = "teddycup2020_c/att2_sample_labeled.jsonl";

/** Every prediction's time, over all folds. */
const predictions = new Timings();

const evaluate = (train: readonly LabelledText[], test: readonly LabelledText[]) => {
  const started = performance.now();
  const router = createRouter(trainRouter(train));
  const trainMs = performance.now() - started;
  const t0 = performance.now();
  const results = test.map((e) => ({
    actual: e.label,
    suggestion: predictions.time(() => router.suggest(e.text, 2)),
  }));
  const predictMs = (performance.now() - t0) / Math.max(1, test.length);
  return { results, trainMs, predictMs, hash: router.model.hash };
};

export const runRouterEval = (): void => {
  requireData(TRAIN);
  const train = readJsonl<{ text: string; label_l1: string }>(TRAIN).map((r) => ({
    text: r.text,
    label: r.label_l1,
  }));
  // Stratified folds: deal each label's examples round-robin over the folds.
  const folds = 5;
  const foldOf = new Map<number, number>();
  const seen = new Map<string, number>();
  train.forEach((e, i) => {
    const k = seen.get(e.label) ?? 0;
    seen.set(e.label, k + 1);
    foldOf.set(i, k % folds);
  });
  const all: { actual: string; predicted: string; top2: boolean; margin: number }[] = [];
  const trainTimes: number[] = [];
  const predictTimes: number[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const fit = train.filter((_, i) => foldOf.get(i) !== fold);
    const test = train.filter((_, i) => foldOf.get(i) === fold);
    const { results, trainMs, predictMs } = evaluate(fit, test);
    trainTimes.push(trainMs);
    predictTimes.push(predictMs);
    for (const r of results) {
      all.push({
        actual: r.actual,
        predicted: r.suggestion.label,
        top2: r.suggestion.top.some((t) => t.label === r.actual),
        margin: r.suggestion.margin,
      });
    }
  }
  console.log(
    "# routing suggestion: char 1–2-gram TF-IDF + one-vs-rest linear SVM (dual CD, balanced)",
  );
  printReport(`5-fold CV on ${TRAIN}`, classificationReport(all));
  console.log(`  top-2 accuracy ${f3(all.filter((r) => r.top2).length / all.length)}`);
  const confident = all.map((r) => ({ correct: r.actual === r.predicted, confidence: r.margin }));
  console.log(
    `  accuracy of the most confident X % (by margin): ${[0.5, 0.7, 0.8, 0.9, 1]
      .map((c) => `${pct(c)} → ${f3(accuracyAtCoverage(confident, c))}`)
      .join(", ")}`,
  );
  console.log(
    `  training ${(trainTimes.reduce((a, b) => a + b, 0) / folds / 1000).toFixed(2)} s on ~${Math.round((train.length * 4) / 5)} texts; prediction ${(predictTimes.reduce((a, b) => a + b, 0) / folds).toFixed(3)} ms each on average (${predictions.summary()})`,
  );

  const inTrain = new Set(train.map((e) => e.text));
  const sample = readJsonl<{ title: string; body: string; label_l1: string }>(SAMPLE)
    .map((r) => ({ text: `${r.title}${r.body}`, label: r.label_l1 }))
    .filter((e) => !inTrain.has(e.text));
  const held = evaluate(train, sample);
  printReport(
    `trained on all of ${TRAIN}, tested on the ${sample.length} records of ${SAMPLE} not in it`,
    classificationReport(
      held.results.map((r) => ({ actual: r.actual, predicted: r.suggestion.label })),
    ),
  );
  console.log(
    `  top-2 accuracy ${f3(held.results.filter((r) => r.suggestion.top.some((t) => t.label === r.actual)).length / held.results.length)}; model ${held.hash.slice(0, 16)}…`,
  );
};
