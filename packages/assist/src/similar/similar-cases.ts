import { type CaseRecord, caseText } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";
import { Postings } from "./postings.js";

/**
 * 类案推送: for a petition, the past cases most like it, each with its
 * outcome, the reply and the time it took to reply. Word TF-IDF cosine over
 * an inverted index; only a petition's 24 most telling words are looked up.
 *
 * Built for a million cases at intake: the postings are typed arrays (term
 * counts beside the case slots), each case's norm is cached, so a query adds
 * up the postings of its words into one array of scores and never reads a
 * case's words; only the best few become results. The cached norms and the
 * idf they use are those of a snapshot of the document frequencies, taken
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
const MAX_CHARS = 800;
const DAY = 86_400_000;
/** The idf snapshot is retaken when the index has grown by this share since the last one. */
export const IDF_REFRESH = 0.02;
/** A term count's weight, 1 + ln n (counts above this are rare: computed). */
const TF_TABLE = Float64Array.from({ length: 256 }, (_, n) => (n === 0 ? 0 : 1 + Math.log(n)));
const tfWeight = (n: number): number => (n < 256 ? (TF_TABLE[n] as number) : 1 + Math.log(n));

/** Half the rounding step of a similarity, and some: a cosine this far under another cannot round above it. */
const ROUNDING = 0.0001;
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

/** One accumulated case during a query. */
interface Scored {
  slot: number;
  similarity: number;
}

/** Better first: higher similarity (as rounded for the result), then petition id. */
const better = (a: Scored, b: Scored, ids: readonly CaseSummary[]): number =>
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
  private docTermsUsed = 0;
  /** The idf snapshot: N and each term's document frequency then; norms under it. */
  private snapshotN = 0;
  private snapshotDf: Int32Array = new Int32Array(0);
  private norms = new Float64Array(1024);
  /** Cases whose norm is under the current snapshot (the first `normed` slots). */
  private normed = 0;
  /** A query's scores, one a case, zero outside a query; and which telling words each case has. */
  private scores = new Float64Array(1024);
  private masks = new Int32Array(1024);

  constructor(records: Iterable<CaseRecord> = []) {
    for (const r of records) this.add(r);
  }

  get size(): number {
    return this.cases.length;
  }

  /** Bytes of the typed arrays (postings, case words, norms, scores): for the benchmark. */
  get typedArrayBytes(): number {
    return (
      this.postings.bytes +
      this.docTerms.byteLength +
      this.docCounts.byteLength +
      this.docStart.byteLength +
      this.snapshotDf.byteLength +
      this.norms.byteLength +
      this.scores.byteLength +
      this.masks.byteLength
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
      this.normed = 0;
    }
    if (this.normed === n) return;
    if (this.norms.length < n) this.norms = grow(this.norms, n);
    for (let slot = this.normed; slot < n; slot++) {
      let sum = 0;
      for (let i = this.docStart[slot] as number; i < (this.docStart[slot + 1] as number); i++) {
        const w = tfWeight(this.docCounts[i] as number) * this.idf(this.docTerms[i]);
        sum += w * w;
      }
      this.norms[slot] = Math.sqrt(sum);
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
    if (this.scores.length < this.cases.length) {
      this.scores = grow(this.scores, this.cases.length);
      this.masks = grow(this.masks, this.cases.length);
    }
    // Add up each telling word's postings; `touched` lists the cases that got a score.
    const touched: number[] = [];
    const { scores, masks, norms } = this;
    telling.forEach(([word, wq], bit) => {
      const term = this.terms.get(word);
      if (term === undefined) return;
      const factor = wq * this.idf(term);
      const { slots, counts, length } = this.postings.of(term);
      for (let i = 0; i < length; i++) {
        const slot = slots[i] as number;
        const score = scores[slot] as number;
        if (score === 0) touched.push(slot);
        scores[slot] = score + factor * tfWeight(counts[i] as number);
        masks[slot] = (masks[slot] as number) | (1 << bit);
      }
    });
    // The best `limit` that pass the filters, kept sorted (few: insertion is
    // cheap). A case rounds below the last kept one when its cosine is more
    // than the rounding step under it: those are passed over unrounded.
    const best: Scored[] = [];
    let floor = -1;
    for (const slot of touched) {
      const dot = scores[slot] as number;
      scores[slot] = 0;
      const norm = norms[slot] as number;
      const cosine = norm === 0 ? 0 : dot / (norm * queryNorm);
      if (cosine < floor || slot === options.exclude) continue;
      const c = this.cases[slot] as CaseSummary;
      if (repliedOnly && c.reply === null) continue;
      if (options.before !== undefined && !(c.receivedAt < options.before)) continue;
      const scored = { slot, similarity: Number(cosine.toFixed(4)) };
      if (best.length === limit && better(scored, best[limit - 1] as Scored, this.cases) >= 0)
        continue;
      let at = best.length;
      while (at > 0 && better(scored, best[at - 1] as Scored, this.cases) < 0) at--;
      best.splice(at, 0, scored);
      if (best.length > limit) best.pop();
      if (best.length === limit) floor = (best[limit - 1] as Scored).similarity - ROUNDING;
    }
    const results = best.map(({ slot, similarity }) => {
      const c = this.cases[slot] as CaseSummary;
      const mask = masks[slot] as number;
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
    for (const slot of touched) masks[slot] = 0;
    return results;
  }

  private ensureDocCapacity(slots: number, terms: number): void {
    if (this.docStart.length < slots + 1) this.docStart = grow(this.docStart, slots + 1);
    if (this.docTerms.length < terms) {
      this.docTerms = grow(this.docTerms, terms);
      this.docCounts = grow(this.docCounts, terms);
    }
  }
}

/** A copy at least `need` long (doubling). */
const grow = <A extends Int32Array | Uint16Array | Float64Array>(array: A, need: number): A => {
  let length = array.length;
  while (length < need) length *= 2;
  const next = new (array.constructor as new (n: number) => A)(length);
  next.set(array);
  return next;
};
