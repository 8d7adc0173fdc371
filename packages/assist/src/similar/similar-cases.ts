import { type CaseRecord, caseText } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";
import { Postings } from "./postings.js";
import {
  type AbsentWord,
  type CaseWeights,
  type QueryTerm,
  type RankedCase,
  tfWeight,
  topCosines,
} from "./top-cosines.js";

/**
 * 类案推送: for a petition, the past cases most like it, each with its
 * outcome, the reply and the time it took to reply. Word TF-IDF cosine over
 * an inverted index; only a petition's 24 most telling words are looked up.
 *
 * Built for a million cases at intake: the postings are typed arrays (term
 * counts beside the case slots) and each case's norm is cached; a query walks
 * the postings of a few of its words only and seeks into the others for the
 * cases they bring, dropping a case once what it lacks bounds its cosine under
 * the k-th best (`topCosines`); only the best few become results. The cached
 * norms and the idf they use are those of a snapshot of the document frequencies, taken
 * again once the index has grown by 2 % (see `IDF_REFRESH`): between two
 * snapshots every score uses the same idf, as if computed from scratch then.
 */
export interface SimilarCase {
  petitionId: string;
  title: string;
  /** TF-IDF cosine, 0–1. */
  similarity: number;
  org: string;
  status: CaseRecord["status"];
  outcome: string | null;
  /** The reply's opening (200 characters). */
  reply: string | null;
  /** From receivedAt to the reply's deliveredAt, in days (1 decimal). */
  daysToReply: number | null;
  /** The shared words that weigh most: why it is similar. */
  sharedTerms: string[];
}

export interface SimilarOptions {
  /** How many cases to return (default 5). */
  limit?: number;
  /** Only cases with a reply (default true: the point is to see how they were answered). */
  repliedOnly?: boolean;
  /** Only cases received before this time (epoch ms). */
  before?: number;
}

const MAX_QUERY_TERMS = 24;
/** How many of the commonest words a query lacks are struck out of its intersection. */
const ABSENT_WORDS = 16;
const MAX_CHARS = 800;
const DAY = 86_400_000;
/** The idf snapshot is retaken when the index has grown by this share since the last one. */
export const IDF_REFRESH = 0.02;
/** Ties go to the smaller petition id, as `localeCompare` orders them (one collator, reused). */
const collator = new Intl.Collator();

/** What a result shows of a case: its text is not kept. */
interface CaseSummary {
  petitionId: string;
  title: string;
  org: string;
  status: CaseRecord["status"];
  receivedAt: number;
  outcome: string | null;
  reply: string | null;
  deliveredAt: number | null;
}

const summaryOf = (r: CaseRecord): CaseSummary => ({
  petitionId: r.petitionId,
  title: r.title,
  org: r.org,
  status: r.status,
  receivedAt: r.receivedAt,
  outcome: r.reply?.outcome ?? null,
  reply: r.reply ? r.reply.summary.slice(0, 200) : null,
  deliveredAt: r.reply ? r.reply.deliveredAt : null,
});

/** Content words of a text and their counts, in order of first occurrence. */
const termCounts = (text: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const w of words(text.slice(0, MAX_CHARS)))
    if (isContentWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
};

/** Better first: higher similarity (as rounded for the result), then petition id. */
const better = (a: RankedCase, b: RankedCase, ids: readonly CaseSummary[]): number =>
  b.similarity - a.similarity ||
  collator.compare(
    (ids[a.slot] as CaseSummary).petitionId,
    (ids[b.slot] as CaseSummary).petitionId,
  );

export class SimilarCaseIndex {
  private readonly cases: CaseSummary[] = [];
  private readonly byId = new Map<string, number>();
  private readonly terms = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly postings = new Postings();
  /** Each case's words (term ids, first occurrence order) and counts, for `similarTo`. */
  private docTerms = new Int32Array(1024);
  private docCounts = new Uint16Array(1024);
  private docStart = new Int32Array(1025);
  /** Each case's receipt and whether it has a reply, beside the summaries: the filters read these. */
  private receipts = new Float64Array(1024);
  private replied = new Uint8Array(1024);
  private docTermsUsed = 0;
  /** The idf snapshot: N and each term's document frequency then; norms under it. */
  private snapshotN = 0;
  private snapshotDf: Int32Array = new Int32Array(0);
  private readonly weights: CaseWeights = {
    norms: new Float64Array(1024),
    heaviest: new Int32Array(1024),
    heaviestShare: new Float32Array(1024),
    maxNorm: 0,
  };
  /** Cases whose norm is under the current snapshot (the first `normed` slots). */
  private normed = 0;

