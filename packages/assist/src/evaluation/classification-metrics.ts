/** Precision, recall and F1 of one class, or of a binary decision. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

const f1Of = (precision: number, recall: number): number =>
  precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

export const precisionRecall = (
  truePositives: number,
  predicted: number,
  actual: number,
): PrecisionRecall => {
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = actual === 0 ? 0 : truePositives / actual;
  return { precision, recall, f1: f1Of(precision, recall), support: actual };
};

export interface ClassificationReport {
  perClass: Record<string, PrecisionRecall>;
  macroF1: number;
  accuracy: number;
  count: number;
}

/** Per-class precision / recall / F1, their unweighted mean F1 (macro) and accuracy. */
export const classificationReport = (
  pairs: readonly { actual: string; predicted: string }[],
): ClassificationReport => {
  const labels = [...new Set(pairs.flatMap((p) => [p.actual, p.predicted]))].sort();
  const perClass: Record<string, PrecisionRecall> = {};
  for (const label of labels) {
    const tp = pairs.filter((p) => p.actual === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const actual = pairs.filter((p) => p.actual === label).length;
    perClass[label] = precisionRecall(tp, predicted, actual);
  }
  const withSupport = labels.filter((l) => (perClass[l]?.support ?? 0) > 0);
  const macroF1 =
    withSupport.reduce((sum, l) => sum + (perClass[l]?.f1 ?? 0), 0) /
    Math.max(1, withSupport.length);
  const correct = pairs.filter((p) => p.actual === p.predicted).length;
  return {
    perClass,
    macroF1,
    accuracy: pairs.length === 0 ? 0 : correct / pairs.length,
    count: pairs.length,
  };
};

/**
 * Accuracy when only the most confident share of suggestions is made
 * automatically: sort by confidence, keep the top `coverage` fraction.
 */
export const accuracyAtCoverage = (
  results: readonly { correct: boolean; confidence: number }[],
  coverage: number,
): number => {
  const sorted = [...results].sort((a, b) => b.confidence - a.confidence);
  const kept = sorted.slice(0, Math.max(1, Math.round(sorted.length * coverage)));
  return kept.filter((r) => r.correct).length / kept.length;
};
