import { charNgrams, normalizeText } from "../text/normalize.js";
import { NgramTable } from "./ngram-table.js";
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
  /** The vocabulary by code units, for n ≤ 2 (ngram-table.ts). */
  table: NgramTable;
  /** Scratch for vectorize: a count per feature index, reset after each text. */
  counts: Float64Array;
}

/** A CharTfidf from its vocabulary and idf (a model file, or a fit). */
export const charTfidfOf = (
  options: CharTfidfOptions,
  terms: readonly string[],
  idf: ArrayLike<number>,
): CharTfidf => {
  const vocabulary = new Map(terms.map((t, i) => [t, i]));
  return {
    options,
    vocabulary,
    idf: Float64Array.from(idf),
    table: new NgramTable(vocabulary),
    counts: new Float64Array(terms.length),
  };
};

export const fitCharTfidf = (texts: readonly string[], options: CharTfidfOptions): CharTfidf => {
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const term of new Set(charNgrams(text, options.minN, options.maxN))) {
      df.set(term, (df.get(term) ?? 0) + 1);
    }
  }
  const terms = [...df.entries()].filter(([, n]) => n >= options.minDf).map(([t]) => t);
  terms.sort();
  const n = texts.length;
  const idf = Float64Array.from(terms, (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
  return charTfidfOf(options, terms, idf);
};

/**
 * Counts the text's n-grams that are features into `counts`, noting each
 * index the first time in `touched`; no string per n-gram for n ≤ 2.
 */
const countFeatures = (model: CharTfidf, text: string, touched: number[]): void => {
  const { minN, maxN } = model.options;
  const counts = model.counts;
  const count = (index: number): void => {
    if (index < 0) return;
    if (counts[index] === 0) touched.push(index);
    counts[index] = (counts[index] ?? 0) + 1;
  };
  if (maxN > 2) {
    for (const term of charNgrams(text, minN, maxN)) count(model.vocabulary.get(term) ?? -1);
    return;
  }
  const { table } = model;
  const normal = normalizeText(text);
  // The previous character as a UTF-16 code unit, or -1 before the first and
  // after a character beyond the BMP (such pairs go through the string map).
  let previous = -1;
  let previousChar = "";
  for (let i = 0; i < normal.length; i++) {
    const unit = normal.charCodeAt(i);
    if (unit === 0x20) continue;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < normal.length) {
      const char = normal.slice(i, i + 2);
      i++;
      if (minN <= 1) count(table.other(char));
      if (maxN >= 2 && (previous >= 0 || previousChar !== ""))
        count(table.other(`${previousChar || String.fromCharCode(previous)}${char}`));
      previous = -1;
      previousChar = char;
      continue;
    }
    if (minN <= 1) count(table.one(unit));
    if (maxN >= 2) {
      if (previous >= 0) count(table.two(previous, unit));
      else if (previousChar !== "") count(table.other(`${previousChar}${normal[i]}`));
    }
    previous = unit;
    previousChar = "";
  }
};

export const vectorize = (model: CharTfidf, text: string): SparseVector => {
  const counts = model.counts;
  const touched: number[] = [];
  countFeatures(model, text, touched);
  const indices = Int32Array.from(touched).sort();
  const values = new Float64Array(indices.length);
  let norm = 0;
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] as number;
    const v = (1 + Math.log(counts[index] as number)) * (model.idf[index] ?? 0);
    counts[index] = 0;
    values[k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < values.length; k++) values[k] = (values[k] ?? 0) / norm;
  return { indices, values };
};