  constructor(records: Iterable<CaseRecord> = []) {
    for (const r of records) this.add(r);
  }

  get size(): number {
    return this.cases.length;
  }

  /** Bytes of the typed arrays (postings and their bitmaps, case words, weights, filters): for the benchmark. */
  get typedArrayBytes(): number {
    return (
      this.postings.bytes +
      this.docTerms.byteLength +
      this.docCounts.byteLength +
      this.docStart.byteLength +
      this.receipts.byteLength +
      this.replied.byteLength +
      this.snapshotDf.byteLength +
      this.weights.norms.byteLength +
      this.weights.heaviest.byteLength +
      this.weights.heaviestShare.byteLength
    );
  }

  add(record: CaseRecord): void {
    if (this.byId.has(record.petitionId))
      throw new AssistInputError("petitionId", `${record.petitionId} is already in the index`);
    const counts = termCounts(caseText(record));
    const slot = this.cases.length;
    this.cases.push(summaryOf(record));
    this.byId.set(record.petitionId, slot);
    this.ensureDocCapacity(slot + 1, this.docTermsUsed + counts.size);
    for (const [word, n] of counts) {
      let term = this.terms.get(word);
      if (term === undefined) {
        term = this.termNames.length;
        this.terms.set(word, term);
        this.termNames.push(word);
      }
      const count = Math.min(n, 0xffff);
      this.postings.push(term, slot, count);
      this.docTerms[this.docTermsUsed] = term;
      this.docCounts[this.docTermsUsed] = count;
      this.docTermsUsed++;
    }
    this.docStart[slot + 1] = this.docTermsUsed;
    this.receipts[slot] = record.receivedAt;
    this.replied[slot] = record.reply ? 1 : 0;
  }

  /** Cases like the indexed petition `petitionId`, itself excluded. */
  similarTo(petitionId: string, options: SimilarOptions = {}): SimilarCase[] {
    const slot = this.byId.get(petitionId);
    if (slot === undefined)
      throw new AssistInputError("petitionId", `no petition ${petitionId} in the index`);
    const counts = new Map<string, number>();
    for (let i = this.docStart[slot] as number; i < (this.docStart[slot + 1] as number); i++)
      counts.set(this.termNames[this.docTerms[i] as number] as string, this.docCounts[i] as number);
    return this.search(counts, { ...options, exclude: slot });
  }

  /** Cases like a text not (yet) in the index: a petition at intake. */
  similarToText(text: string, options: SimilarOptions = {}): SimilarCase[] {
    return this.search(termCounts(text), options);
  }

  /** idf under the snapshot; a term unknown then counts as in no case. */
  private idf(term: number | undefined): number {
    const df = term === undefined || term >= this.snapshotDf.length ? 0 : this.snapshotDf[term];
    return Math.log((1 + this.snapshotN) / (1 + (df as number))) + 1;
  }

  /** Retake the idf snapshot when the index has grown past IDF_REFRESH; norm new cases. */
  private refresh(): void {
    const n = this.cases.length;
    if (this.snapshotN === 0 || n > this.snapshotN * (1 + IDF_REFRESH)) {
      this.snapshotN = n;
      this.snapshotDf = this.postings.documentFrequencies();
      this.postings.mapDenseTerms(n);
      this.normed = 0;
      this.weights.maxNorm = 0;
    }
    if (this.normed === n) return;
    const weights = this.weights;
    if (weights.norms.length < n) {
      weights.norms = grow(weights.norms, n);
      weights.heaviest = grow(weights.heaviest, n);
      weights.heaviestShare = grow(weights.heaviestShare, n);
    }
    for (let slot = this.normed; slot < n; slot++) {
      let sum = 0;
      let most = 0;
      let heaviest = -1;
      for (let i = this.docStart[slot] as number; i < (this.docStart[slot + 1] as number); i++) {
        const w = tfWeight(this.docCounts[i] as number) * this.idf(this.docTerms[i]);
        sum += w * w;
        if (w * w > most) {
          most = w * w;
          heaviest = this.docTerms[i] as number;
        }
      }
      const norm = Math.sqrt(sum);
      weights.norms[slot] = norm;
      if (norm > weights.maxNorm) weights.maxNorm = norm;
      weights.heaviest[slot] = heaviest;
      // Rounded down (and a little more) into 32 bits: the bound √(1 − share) only loosens.
      weights.heaviestShare[slot] = sum === 0 ? 0 : Math.fround((most / sum) * (1 - 1e-6));
    }
    this.normed = n;
  }

