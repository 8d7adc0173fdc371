import { fnv1a } from "../text/hash.js";

/** A text's words as sorted 32-bit term ids with their counts (capped at 255). */
export interface TermCounts {
  terms: Uint32Array;
  counts: Uint8Array;
}

export const termCountsOf = (words: readonly string[]): TermCounts => {
  const counts = new Map<number, number>();
  for (const w of words) {
    const id = fnv1a(w);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const terms = Uint32Array.from(counts.keys()).sort();
  return { terms, counts: Uint8Array.from(terms, (t) => Math.min(255, counts.get(t) ?? 1)) };
};

/** Smoothed idf from a document frequency, as in the router: ln((1 + n) / (1 + df)) + 1. */
export const idfOf = (documents: number, df: number): number =>
  Math.log((1 + documents) / (1 + df)) + 1;

/** 1 + ln(count) for every count a `Uint8Array` holds: sublinear tf without a logarithm per term. */
export const SUBLINEAR_TF = Float64Array.from({ length: 256 }, (_, c) =>
  c === 0 ? 0 : 1 + Math.log(c),
);

/**
 * Dot product of a query, as ascending term ids with their TF-IDF weights, and
 * a stored document's terms `[start, end)`, weighted by the same idf (only
 * shared terms count, and a shared term's idf is the query's). The query is
 * the first `queryLength` entries of its arrays (scratch arrays reused from
 * check to check are longer).
 */
export const dotWithDocument = (
  queryTerms: Uint32Array,
  queryWeights: Float64Array,
  queryIdf: Float64Array,
  terms: Uint32Array,
  counts: Uint8Array,
  start: number,
  end: number,
  queryLength = queryTerms.length,
): number => {
  let dot = 0;
  let i = 0;
  let j = start;
  while (i < queryLength && j < end) {
    const ta = queryTerms[i] as number;
    const tb = terms[j] as number;
    if (ta === tb) {
      dot +=
        (queryWeights[i] as number) *
        (SUBLINEAR_TF[counts[j] as number] as number) *
        (queryIdf[i] as number);
      i++;
      j++;
    } else if (ta < tb) i++;
    else j++;
  }
  return dot;
};

/** Euclidean norm of a stored document's TF-IDF vector. */
export const documentNorm = (
  terms: Uint32Array,
  counts: Uint8Array,
  start: number,
  end: number,
  idf: (term: number) => number,
): number => {
  let sum = 0;
  for (let j = start; j < end; j++) {
    const w = (SUBLINEAR_TF[counts[j] as number] as number) * idf(terms[j] as number);
    sum += w * w;
  }
  return Math.sqrt(sum);
};
