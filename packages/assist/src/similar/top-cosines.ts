/**
 * The best `limit` cosines of a query over an inverted index, exactly, without
 * reading every posting of its words.
 *
 * Two bounds, both Cauchy–Schwarz on the dot product over the set S of the
 * query's words a case has, whatever its length or counts: the cosine is at
 * most ‖q_S‖ / ‖q‖, and at most ‖d_S‖ / ‖d‖ (so √(1 − share) when the case's
 * heaviest word is not the query's).
 *
 * - Words whose squared weights add up to less than (k-th best × ‖q‖)² cannot
 *   lift a case that has none of the others to the k-th best: their postings
 *   are not walked (MaxScore), only sought into for the cases the others
 *   bring; the words that bring cases are chosen to walk few postings.
 * - A case is checked word by word, heaviest first, and dropped as soon as the
 *   words it lacks leave its bound under the k-th best.
 * - A word no good case can lack has its bitmap intersected with the others'
 *   32 cases at a time, and the bitmaps of common words the query lacks are
 *   struck out when one occurrence would leave a case under the k-th best.
 *   On near-duplicate texts the k-th best is near 1, so only the cases in the
 *   intersection are looked at.
 *
 * The dot product of a case that is kept is summed in the words' order, the
 * same additions as adding up every posting word by word, so the cosine is the
 * same number to the last bit.
 */

/** A term count's weight, 1 + ln n (counts above the table are rare: computed). */
const TF_TABLE = Float64Array.from({ length: 256 }, (_, n) => (n === 0 ? 0 : 1 + Math.log(n)));
export const tfWeight = (n: number): number =>
  n < 256 ? (TF_TABLE[n] as number) : 1 + Math.log(n);

/** One word of a query: its postings (case slots ascending, counts beside) and weights. */
export interface QueryTerm {
  /** The word's id in the index. */
  term: number;
  slots: Int32Array;
  counts: Uint16Array;
  length: number;
  /** One bit a case slot, for a word in many cases (the same cases as `slots`). */
  bits: Uint32Array | undefined;
  /** Query weight × idf: a case's share of the dot product is this × the tf weight of its count. */
  factor: number;
  /** The query weight squared: how much the word adds to a case's bound. */
  square: number;
  /** The word's bit in a result's mask of shared words. */
  bit: number;
}

export interface RankedCase {
  slot: number;
  /** The cosine rounded to 4 decimals, as results show it. */
  similarity: number;
  /** Bits of the query words the case has. */
  mask: number;
}

/** What the index keeps of each case's weights, by slot. */
export interface CaseWeights {
  norms: Float64Array;
  /**
   * The case's heaviest word and its squared weight's share of the squared
   * norm (rounded down): the other bound. The dot product is at most ‖q‖ times
   * the norm of the case's part on the query's words, so a case whose
   * heaviest word is not the query's has a cosine of at most √(1 − share).
   */
  heaviest: Int32Array;
  heaviestShare: Float32Array;
  /** The largest norm of any case. */
  maxNorm: number;
}

/**
 * A word in many cases that the query lacks. A case that has it carries at
 * least `weight` outside the query, so its cosine is at most
 * √(1 − weight² ÷ ‖d‖²) ≤ √(1 − weight² ÷ maxNorm²): near a k-th best of 1,
 * its cases are struck out of the intersection 32 at a time.
 */
export interface AbsentWord {
  bits: Uint32Array;
  /** Its idf: the weight of one occurrence. */
  weight: number;
}

export interface CosineQuery {
  /** Heaviest first (the order the dot products are summed in). */
  terms: readonly QueryTerm[];
  /** The query's norm over all its words, not only `terms`. */
  queryNorm: number;
  cases: CaseWeights;
  /** The commonest words with a bitmap that the query lacks. */
  absent: readonly AbsentWord[];
  limit: number;
  eligible: (slot: number) => boolean;
  /** Better first: negative when `a` ranks before `b`. */
  compare: (a: RankedCase, b: RankedCase) => number;
}

/** Half the rounding step of a similarity, and some: a cosine this far under another cannot round above it. */
const ROUNDING = 0.0001;
const END = 0x7fffffff;

