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

/**
 * Cosine of two word TF-IDF vectors (sublinear tf) by a merge of their sorted
 * term ids; `idf` gives the current weight of a term.
 */
export const tfidfCosine = (
  a: TermCounts,
  b: { terms: Uint32Array; counts: Uint8Array; start: number; end: number },
  idf: (term: number) => number,
): number => {
  // Terms are compared as numbers; `a.terms` and `b.terms[start, end)` must both be ascending.
  let dotProduct = 0;
  let normA = 0;
  let normB = 0;
  let i = 0;
  let j = b.start;
  while (i < a.terms.length || j < b.end) {
    const ta = i < a.terms.length ? (a.terms[i] as number) : Number.POSITIVE_INFINITY;
    const tb = j < b.end ? (b.terms[j] as number) : Number.POSITIVE_INFINITY;
    if (ta === tb) {
      const w = idf(ta);
      const wa = (1 + Math.log(a.counts[i] ?? 1)) * w;
      const wb = (1 + Math.log(b.counts[j] ?? 1)) * w;
      dotProduct += wa * wb;
      normA += wa * wa;
      normB += wb * wb;
      i++;
      j++;
    } else if (ta < tb) {
      const wa = (1 + Math.log(a.counts[i] ?? 1)) * idf(ta);
      normA += wa * wa;
      i++;
    } else {
      const wb = (1 + Math.log(b.counts[j] ?? 1)) * idf(tb);
      normB += wb * wb;
      j++;
    }
  }
  return normA === 0 || normB === 0 ? 0 : dotProduct / Math.sqrt(normA * normB);
};
