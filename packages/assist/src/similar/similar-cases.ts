import { type CaseRecord, caseText } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";

/**
 * 类案推送: for a petition, the past cases most like it, each with its
 * outcome, the reply and the time it took to reply. Word TF-IDF cosine over
 * an inverted index; only a case's most telling words are looked up, so a
 * query touches the few cases that share them.
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

interface Doc {
  record: CaseRecord;
  counts: Map<string, number>;
  norm: number;
}

export class SimilarCaseIndex {
  private readonly docs: Doc[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();

  constructor(records: Iterable<CaseRecord> = []) {
    for (const r of records) this.add(r);
  }

  get size(): number {
    return this.docs.length;
  }

  add(record: CaseRecord): void {
    const counts = new Map<string, number>();
    for (const w of words(caseText(record).slice(0, MAX_CHARS))) {
      if (isContentWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const slot = this.docs.length;
    this.docs.push({ record, counts, norm: 0 });
    this.byId.set(record.petitionId, slot);
    for (const term of counts.keys()) {
      const list = this.postings.get(term);
      if (list) list.push(slot);
      else this.postings.set(term, [slot]);
    }
  }

  private idf(term: string): number {
    return Math.log((1 + this.docs.length) / (1 + (this.postings.get(term)?.length ?? 0))) + 1;
  }

  private weights(counts: Map<string, number>): Map<string, number> {
    const w = new Map<string, number>();
    for (const [term, n] of counts) w.set(term, (1 + Math.log(n)) * this.idf(term));
    return w;
  }

  /** Cases like the indexed petition `petitionId`, itself excluded. */
  similarTo(petitionId: string, options: SimilarOptions = {}): SimilarCase[] {
    const slot = this.byId.get(petitionId);
    if (slot === undefined)
      throw new AssistInputError("petitionId", `no petition ${petitionId} in the index`);
    const doc = this.docs[slot] as Doc;
    return this.search(doc.counts, { ...options, exclude: petitionId });
  }

  /** Cases like a text not (yet) in the index: a petition at intake. */
  similarToText(text: string, options: SimilarOptions = {}): SimilarCase[] {
    const counts = new Map<string, number>();
    for (const w of words(text.slice(0, MAX_CHARS)))
      if (isContentWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return this.search(counts, options);
  }

  private search(
    counts: Map<string, number>,
    options: SimilarOptions & { exclude?: string },
  ): SimilarCase[] {
    const limit = options.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1)
      throw new AssistInputError("limit", "must be an integer ≥ 1");
    const repliedOnly = options.repliedOnly ?? true;
    const query = this.weights(counts);
    const queryNorm = Math.sqrt([...query.values()].reduce((s, v) => s + v * v, 0));
    if (queryNorm === 0) return [];
    const telling = [...query.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_QUERY_TERMS);
    const dots = new Map<number, number>();
    for (const [term, wq] of telling) {
      const idf = this.idf(term);
      for (const s of this.postings.get(term) ?? []) {
        const n = this.docs[s]?.counts.get(term) ?? 1;
        dots.set(s, (dots.get(s) ?? 0) + wq * (1 + Math.log(n)) * idf);
      }
    }
    const results: SimilarCase[] = [];
    for (const [s, partial] of dots) {
      const doc = this.docs[s] as Doc;
      const r = doc.record;
      if (r.petitionId === options.exclude) continue;
      if (repliedOnly && r.reply === null) continue;
      if (options.before !== undefined && !(r.receivedAt < options.before)) continue;
      const w = this.weights(doc.counts);
      const norm = Math.sqrt([...w.values()].reduce((sum, v) => sum + v * v, 0));
      const similarity = norm === 0 ? 0 : partial / (norm * queryNorm);
      const shared = telling.filter(([t]) => doc.counts.has(t)).map(([t]) => t);
      results.push({
        petitionId: r.petitionId,
        title: r.title,
        similarity: Number(similarity.toFixed(4)),
        org: r.org,
        status: r.status,
        outcome: r.reply?.outcome ?? null,
        reply: r.reply ? r.reply.summary.slice(0, 200) : null,
        daysToReply: r.reply
          ? Number(((r.reply.deliveredAt - r.receivedAt) / DAY).toFixed(1))
          : null,
        sharedTerms: shared.slice(0, 6),
      });
    }
    results.sort((a, b) => b.similarity - a.similarity || a.petitionId.localeCompare(b.petitionId));
    return results.slice(0, limit);
  }
}
