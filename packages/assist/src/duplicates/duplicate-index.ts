import { AssistInputError } from "../errors.js";
import { fnv1a } from "../text/hash.js";
import {
  type Analysed,
  analyse,
  type DuplicateInput,
  isNamedPlace,
  type Tokenization,
} from "./analyse.js";
import { FlatMultiMap } from "./flat-multimap.js";
import { comparePlaces } from "./place-conflict.js";
import { placeKey } from "./places.js";
import { reasonsOf, type ScoreWeights, scoreOf, termScoreOf } from "./score.js";
import {
  CandidateScratch,
  jaccardOfSorted,
  sortedTitleBigrams,
  TermScratch,
  Uint32Scratch,
} from "./scratch.js";
import { StringPool } from "./string-pool.js";
import { documentNorm, idfOf } from "./term-vector.js";
import { rareWordLimit, sharesRareTerm } from "./title-name.js";

export type { DuplicateInput, Tokenization } from "./analyse.js";

/** The measured signals behind a score, for people and for tuning. */
export interface DuplicateSignals {
  /** TF-IDF cosine of title + content (sublinear tf, idf over the index). */
  cosine: number;
  /** TF-IDF cosine of the titles' words alone (same idf): whether the two ask the same thing. */
  titleWords: number;
  /** Character-bigram Jaccard of the titles. */
  titleSimilarity: number;
  samePetitioner: boolean;
  /** Named places (not districts or numbers) both mention. */
  sharedPlaces: number;
  /** Of the kinds of place both texts name (estate, road, district, building number…), the share where they name only different ones (place-conflict.ts). */
  conflict: number;
  /** Both carry a category (DuplicateInput.category) and the two differ. */
  otherCategory: boolean;
  /** Kinds of place where the two titles name different places (place-conflict.ts); absent: 0. */
  titleConflict?: number;
  /** The titles share a word few indexed petitions use (title-name.ts): a name with no place word; absent: false. */
  titleName?: boolean;
}

export interface DuplicateCandidate {
  petitionId: string;
  /** 0–1, from the signals (score.ts). */
  score: number;
  /** score ≥ the index's threshold. */
  probable: boolean;
  signals: DuplicateSignals;
  reasons: string[];
}

export interface DuplicateOptions extends ScoreWeights {
  /** A candidate at or above this score is a probable duplicate. */
  threshold: number;
  /** How far back petitioner and place candidates are looked for. */
  windowDays: number;
  tokenization: Tokenization;
}

/** Defaults chosen on one half of the labelled pairs and checked on the other (docs/assist.md). */
export const DEFAULT_DUPLICATE_OPTIONS: DuplicateOptions = {
  threshold: 0.6,
  windowDays: 365,
  placePenalty: 0.5,
  titleWeight: 0,
  samePetitionerBonus: -0.18,
  samePetitionerTitleWeight: 0.68,
  followUpBonus: 0.33,
  samePetitionerPlacePenalty: 0.15,
  samePetitionerCategoryPenalty: 0.13,
  titleConflictPenalty: 0.2,
  tokenization: "words",
};

const DAY = 86_400_000;
/** The strings kept of a petition, in pool order. */
const ID = 0;
const TITLE = 1;
const PLACES = 2;
const KEYS = 3;
const FIELDS = 4;
const PETITIONER = 0x5045_5449;
const PLACE = 0x504c_4143;
/** At most this many candidates per place key or MinHash band, newest first. */
const PER_KEY = 40;
/** At most this many of a petitioner's earlier petitions within the window, newest first. */
const PER_PETITIONER = 100;
/** At most this many candidates by place and band (on top of the petitioner's). */
const MAX_CANDIDATES = 100;
/** Below this term score and title similarity a candidate is not scored at all. */
const FLOOR = 0.15;
/**
 * Candidates that get the full signals (places, title characters), best term
 * score first: of the petitioner's own, and of the others. Comparing places
 * costs tens of microseconds; the term score costs one merge of sorted ids.
 */
const SAME_PETITIONER_FULLY_SCORED = 12;
const FULLY_SCORED = 10;

