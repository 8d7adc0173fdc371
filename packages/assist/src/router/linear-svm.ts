import { seededRandom } from "../text/hash.js";
import { dot, type SparseVector, squaredNorm } from "./sparse.js";

/**
 * One-vs-rest linear SVM (L2-regularised, squared hinge loss) trained by dual
 * coordinate descent, the method of liblinear (Hsieh et al., ICML 2008). The
 * bias is an extra constant feature of value 1, regularised like the others.
 * With class weights, the positive examples of class c get C·weight[c] and the
 * negatives C, as liblinear does for one-vs-rest.
 */
export interface SvmOptions {
  c: number;
  /** Stop when the projected-gradient spread falls below this (liblinear's default 0.1). */
  epsilon: number;
  maxIterations: number;
  seed: number;
}

export const DEFAULT_SVM_OPTIONS: SvmOptions = { c: 1, epsilon: 0.1, maxIterations: 1000, seed: 1 };

/** Balanced weights: n / (classes · count of the class). */
export const balancedClassWeights = (labels: readonly number[], classes: number): number[] => {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y] = (counts[y] ?? 0) + 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classes * count)));
};

/** Weights of one binary problem; the last entry is the bias. */
const trainBinary = (
  rows: readonly SparseVector[],
  signs: Int8Array,
  cost: (row: number) => number,
  dimension: number,
  options: SvmOptions,
): Float64Array => {
  const w = new Float64Array(dimension + 1);
  const n = rows.length;
  const alpha = new Float64Array(n);
  const diag = Float64Array.from({ length: n }, (_, i) => 0.5 / cost(i));
  const qii = Float64Array.from(rows, (row, i) => squaredNorm(row) + 1 + (diag[i] ?? 0));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(options.seed);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    let maxPg = Number.NEGATIVE_INFINITY;
    let minPg = Number.POSITIVE_INFINITY;
    for (const i of order) {
      const row = rows[i] as SparseVector;
      const y = signs[i] ?? 0;
      const a = alpha[i] ?? 0;
      const g = y * (dot(row, w) + (w[dimension] ?? 0)) - 1 + (diag[i] ?? 0) * a;
      const pg = a === 0 ? Math.min(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (Math.abs(pg) <= 1e-12) continue;
      const next = Math.max(a - g / (qii[i] ?? 1), 0);
      const step = (next - a) * y;
      alpha[i] = next;
      for (let k = 0; k < row.indices.length; k++) {
        const index = row.indices[k] ?? 0;
        w[index] = (w[index] ?? 0) + step * (row.values[k] ?? 0);
      }
      w[dimension] = (w[dimension] ?? 0) + step;
    }
    if (maxPg - minPg <= options.epsilon) break;
  }
  return w;
};

export const trainOneVsRest = (
  rows: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  dimension: number,
  classWeights: readonly number[],
  options: SvmOptions = DEFAULT_SVM_OPTIONS,
): Float64Array[] =>
  Array.from({ length: classes }, (_, c) => {
    const signs = Int8Array.from(labels, (y) => (y === c ? 1 : -1));
    const positiveCost = options.c * (classWeights[c] ?? 1);
    return trainBinary(rows, signs, (i) => (signs[i] === 1 ? positiveCost : options.c), dimension, {
      ...options,
      seed: options.seed + c,
    });
  });
