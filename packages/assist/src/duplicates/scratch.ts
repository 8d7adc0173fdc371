import { dotWithDocument, SUBLINEAR_TF } from "./term-vector.js";

/**
 * Arrays a duplicate check fills and reuses from one check to the next, so a
 * check allocates nothing per term or per candidate: garbage made at intake
 * is what brings on the collector, and a collection lands on some check's
 * latency. Each grows (to twice, or what is needed) and never shrinks.
 */
const capacityFor = (need: number, now: number): number => Math.max(need, now * 2);

/** A query's terms: dense ids ascending, counts, and their idf and TF-IDF weights. */
export class TermScratch {
  ids = new Uint32Array(256);
  counts = new Uint8Array(256);
  idfs = new Float64Array(256);
  weights = new Float64Array(256);
  /** Id × 256 + count, for one numeric sort. */
  packed = new Float64Array(256);
  /** Counts of terms the index has never seen (only in the norm). */
  unseen = new Uint8Array(256);
  unseenCount = 0;

  fit(n: number): this {
    if (n > this.ids.length) {
      const size = capacityFor(n, this.ids.length);
      this.ids = new Uint32Array(size);
      this.counts = new Uint8Array(size);
      this.idfs = new Float64Array(size);
      this.weights = new Float64Array(size);
      this.packed = new Float64Array(size);
      this.unseen = new Uint8Array(size);
    }
    return this;
  }

  /**
   * Fills `idfs` and `weights` (sublinear tf × idf) of the first `n` terms and
   * returns the vector's norm; unseen terms weigh in it with `unseenIdf`.
   */
  weigh(n: number, idf: (term: number) => number, unseenIdf: number): number {
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const termIdf = idf(this.ids[k] ?? 0);
      const weight = (SUBLINEAR_TF[this.counts[k] ?? 0] ?? 1) * termIdf;
      this.idfs[k] = termIdf;
      this.weights[k] = weight;
      sum += weight * weight;
    }
    for (let k = 0; k < this.unseenCount; k++) {
      sum += ((SUBLINEAR_TF[this.unseen[k] ?? 0] ?? 1) * unseenIdf) ** 2;
    }
    return Math.sqrt(sum);
  }

  /** Cosine of the first `n` terms (of norm `norm`) with `[start, end)` of a pool whose TF-IDF norm is `storedNorm`. */
  cosineWith(
    n: number,
    norm: number,
    pool: Uint32Array,
    poolCounts: Uint8Array,
    start: number,
    end: number,
    storedNorm: number,
  ): number {
    if (norm === 0 || storedNorm === 0 || end <= start) return 0;
    return (
      dotWithDocument(this.ids, this.weights, this.idfs, pool, poolCounts, start, end, n) /
      (norm * storedNorm)
    );
  }
}

/** Candidates after the cheap pass (the term score), one entry an index. */
export class CandidateScratch {
  slot = new Int32Array(256);
  cosine = new Float64Array(256);
  titleWords = new Float64Array(256);
  termScore = new Float64Array(256);
  /** 1: the same petitioner's; 0: another's. */
  mine = new Uint8Array(256);

  fit(n: number): this {
    if (n > this.slot.length) {
      const size = capacityFor(n, this.slot.length);
      this.slot = new Int32Array(size);
      this.cosine = new Float64Array(size);
      this.titleWords = new Float64Array(size);
      this.termScore = new Float64Array(size);
      this.mine = new Uint8Array(size);
    }
    return this;
  }

  /**
   * Into `into`, the entries of kind `mine` among the first `n`: all of them
   * in order when there are at most `most`, else the best `most` by term
   * score, best first, ties in order (as a stable sort would leave them).
   * Returns how many.
   */
  chooseBest(n: number, mine: number, most: number, into: Int32Array): number {
    let total = 0;
    for (let c = 0; c < n; c++) if (this.mine[c] === mine) total++;
    let size = 0;
    if (total <= most) {
      for (let c = 0; c < n; c++) if (this.mine[c] === mine) into[size++] = c;
      return size;
    }
    for (let c = 0; c < n; c++) {
      if (this.mine[c] !== mine) continue;
      const score = this.termScore[c] ?? 0;
      let at = size;
      while (at > 0 && (this.termScore[into[at - 1] ?? 0] ?? 0) < score) at--;
      if (at >= most) continue;
      for (let k = Math.min(size, most - 1); k > at; k--) into[k] = into[k - 1] ?? 0;
      into[at] = c;
      if (size < most) size++;
    }
    return size;
  }
}

/** One growable Uint32Array. */
export class Uint32Scratch {
  array = new Uint32Array(64);

  fit(n: number): Uint32Array {
    if (n > this.array.length) this.array = new Uint32Array(capacityFor(n, this.array.length));
    return this.array;
  }
}

/**
 * The distinct character bigrams of a normalised title, read as
 * `titleBigramsOf` (analyse.ts) reads them — two UTF-16 code units as one
 * number, spaces left out — ascending into `out` (length ≥ the title's);
 * returns how many.
 */
export const sortedTitleBigrams = (normalTitle: string, out: Uint32Array): number => {
  let n = 0;
  let previous = -1;
  for (let i = 0; i < normalTitle.length; i++) {
    const c = normalTitle.charCodeAt(i);
    if (c === 32) continue;
    if (previous >= 0) out[n++] = previous * 65_536 + c;
    previous = c;
  }
  out.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || out[i] !== out[distinct - 1]) out[distinct++] = out[i] ?? 0;
  }
  return distinct;
};

/** Jaccard of two ascending sets of numbers, `a[0, na)` and `b[0, nb)`. */
export const jaccardOfSorted = (a: Uint32Array, na: number, b: Uint32Array, nb: number): number => {
  if (na === 0 || nb === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (na + nb - shared);
};