  private search(
    counts: Map<string, number>,
    options: SimilarOptions & { exclude?: number },
  ): SimilarCase[] {
    const limit = options.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1)
      throw new AssistInputError("limit", "must be an integer ≥ 1");
    const repliedOnly = options.repliedOnly ?? true;
    this.refresh();
    const query: [string, number][] = [];
    let squares = 0;
    for (const [word, n] of counts) {
      const w = tfWeight(n) * this.idf(this.terms.get(word));
      query.push([word, w]);
      squares += w * w;
    }
    const queryNorm = Math.sqrt(squares);
    if (queryNorm === 0) return [];
    const telling = query.sort((a, b) => b[1] - a[1]).slice(0, MAX_QUERY_TERMS);
    const terms: QueryTerm[] = [];
    telling.forEach(([word, wq], bit) => {
      const term = this.terms.get(word);
      if (term === undefined) return;
      const { slots, counts, length, bits } = this.postings.of(term);
      terms.push({
        term,
        slots,
        counts,
        length,
        bits,
        factor: wq * this.idf(term),
        square: wq * wq,
        bit: 1 << bit,
      });
    });
    const { before, exclude } = options;
    const { receipts, replied } = this;
    const best = topCosines({
      terms,
      queryNorm,
      cases: this.weights,
      absent: this.absentWords(terms),
      limit,
      eligible: (slot) =>
        slot !== exclude &&
        (!repliedOnly || replied[slot] === 1) &&
        (before === undefined || (receipts[slot] as number) < before),
      compare: (a, b) => better(a, b, this.cases),
    });
    return best.map(({ slot, similarity, mask }) => {
      const c = this.cases[slot] as CaseSummary;
      return {
        petitionId: c.petitionId,
        title: c.title,
        similarity,
        org: c.org,
        status: c.status,
        outcome: c.outcome,
        reply: c.reply,
        daysToReply:
          c.deliveredAt === null ? null : Number(((c.deliveredAt - c.receivedAt) / DAY).toFixed(1)),
        sharedTerms: telling
          .filter((_, bit) => (mask & (1 << bit)) !== 0)
          .map(([t]) => t)
          .slice(0, 6),
      };
    });
  }

  /** The commonest words with a bitmap that are not among the query's `terms`. */
  private absentWords(terms: readonly QueryTerm[]): AbsentWord[] {
    const mapped = this.postings
      .mappedTerms()
      .filter((term) => !terms.some((t) => t.term === term));
    const df = (term: number) => this.postings.of(term).length;
    return mapped
      .sort((a, b) => df(b) - df(a))
      .slice(0, ABSENT_WORDS)
      .map((term) => ({
        bits: this.postings.of(term).bits as Uint32Array,
        weight: this.idf(term),
      }));
  }

  private ensureDocCapacity(slots: number, terms: number): void {
    if (this.docStart.length < slots + 1) this.docStart = grow(this.docStart, slots + 1);
    if (this.receipts.length < slots) {
      this.receipts = grow(this.receipts, slots);
      this.replied = grow(this.replied, slots);
    }
    if (this.docTerms.length < terms) {
      this.docTerms = grow(this.docTerms, terms);
      this.docCounts = grow(this.docCounts, terms);
    }
  }
}

/** A copy at least `need` long (doubling). */
const grow = <A extends Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array>(
  array: A,
  need: number,
): A => {
  let length = array.length;
  while (length < need) length *= 2;
  const next = new (array.constructor as new (n: number) => A)(length);
  next.set(array);
  return next;
};
