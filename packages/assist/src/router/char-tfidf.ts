import { charNgrams } from "../text/normalize.js";
import type { SparseVector } from "./sparse.js";

/**
 * TF-IDF over character n-grams: sublinear tf (1 + ln tf), smoothed idf
 * ln((1 + n) / (1 + df)) + 1, rows scaled to unit length. Terms seen in
 * fewer than `minDf` training texts are dropped. No word segmentation: on the
 * routing data it did not help (docs/assist.md).
 */
export interface CharTfidfOptions {
  minN: number;
  maxN: number;
  minDf: number;
}

export interface CharTfidf {
  options: CharTfidfOptions;
  /** Term → feature index. */
  vocabulary: Map<string, number>;
  /** idf per feature index. */
  idf: Float64Array;
}

export const fitCharTfidf = (texts: readonly string[], options: CharTfidfOptions): CharTfidf => {
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const term of new Set(charNgrams(text, options.minN, options.maxN))) {
      df.set(term, (df.get(term) ?? 0) + 1);
    }
  }
  const terms = [...df.entries()].filter(([, n]) => n >= options.minDf).map(([t]) => t);
  terms.sort();
  const vocabulary = new Map(terms.map((t, i) => [t, i]));
  const n = texts.length;
  const idf = Float64Array.from(terms, (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
  return { options, vocabulary, idf };
};

export const vectorize = (model: CharTfidf, text: string): SparseVector => {
  const counts = new Map<number, number>();
  for (const term of charNgrams(text, model.options.minN, model.options.maxN)) {
    const index = model.vocabulary.get(term);
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float64Array(indices.length);
  let norm = 0;
  indices.forEach((index, k) => {
    const v = (1 + Math.log(counts.get(index) ?? 1)) * (model.idf[index] ?? 0);
    values[k] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < values.length; k++) values[k] = (values[k] ?? 0) / norm;
  return { indices, values };
};