const validate = (input: DuplicateInput): void => {
  if (typeof input.petitionId !== "string" || input.petitionId === "") {
    throw new AssistInputError("petitionId", "must be a non-empty string");
  }
  if (typeof input.title !== "string") throw new AssistInputError("title", "must be a string");
  if (typeof input.content !== "string") throw new AssistInputError("content", "must be a string");
  if (input.category !== undefined && typeof input.category !== "string") {
    throw new AssistInputError("category", "must be a string when given");
  }
  if (!Number.isFinite(input.receivedAt)) {
    throw new AssistInputError("receivedAt", "must be a time in epoch milliseconds");
  }
};

const grown = <
  T extends
    | Uint32Array<ArrayBuffer>
    | Uint16Array<ArrayBuffer>
    | Uint8Array<ArrayBuffer>
    | Float64Array<ArrayBuffer>,
>(
  a: T,
  need: number,
): T => {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};

/**
 * 智能判重 at intake. Candidates come from the same petitioner, the same named
 * place (both within the time window) and MinHash bands; each is scored by
 * TF-IDF cosine, and differing places, districts and numbers weigh against it
 * (a template re-used for another estate is not a duplicate). The index only
 * suggests: a person confirms, and the engine records `PetitionMerged` or
 * `RepeatPetitionLinked`. Memory is typed arrays (the strings too, in a pool)
 * and the vocabulary map; no object per petition.
 */
export class DuplicateIndex {
  readonly options: DuplicateOptions;
  /** Four strings a petition (string `slot × FIELDS + field`): id, normalised title (NFKC, lower case), places and petitioner keys joined by "|". */
  private readonly strings = new StringPool();
  private slots = 0;
  private receivedAt = new Float64Array(1024);
  private termStart = new Uint32Array(1025);
  private termPool = new Uint32Array(1 << 16);
  private countPool = new Uint8Array(1 << 16);
  /** The title's terms as dense ids, ascending, with their counts: `[titleStart[slot], titleStart[slot + 1])`. */
  private titleStart = new Uint32Array(1025);
  private titlePool = new Uint32Array(1 << 14);
  private titleCountPool = new Uint8Array(1 << 14);
  /** Category id a petition (0: none), into `categoryNames`. */
  private categoryOf = new Uint16Array(1024);
  private readonly categoryNames: string[] = [""];
  private readonly categoryIds = new Map<string, number>();
  private stamp = new Uint32Array(1024);
  /** A document's and its title's TF-IDF norms, and the index size they were computed at (recomputed once the index grew 2 %). */
  private norms = new Float64Array(1024);
  private titleNorms = new Float64Array(1024);
  private normsAt = new Uint32Array(1024);
  private query = 0;
  /** Term hash → dense term id; document frequency by dense id. */
  private readonly vocabulary = new Map<number, number>();
  private df = new Uint32Array(1 << 12);
  private readonly lookup: FlatMultiMap;
  /** Scratch a check reuses (scratch.ts): the query's terms, the title's, candidates, title bigrams. */
  private readonly q = new TermScratch();
  private readonly t = new TermScratch();
  private readonly cheap = new CandidateScratch();
  private candidates = new Int32Array(256);
  private readonly chosen = new Int32Array(Math.max(SAME_PETITIONER_FULLY_SCORED, FULLY_SCORED));
  private readonly myGrams = new Uint32Scratch();
  private readonly theirGrams = new Uint32Scratch();
  /** The index size the running check computes idf at (this one included). */
  private documents = 1;
  /** Idf by dense term id, and the index size it was computed at: a logarithm a term, not one a term of every candidate. */
  private idfValue = new Float64Array(0);
  private idfAt = new Uint32Array(0);
  /** Smoothed idf of a dense term id; unseen terms carry ids from the top of the range: df 0 there. */
  private readonly idf = (term: number): number => {
    if (term >= this.df.length) return idfOf(this.documents, 1);
    if (term >= this.idfValue.length) {
      this.idfValue = grown(this.idfValue, this.df.length);
      this.idfAt = grown(this.idfAt, this.df.length);
    }
    if (this.idfAt[term] === this.documents) return this.idfValue[term] ?? 0;
    const value = idfOf(this.documents, (this.df[term] ?? 0) + 1);
    this.idfValue[term] = value;
    this.idfAt[term] = this.documents;
    return value;
  };

