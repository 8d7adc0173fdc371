import { AssistInputError } from "../errors.js";
import { fnv1a } from "../text/hash.js";
import {
  type Analysed,
  analyse,
  type DuplicateInput,
  isNamedPlace,
  type Tokenization,
  titleBigramsOf,
} from "./analyse.js";
import { FlatMultiMap } from "./flat-multimap.js";
import { comparePlaces } from "./place-conflict.js";
import { placeKey } from "./places.js";
import { reasonsOf, type ScoreWeights, scoreOf, termScoreOf } from "./score.js";
import { documentNorm, dotWithDocument, idfOf, SUBLINEAR_TF } from "./term-vector.js";

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

const jaccard = (a: Set<number>, b: Set<number>): number => {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
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
 * `RepeatPetitionLinked`. Memory is typed arrays plus three short strings a
 * petition; no object per petition.
 */
export class DuplicateIndex {
  readonly options: DuplicateOptions;
  private readonly ids: string[] = [];
  /** Normalised titles (NFKC, lower case). */
  private readonly titles: string[] = [];
  private readonly places: string[] = [];
  private readonly keys: string[] = [];
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

  constructor(options: Partial<DuplicateOptions> & { expected?: number } = {}) {
    const { expected = 1 << 14, ...rest } = options;
    this.options = { ...DEFAULT_DUPLICATE_OPTIONS, ...rest };
    this.lookup = new FlatMultiMap(expected * 20);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held in typed arrays (the bulk); strings and the df map come on top. */
  get typedArrayBytes(): number {
    return (
      this.lookup.bytes +
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
      this.normsAt.byteLength
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
    const slot = this.ids.length;
    this.ids.push(input.petitionId);
    this.titles.push(a.normalTitle);
    this.places.push(a.places.join("|"));
    this.keys.push(a.petitionerKeys.join("|"));
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
    const end = start + a.terms.terms.length;
    this.termPool = grown(this.termPool, end);
    this.countPool = grown(this.countPool, end);
    const dense = this.denseTerms(a, true);
    this.termPool.set(dense, start);
    this.countPool.set(a.denseCounts as Uint8Array, start);
    this.termStart[slot + 1] = end;
    const title = this.titleTermsOf(a);
    const titleFrom = this.titleStart[slot] ?? 0;
    const titleEnd = titleFrom + title.ids.length;
    this.titlePool = grown(this.titlePool, titleEnd);
    this.titleCountPool = grown(this.titleCountPool, titleEnd);
    this.titlePool.set(title.ids, titleFrom);
    this.titleCountPool.set(title.counts, titleFrom);
    this.titleStart[slot + 1] = titleEnd;
    for (const t of dense) this.df[t] = (this.df[t] ?? 0) + 1;
    for (const key of a.bands) this.lookup.add(key, slot);
    for (const key of a.petitionerKeys) this.lookup.add(fnv1a(key, PETITIONER), slot);
    for (const place of a.places)
      if (isNamedPlace(place)) this.lookup.add(fnv1a(placeKey(place), PLACE), slot);
  }

  /**
   * The analysed terms as dense ids, ascending (so the cosine can merge them).
   * A term the index has never seen gets a fresh id only when `assign`;
   * otherwise it is left out of the ids but still counts in the query's norm.
   */
  private denseTerms(a: Analysed, assign: boolean): Uint32Array {
    if (a.dense !== undefined) return a.dense;
    const ids: number[] = [];
    const counts: number[] = [];
    a.terms.terms.forEach((hash, k) => {
      let id = this.vocabulary.get(hash);
      if (id === undefined && assign) {
        id = this.vocabulary.size;
        this.vocabulary.set(hash, id);
        this.df = grown(this.df, id + 1);
      }
      ids.push(id ?? 0xffffffff - k);
      counts.push(a.terms.counts[k] ?? 1);
    });
    const order = ids.map((_, k) => k).sort((x, y) => (ids[x] ?? 0) - (ids[y] ?? 0));
    a.dense = Uint32Array.from(order, (k) => ids[k] ?? 0);
    a.denseCounts = Uint8Array.from(order, (k) => counts[k] ?? 1);
    return a.dense;
  }

  /**
   * The title's terms as dense ids, ascending, with their counts; a term the
   * index has never seen is left out (it then weighs only in the query's norm).
   * Call after `denseTerms(a, true)` to have every term of an indexed petition.
   */
  private titleTermsOf(a: Analysed): { ids: Uint32Array; counts: Uint8Array; unseen: number[] } {
    const pairs: [number, number][] = [];
    const unseen: number[] = [];
    a.titleTerms.terms.forEach((hash, k) => {
      const id = this.vocabulary.get(hash);
      const count = a.titleTerms.counts[k] ?? 1;
      if (id === undefined) unseen.push(count);
      else pairs.push([id, count]);
    });
    pairs.sort((x, y) => x[0] - y[0]);
    return {
      ids: Uint32Array.from(pairs, (p) => p[0]),
      counts: Uint8Array.from(pairs, (p) => p[1]),
      unseen,
    };
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
  private refreshNorms(slot: number, documents: number, idf: (term: number) => number): void {
    const at = this.normsAt[slot] ?? 0;
    if (at !== 0 && documents <= at * 1.02) return;
    const start = this.termStart[slot] ?? 0;
    const end = this.termStart[slot + 1] ?? 0;
    this.norms[slot] = documentNorm(this.termPool, this.countPool, start, end, idf);
    const titleFrom = this.titleStart[slot] ?? 0;
    const titleEnd = this.titleStart[slot + 1] ?? 0;
    this.titleNorms[slot] = documentNorm(
      this.titlePool,
      this.titleCountPool,
      titleFrom,
      titleEnd,
      idf,
    );
    this.normsAt[slot] = documents;
  }

  /**
   * Candidate slots: the petitioner's earlier petitions within the window
   * first, then those naming the same place within the window, then MinHash
   * band neighbours.
   */
  private candidatesOf(input: DuplicateInput, a: Analysed): number[] {
    const stampId = ++this.query;
    const out: number[] = [];
    const earliest = input.receivedAt - this.options.windowDays * DAY;
    let limit = 0;
    const take = (slot: number): void => {
      if (this.stamp[slot] === stampId || out.length >= limit) return;
      this.stamp[slot] = stampId;
      if (this.ids[slot] !== input.petitionId) out.push(slot);
    };
    const recent = (key: number, most: number): void => {
      let n = 0;
      this.lookup.forEach(key, (slot) => {
        const at = this.receivedAt[slot] ?? 0;
        if (at < earliest) return false;
        take(slot);
        return ++n < most;
      });
    };
    limit = PER_PETITIONER * Math.max(1, a.petitionerKeys.length);
    for (const key of a.petitionerKeys) recent(fnv1a(key, PETITIONER), PER_PETITIONER);
    limit = out.length + MAX_CANDIDATES;
    for (const place of a.places)
      if (isNamedPlace(place)) recent(fnv1a(placeKey(place), PLACE), PER_KEY);
    for (const key of a.bands) {
      let n = 0;
      this.lookup.forEach(key, (slot) => {
        take(slot);
        return ++n < PER_KEY && out.length < limit;
      });
    }
    return out;
  }

  private sharesPetitioner(slot: number, mine: readonly string[]): boolean {
    const keys = this.keys[slot] ?? "";
    if (keys === "") return false;
    return mine.some((k) => keys === k || (keys.includes(k) && keys.split("|").includes(k)));
  }

  private score(input: DuplicateInput, a: Analysed, limit: number): DuplicateCandidate[] {
    const w = this.options;
    const documents = this.ids.length + 1;
    // Unseen terms carry ids from the top of the range: df 0 there.
    const idf = (term: number): number => idfOf(documents, (this.df[term] ?? 0) + 1);
    const query = queryVector(this.denseTerms(a, false), a.denseCounts as Uint8Array, idf, 0, []);
    a.dense = undefined;
    const title = this.titleTermsOf(a);
    const titleQuery = queryVector(title.ids, title.counts, idf, idfOf(documents, 1), title.unseen);
    const category = this.categoryIdOf(input.category, false);
    // Pass 1: the term score of every candidate (cheap: shared terms only, the
    // document's norm cached). Only the best of the petitioner's own and the
    // best of the others go on to the full signals: a template re-used a
    // thousand times, or a petitioner with a hundred petitions, must not make
    // a check slow.
    const mine: Cheap[] = [];
    const others: Cheap[] = [];
    for (const slot of this.candidatesOf(input, a)) {
      this.refreshNorms(slot, documents, idf);
      const cosine = query.cosineWith(
        this.termPool,
        this.countPool,
        this.termStart[slot] ?? 0,
        this.termStart[slot + 1] ?? 0,
        this.norms[slot] ?? 0,
      );
      const titleWords = titleQuery.cosineWith(
        this.titlePool,
        this.titleCountPool,
        this.titleStart[slot] ?? 0,
        this.titleStart[slot + 1] ?? 0,
        this.titleNorms[slot] ?? 0,
      );
      const samePetitioner = this.sharesPetitioner(slot, a.petitionerKeys);
      const termScore = termScoreOf(cosine, titleWords, samePetitioner, w);
      if (termScore >= FLOOR || samePetitioner) {
        (samePetitioner ? mine : others).push({ slot, cosine, titleWords, termScore });
      }
    }
    const best = (list: Cheap[], n: number): Cheap[] =>
      list.length <= n ? list : list.sort((x, y) => y.termScore - x.termScore).slice(0, n);
    const found: (DuplicateCandidate & {
      slot: number;
      shared: string[];
      onlyMine: string[];
      onlyTheirs: string[];
    })[] = [];
    const full = (list: Cheap[], samePetitioner: boolean): void => {
      for (const { slot, cosine, titleWords, termScore } of list) {
        const theirTitle = this.titles[slot] ?? "";
        const titleSimilarity = jaccard(a.titleGrams, titleBigramsOf(theirTitle));
        if (termScore < FLOOR && titleSimilarity < FLOOR) continue;
        const theirs = (this.places[slot] ?? "").split("|").filter((p) => p !== "");
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
        };
        const score = Number(scoreOf(signals, w).toFixed(4));
        found.push({
          petitionId: this.ids[slot] ?? "",
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
    full(best(mine, SAME_PETITIONER_FULLY_SCORED), true);
    full(best(others, FULLY_SCORED), false);
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

/** A candidate after the cheap pass. */
interface Cheap {
  slot: number;
  cosine: number;
  titleWords: number;
  termScore: number;
}

/**
 * A query's TF-IDF vector over dense term ids (ascending), and its cosine
 * with a stored run of ids and counts. `unseen` are the counts of terms the
 * index does not know: they weigh in the norm with `unseenIdf`.
 */
const queryVector = (
  ids: Uint32Array,
  counts: Uint8Array,
  idf: (term: number) => number,
  unseenIdf: number,
  unseen: readonly number[],
) => {
  const idfs = Float64Array.from(ids, idf);
  const weights = Float64Array.from(counts, (c, k) => (SUBLINEAR_TF[c] ?? 1) * (idfs[k] ?? 0));
  let sum = 0;
  for (const x of weights) sum += x * x;
  for (const c of unseen) sum += ((SUBLINEAR_TF[c] ?? 1) * unseenIdf) ** 2;
  const norm = Math.sqrt(sum);
  return {
    /** Cosine with `[start, end)` of a pool whose TF-IDF norm is `storedNorm`. */
    cosineWith(
      pool: Uint32Array,
      poolCounts: Uint8Array,
      start: number,
      end: number,
      storedNorm: number,
    ): number {
      if (norm === 0 || storedNorm === 0 || end <= start) return 0;
      return (
        dotWithDocument(ids, weights, idfs, pool, poolCounts, start, end) / (norm * storedNorm)
      );
    },
  };
};

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