export const topCosines = (query: CosineQuery): RankedCase[] => {
  const { terms, queryNorm, limit, eligible, compare } = query;
  const { norms, heaviest, heaviestShare } = query.cases;
  const m = terms.length;
  const ids = Int32Array.from(terms, (t) => t.term);
  const slotsOf = terms.map((t) => t.slots);
  const lengths = Int32Array.from(terms, (t) => t.length);
  const squares = Float64Array.from(terms, (t) => t.square);
  const total = squares.reduce((a, b) => a + b, 0);
  const cursor = new Int32Array(m);
  /** The slot at each word's cursor, END past its last posting. */
  const at = Int32Array.from(terms, (t) => (t.length > 0 ? (t.slots[0] as number) : END));
  /** The words that bring candidates: the first `essentials` entries. */
  const essential = Int32Array.from(terms, (_, p) => p);
  let essentials = m;
  const best: RankedCase[] = [];
  /** The k-th best's similarity less the rounding margin, once there are k. */
  let floor = Number.NEGATIVE_INFINITY;
  let floorSquared = Number.NEGATIVE_INFINITY;
  /** A case whose words' squared weights add up to less than this cannot enter `best`. */
  let bound = Number.NEGATIVE_INFINITY;
  /** The bitmaps of the words no case can lack and still enter (fewest cases first). */
  let required: Uint32Array[] = [];
  let requiredWords = 0;
  let excluded: Uint32Array[] = [];
  for (;;) {
    let slot = END;
    for (let e = 0; e < essentials; e++) {
      const a = at[essential[e] as number] as number;
      if (a < slot) slot = a;
    }
    if (slot === END) break;
    let next = slot + 1;
    let kept = true;
    if (required.length > 0) {
      const first = firstInAll(required, requiredWords, excluded, slot);
      if (first !== slot) {
        kept = false;
        next = first;
      }
    }
    if (kept && 1 - (heaviestShare[slot] as number) < floorSquared)
      kept = ids.includes(heaviest[slot] as number);
    // Which words the case has, heaviest first, until what it lacks rules it out.
    let possible = total;
    for (let p = 0; kept && p < m; p++) {
      let a = at[p] as number;
      if (a < slot) {
        const c = seek(slotsOf[p] as Int32Array, lengths[p] as number, cursor[p] as number, slot);
        cursor[p] = c;
        a = c < (lengths[p] as number) ? ((slotsOf[p] as Int32Array)[c] as number) : END;
        at[p] = a;
      }
      if (a === slot) continue;
      const square = squares[p] as number;
      possible -= square;
      if (possible >= bound) continue;
      kept = false;
      // A word no case can lack: no case before its next posting can enter either.
      if (total - square < bound) next = a;
      break;
    }
    if (kept && eligible(slot)) {
      let dot = 0;
      let mask = 0;
      for (let p = 0; p < m; p++) {
        if (at[p] !== slot) continue;
        const t = terms[p] as QueryTerm;
        dot += t.factor * tfWeight(t.counts[cursor[p] as number] as number);
        mask |= t.bit;
      }
      const norm = norms[slot] as number;
      const cosine = norm === 0 ? 0 : dot / (norm * queryNorm);
      const ranked = { slot, similarity: rounded(cosine), mask };
      if (
        cosine >= floor &&
        (best.length < limit || compare(ranked, best[limit - 1] as RankedCase) < 0)
      ) {
        let place = best.length;
        while (place > 0 && compare(ranked, best[place - 1] as RankedCase) < 0) place--;
        best.splice(place, 0, ranked);
        if (best.length > limit) best.pop();
        if (best.length === limit) {
          floor = (best[limit - 1] as RankedCase).similarity - ROUNDING;
          floorSquared = floor > 0 ? floor * floor : Number.NEGATIVE_INFINITY;
        }
        if (floor > 0 && floor * queryNorm * (floor * queryNorm) > bound) {
          bound = floor * queryNorm * (floor * queryNorm);
          essentials = chooseEssential(essential, squares, lengths, total, bound);
          required = terms
            .filter((t, p) => t.bits !== undefined && total - (squares[p] as number) < bound)
            .sort((a, b) => a.length - b.length)
            .map((t) => t.bits as Uint32Array);
          requiredWords = Math.min(...required.map((bits) => bits.length));
          // With a little room for the rounding of maxNorm².
          const most = query.cases.maxNorm ** 2 * (1 + 1e-9);
          excluded = query.absent
            .filter((a) => 1 - (a.weight * a.weight) / most < floorSquared)
            .map((a) => a.bits);
        }
      }
    }
    // Every essential word's cursor past the case (or to the next that can enter).
    for (let e = 0; e < essentials; e++) {
      const p = essential[e] as number;
      if ((at[p] as number) >= next) continue;
      const c = seek(slotsOf[p] as Int32Array, lengths[p] as number, cursor[p] as number, next);
      cursor[p] = c;
      at[p] = c < (lengths[p] as number) ? ((slotsOf[p] as Int32Array)[c] as number) : END;
    }
  }
  return best;
};