  constructor(options: Partial<DuplicateOptions> & { expected?: number } = {}) {
    const { expected = 1 << 14, ...rest } = options;
    this.options = { ...DEFAULT_DUPLICATE_OPTIONS, ...rest };
    this.lookup = new FlatMultiMap(expected * 20);
  }

  get size(): number {
    return this.slots;
  }

  /** Bytes held in typed arrays (all but the vocabulary and category maps). */
  get typedArrayBytes(): number {
    return (
      this.lookup.bytes +
      this.strings.bytes +
      this.receivedAt.byteLength +
      this.termStart.byteLength +
      this.termPool.byteLength +
      this.countPool.byteLength +
      this.titleStart.byteLength +
      this.titlePool.byteLength +
      this.titleCountPool.byteLength +
      this.categoryOf.byteLength +
      this.stamp.byteLength +
      this.norms.byteLength +
      this.titleNorms.byteLength +
      this.normsAt.byteLength +
      this.idfValue.byteLength +
      this.idfAt.byteLength
    );
  }

  add(input: DuplicateInput): void {
    validate(input);
    this.insert(input, analyse(input, this.options.tokenization));
  }

  /** Ranked candidates for a new petition, best first; at most `limit` (default 5). */
  check(input: DuplicateInput, limit = 5): DuplicateCandidate[] {
    validate(input);
    return this.score(input, analyse(input, this.options.tokenization), limit);
  }

  /** Check a petition against the earlier ones, then index it: one pass over a time-ordered intake. */
  checkAndAdd(input: DuplicateInput, limit = 5): DuplicateCandidate[] {
    validate(input);
    const analysed = analyse(input, this.options.tokenization);
    const found = this.score(input, analysed, limit);
    this.insert(input, analysed);
    return found;
  }

  private insert(input: DuplicateInput, a: Analysed): void {
    const slot = this.slots++;
    this.strings.add(input.petitionId);
    this.strings.add(a.normalTitle);
    this.strings.add(a.places.join("|"));
    this.strings.add(a.petitionerKeys.join("|"));
    this.receivedAt = grown(this.receivedAt, slot + 1);
    this.stamp = grown(this.stamp, slot + 1);
    this.norms = grown(this.norms, slot + 1);
    this.titleNorms = grown(this.titleNorms, slot + 1);
    this.normsAt = grown(this.normsAt, slot + 1);
    this.termStart = grown(this.termStart, slot + 2);
    this.titleStart = grown(this.titleStart, slot + 2);
    this.categoryOf = grown(this.categoryOf, slot + 1);
    this.categoryOf[slot] = this.categoryIdOf(input.category, true);
    this.receivedAt[slot] = input.receivedAt;
    const start = this.termStart[slot] ?? 0;
    const count = this.denseTerms(a, true);
    const end = start + count;
    this.termPool = grown(this.termPool, end);
    this.countPool = grown(this.countPool, end);
    this.termPool.set(this.q.ids.subarray(0, count), start);
    this.countPool.set(this.q.counts.subarray(0, count), start);
    this.termStart[slot + 1] = end;
    for (let k = 0; k < count; k++) {
      const t = this.q.ids[k] ?? 0;
      this.df[t] = (this.df[t] ?? 0) + 1;
    }
    const titleCount = this.titleTerms(a);
    const titleFrom = this.titleStart[slot] ?? 0;
    const titleEnd = titleFrom + titleCount;
    this.titlePool = grown(this.titlePool, titleEnd);
    this.titleCountPool = grown(this.titleCountPool, titleEnd);
    this.titlePool.set(this.t.ids.subarray(0, titleCount), titleFrom);
    this.titleCountPool.set(this.t.counts.subarray(0, titleCount), titleFrom);
    this.titleStart[slot + 1] = titleEnd;
    for (const key of a.bands) this.lookup.add(key, slot);
    for (const key of a.petitionerKeys) this.lookup.add(fnv1a(key, PETITIONER), slot);
    for (const place of a.places)
      if (isNamedPlace(place)) this.lookup.add(fnv1a(placeKey(place), PLACE), slot);
  }

  /**
   * The analysed terms as dense ids, ascending (so the cosine can merge them),
   * with their counts, into the scratch `q.ids` / `q.counts`; returns how
   * many. A term the index has never seen gets a fresh id only when `assign`;
   * otherwise it gets an id from the top of the range (df 0 there), so it
   * still counts in the query's norm.
   */
  private denseTerms(a: Analysed, assign: boolean): number {
    const { terms, counts } = a.terms;
    const n = terms.length;
    const q = this.q.fit(n);
    // Id and count packed in one number (id × 256 + count < 2^40, exact in a
    // double): one numeric sort of a typed array, no pairs, no comparator.
    const packed = this.q.packed;
    for (let k = 0; k < n; k++) {
      const hash = terms[k] ?? 0;
      let id = this.vocabulary.get(hash);
      if (id === undefined && assign) {
        id = this.vocabulary.size;
        this.vocabulary.set(hash, id);
        this.df = grown(this.df, id + 1);
      }
      packed[k] = (id ?? 0xffffffff - k) * 256 + (counts[k] ?? 1);
    }
    packed.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
      const v = packed[k] ?? 0;
      const count = v % 256;
      q.ids[k] = (v - count) / 256;
      q.counts[k] = count;
    }
    return n;
  }

  /**
   * The title's terms as dense ids, ascending, with their counts, into the
   * scratch `t`; returns how many. A term the index has never seen is left
   * out (its count goes to `t.unseen`: it then weighs only in the query's
   * norm). Call after `denseTerms(a, true)` to have every term of an indexed
   * petition.
   */
  private titleTerms(a: Analysed): number {
    const { terms, counts } = a.titleTerms;
    const t = this.t.fit(terms.length);
    let n = 0;
    t.unseenCount = 0;
    for (let k = 0; k < terms.length; k++) {
      const id = this.vocabulary.get(terms[k] ?? 0);
      const count = counts[k] ?? 1;
      if (id === undefined) t.unseen[t.unseenCount++] = count;
      else t.packed[n++] = id * 256 + count;
    }
    t.packed.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
      const v = t.packed[k] ?? 0;
      const count = v % 256;
      t.ids[k] = (v - count) / 256;
      t.counts[k] = count;
    }
    return n;
  }

  private categoryIdOf(category: string | undefined, assign: boolean): number {
    if (category === undefined || category === "") return 0;
    let id = this.categoryIds.get(category);
    if (id === undefined && assign && this.categoryNames.length < 0xffff) {
      id = this.categoryNames.length;
      this.categoryNames.push(category);
      this.categoryIds.set(category, id);
    }
    return id ?? 0xffff;
  }

  /** Idf drifts slowly as the index grows: a norm a little stale moves a cosine by well under 1 %. */
  private refreshNorms(slot: number, documents: number): void {
    const at = this.normsAt[slot] ?? 0;
    if (at !== 0 && documents <= at * 1.02) return;
    const start = this.termStart[slot] ?? 0;
    const end = this.termStart[slot + 1] ?? 0;
    this.norms[slot] = documentNorm(this.termPool, this.countPool, start, end, this.idf);
    const titleFrom = this.titleStart[slot] ?? 0;
    const titleEnd = this.titleStart[slot + 1] ?? 0;
    this.titleNorms[slot] = documentNorm(
      this.titlePool,
      this.titleCountPool,
      titleFrom,
      titleEnd,
      this.idf,
    );
    this.normsAt[slot] = documents;
  }

  /** Puts `slot` among the candidates unless it is there already, is the petition itself, or `limit` is reached; returns the count. */
  private take(slot: number, stampId: number, count: number, limit: number, id: string): number {
    if (this.stamp[slot] === stampId || count >= limit) return count;
    this.stamp[slot] = stampId;
    if (!this.strings.equals(slot * FIELDS + ID, id)) this.candidates[count++] = slot;
    return count;
  }

  /** The newest `most` petitions under `key` received since `earliest`, as candidates; returns the count. */
  private takeRecent(
    key: number,
    most: number,
    earliest: number,
    stampId: number,
    count: number,
    limit: number,
    id: string,
  ): number {
    let n = 0;
    for (let e = this.lookup.first(key); e !== -1; e = this.lookup.nextOf(e)) {
      const slot = this.lookup.valueAt(e);
      if ((this.receivedAt[slot] ?? 0) < earliest) break;
      count = this.take(slot, stampId, count, limit, id);
      if (++n >= most) break;
    }
    return count;
  }

  /**
   * Candidate slots, into the scratch `candidates`; returns how many: the
   * petitioner's earlier petitions within the window first, then those naming
   * the same place within the window, then MinHash band neighbours.
   */
  private candidatesOf(input: DuplicateInput, a: Analysed): number {
    const stampId = ++this.query;
    const earliest = input.receivedAt - this.options.windowDays * DAY;
    const id = input.petitionId;
    const keys = a.petitionerKeys;
    let limit = PER_PETITIONER * Math.max(1, keys.length);
    if (this.candidates.length < limit + MAX_CANDIDATES) {
      this.candidates = new Int32Array(limit + MAX_CANDIDATES);
    }
    let count = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = fnv1a(keys[k] ?? "", PETITIONER);
      count = this.takeRecent(key, PER_PETITIONER, earliest, stampId, count, limit, id);
    }
    limit = count + MAX_CANDIDATES;
    for (const place of a.places) {
      if (!isNamedPlace(place)) continue;
      const key = fnv1a(placeKey(place), PLACE);
      count = this.takeRecent(key, PER_KEY, earliest, stampId, count, limit, id);
    }
    for (let b = 0; b < a.bands.length; b++) {
      let n = 0;
      for (let e = this.lookup.first(a.bands[b] ?? 0); e !== -1; e = this.lookup.nextOf(e)) {
        count = this.take(this.lookup.valueAt(e), stampId, count, limit, id);
        if (++n >= PER_KEY || count >= limit) break;
      }
    }
    return count;
  }

  private sharesPetitioner(slot: number, mine: readonly string[]): boolean {
    const keys = slot * FIELDS + KEYS;
    if (this.strings.equals(keys, "")) return false;
    for (const k of mine) if (this.strings.hasPart(keys, k, "|")) return true;
    return false;
  }

  private score(input: DuplicateInput, a: Analysed, limit: number): DuplicateCandidate[] {
    const w = this.options;
    const documents = this.slots + 1;
    this.documents = documents;
    const q = this.q;
    const t = this.t;
    const queryLength = this.denseTerms(a, false);
    const queryNorm = q.weigh(queryLength, this.idf, 0);
    const titleLength = this.titleTerms(a);
    const titleNorm = t.weigh(titleLength, this.idf, idfOf(documents, 1));
    const category = this.categoryIdOf(input.category, false);
    // Pass 1: the term score of every candidate (cheap: shared terms only, the
    // document's norm cached). Only the best of the petitioner's own and the
    // best of the others go on to the full signals: a template re-used a
    // thousand times, or a petitioner with a hundred petitions, must not make
    // a check slow. Scratch arrays, no object a candidate.
    const n = this.candidatesOf(input, a);
    const cheap = this.cheap.fit(n);
    let m = 0;
    for (let c = 0; c < n; c++) {
      const slot = this.candidates[c] ?? 0;
      this.refreshNorms(slot, documents);
      const cosine = q.cosineWith(
        queryLength,
        queryNorm,
        this.termPool,
        this.countPool,
        this.termStart[slot] ?? 0,
        this.termStart[slot + 1] ?? 0,
        this.norms[slot] ?? 0,
      );
      const titleWords = t.cosineWith(
        titleLength,
        titleNorm,
        this.titlePool,
        this.titleCountPool,
        this.titleStart[slot] ?? 0,
        this.titleStart[slot + 1] ?? 0,
        this.titleNorms[slot] ?? 0,
      );
      const samePetitioner = this.sharesPetitioner(slot, a.petitionerKeys);
      const termScore = termScoreOf(cosine, titleWords, samePetitioner, w);
      if (termScore >= FLOOR || samePetitioner) {
        cheap.slot[m] = slot;
        cheap.cosine[m] = cosine;
        cheap.titleWords[m] = titleWords;
        cheap.termScore[m] = termScore;
        cheap.mine[m] = samePetitioner ? 1 : 0;
        m++;
      }
    }
    const myGrams = this.myGrams.fit(a.titleGrams.size);
    let myGramCount = 0;
    for (const g of a.titleGrams) myGrams[myGramCount++] = g;
    myGrams.subarray(0, myGramCount).sort();
    const found: (DuplicateCandidate & {
      slot: number;
      shared: string[];
      onlyMine: string[];
      onlyTheirs: string[];
    })[] = [];
    const rareLimit = rareWordLimit(documents);
    const full = (chosen: Int32Array, count: number, samePetitioner: boolean): void => {
      for (let k = 0; k < count; k++) {
        const c = chosen[k] ?? 0;
        const slot = cheap.slot[c] ?? 0;
        const cosine = cheap.cosine[c] ?? 0;
        const titleWords = cheap.titleWords[c] ?? 0;
        const termScore = cheap.termScore[c] ?? 0;
        const theirTitle = this.strings.get(slot * FIELDS + TITLE);
        const theirGrams = this.theirGrams.fit(theirTitle.length);
        const titleSimilarity = jaccardOfSorted(
          myGrams,
          myGramCount,
          theirGrams,
          sortedTitleBigrams(theirTitle, theirGrams),
        );
        if (termScore < FLOOR && titleSimilarity < FLOOR) continue;
        const theirs = this.strings
          .get(slot * FIELDS + PLACES)
          .split("|")
          .filter((p) => p !== "");
        const places = comparePlaces(a.places, a.normal, theirs, theirTitle, a.normalTitle);
        const { shared, onlyMine, onlyTheirs } = places;
        const theirCategory = this.categoryOf[slot] ?? 0;
        const signals: DuplicateSignals = {
          cosine: Number(cosine.toFixed(4)),
          titleWords: Number(titleWords.toFixed(4)),
          titleSimilarity: Number(titleSimilarity.toFixed(4)),
          samePetitioner,
          sharedPlaces: shared.filter(isNamedPlace).length,
          conflict: Number(places.conflict.toFixed(4)),
          otherCategory: category !== 0 && theirCategory !== 0 && category !== theirCategory,
          titleConflict: places.titleConflict,
          titleName: sharesRareTerm(
            t.ids,
            titleLength,
            this.titlePool,
            this.titleStart[slot] ?? 0,
            this.titleStart[slot + 1] ?? 0,
            this.df,
            rareLimit,
          ),
        };
        const score = Number(scoreOf(signals, w).toFixed(4));
        found.push({
          petitionId: this.strings.get(slot * FIELDS + ID),
          score,
          probable: score >= w.threshold,
          signals,
          reasons: [],
          slot,
          shared,
          onlyMine,
          onlyTheirs,
        });
      }
    };
    const chosen = this.chosen;
    full(chosen, cheap.chooseBest(m, 1, SAME_PETITIONER_FULLY_SCORED, chosen), true);
    full(chosen, cheap.chooseBest(m, 0, FULLY_SCORED, chosen), false);
    found.sort((x, y) => y.score - x.score || x.petitionId.localeCompare(y.petitionId));
    // Reasons only for what is returned.
    return found.slice(0, limit).map(({ slot, shared, onlyMine, onlyTheirs, ...candidate }) => ({
      ...candidate,
      reasons: reasonsOf(
        candidate.signals,
        shared,
        onlyMine,
        onlyTheirs,
        Math.abs(input.receivedAt - (this.receivedAt[slot] ?? 0)) / DAY,
        [input.category ?? "", this.categoryNames[this.categoryOf[slot] ?? 0] ?? ""],
      ),
    }));
  }
}

export interface DuplicatePair {
  /** The earlier petition. */
  a: string;
  /** The later one: the one to merge or link. */
  b: string;
  score: number;
  reasons: string[];
}

/**
 * Every pair judged a probable duplicate in a collection: petitions are taken
 * in order of receipt and each is checked against the ones before it.
 */
export const findDuplicatePairs = (
  petitions: readonly DuplicateInput[],
  options: Partial<DuplicateOptions> = {},
): DuplicatePair[] => {
  const index = new DuplicateIndex({ ...options, expected: petitions.length });
  const ordered = [...petitions].sort(
    (x, y) => x.receivedAt - y.receivedAt || x.petitionId.localeCompare(y.petitionId),
  );
  const pairs: DuplicatePair[] = [];
  for (const p of ordered) {
    for (const c of index.checkAndAdd(p, 20)) {
      if (c.probable)
        pairs.push({ a: c.petitionId, b: p.petitionId, score: c.score, reasons: c.reasons });
    }
  }
  return pairs.sort(
    (x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b),
  );
};