/**
 * The first slot from `from` on whose bit is set in every one of `maps`
 * (`words` long at least) and in none of `excluded`, END if none.
 */
const firstInAll = (
  maps: readonly Uint32Array[],
  words: number,
  excluded: readonly Uint32Array[],
  from: number,
): number => {
  const first = maps[0] as Uint32Array;
  let keep = -1 << (from & 31);
  for (let w = from >>> 5; w < words; w++) {
    let bits = (first[w] as number) & keep;
    keep = -1;
    for (let i = 1; bits !== 0 && i < maps.length; i++)
      bits &= (maps[i] as Uint32Array)[w] as number;
    for (let i = 0; bits !== 0 && i < excluded.length; i++) {
      const out = excluded[i] as Uint32Array;
      if (w < out.length) bits &= ~(out[w] as number);
    }
    if (bits !== 0) return (w << 5) + 31 - Math.clz32(bits & -bits);
  }
  return END;
};

/** `Number(x.toFixed(4))` without making a string, unless x is near a half step. */
const rounded = (x: number): number => {
  const scaled = x * 10_000;
  const r = Math.round(scaled);
  return Math.abs(scaled - r) < 0.499 ? r / 10_000 : Number(x.toFixed(4));
};

/**
 * Fills `essential` with words whose squared weights add up to more than
 * `total - bound` (so those left out add up to less than `bound`), choosing
 * few postings to walk: the shorter of two picks, the shortest lists first,
 * or leaving out first the words with the most postings per unit of weight.
 * Returns how many words it chose.
 */
const chooseEssential = (
  essential: Int32Array,
  squares: Float64Array,
  lengths: Int32Array,
  total: number,
  bound: number,
): number => {
  const words = Array.from(lengths, (_, p) => p);
  const need = total - bound;
  const shortest: number[] = [];
  let weight = 0;
  for (const p of [...words].sort((a, b) => (lengths[a] as number) - (lengths[b] as number))) {
    if (weight > need) break;
    shortest.push(p);
    weight += squares[p] as number;
  }
  const cheapest: number[] = [];
  let out = 0;
  for (const p of words.sort(
    (a, b) =>
      (lengths[b] as number) / (squares[b] as number) -
      (lengths[a] as number) / (squares[a] as number),
  )) {
    if (out + (squares[p] as number) < bound) out += squares[p] as number;
    else cheapest.push(p);
  }
  const postings = (list: number[]) => list.reduce((sum, p) => sum + (lengths[p] as number), 0);
  const chosen = postings(shortest) <= postings(cheapest) ? shortest : cheapest;
  essential.set(chosen);
  return chosen.length;
};

/** The first posting at or after `from` whose slot is ≥ `slot` (galloping, then halving). */
const seek = (slots: Int32Array, length: number, from: number, slot: number): number => {
  if (from >= length || (slots[from] as number) >= slot) return from;
  let low = from;
  let step = 1;
  let high = from + 1;
  while (high < length && (slots[high] as number) < slot) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > length) high = length;
  while (low + 1 < high) {
    const middle = (low + high) >>> 1;
    if ((slots[middle] as number) < slot) low = middle;
    else high = middle;
  }
  return high;
};
