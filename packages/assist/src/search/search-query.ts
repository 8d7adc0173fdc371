import type { CaseStatus } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { normalizeText } from "../text/normalize.js";
import { queryRuns } from "./bigrams.js";
import { highlight } from "./highlight.js";

/** What both search indexes (SQLite, PostgreSQL) share: filters, query checks and hits. */
export interface SearchFilters {
  org?: string;
  category?: string;
  topic?: string;
  status?: CaseStatus;
  /** receivedAt ≥ from (epoch ms). */
  from?: number;
  /** receivedAt < to (epoch ms). */
  to?: number;
}

export interface SearchHit {
  petitionId: string;
  title: string;
  org: string;
  category: string;
  topic: string | null;
  status: CaseStatus;
  receivedAt: string;
  /**
   * Higher is better. SQLite: negated FTS5 bm25, or newest first
   * termFrequencyScore; PostgreSQL: termFrequencyScore (docs/assist.md §3).
   */
  score: number;
  highlights: string[];
}

export interface SearchResult {
  query: string;
  /**
   * "fts5" (SQLite) or "bigrams" (PostgreSQL gram array). "like" was a
   * 1-character query's scan before single characters were indexed; no index
   * returns it now.
   */
  method: "fts5" | "bigrams" | "like";
  /** Set when there were more matches than the rank window: only this many newest ones were ranked. */
  rankedAmongNewest?: number;
  hits: SearchHit[];
}

export interface SearchOptions {
  /**
   * Ranked search scores at most this many of the newest matches (default
   * 2,000): a bound on the work for a word that half the petitions contain.
   */
  rankWindow?: number;
}

export const DEFAULT_RANK_WINDOW = 2000;

export const rankWindowOf = (options: SearchOptions): number => {
  const { rankWindow = DEFAULT_RANK_WINDOW } = options;
  if (!Number.isInteger(rankWindow) || rankWindow < 1)
    throw new AssistInputError("rankWindow", "must be an integer ≥ 1");
  return rankWindow;
};

/** A filter as a column, an operator and a value (each index writes its own placeholders). */
export interface FilterCondition {
  column: "org" | "category" | "topic" | "status" | "received_at";
  op: "=" | ">=" | "<";
  value: string | number;
}

export const filterConditions = (filters: SearchFilters): FilterCondition[] => {
  const out: FilterCondition[] = [];
  for (const column of ["org", "category", "topic", "status"] as const) {
    const value = filters[column];
    if (value !== undefined) out.push({ column, op: "=", value });
  }
  if (filters.from !== undefined)
    out.push({ column: "received_at", op: ">=", value: filters.from });
  if (filters.to !== undefined) out.push({ column: "received_at", op: "<", value: filters.to });
  return out;
};

/** The query's runs of letters and digits, checked with the limit; `single` when every run is one character. */
export const parseSearch = (
  query: string,
  limit: number,
): { runs: string[]; single: boolean; terms: string[] } => {
  const runs = queryRuns(query);
  if (runs.length === 0)
    throw new AssistInputError("query", "must contain at least one letter or digit");
  if (!Number.isInteger(limit) || limit < 1)
    throw new AssistInputError("limit", "must be an integer ≥ 1");
  return {
    runs,
    single: runs.every((r) => Array.from(r).length === 1),
    terms: runs.map((r) => normalizeText(r)),
  };
};

/** Non-overlapping occurrences of `term` in `text`. */
const occurrences = (text: string, term: string): number => text.split(term).length - 1;

/**
 * Term frequency, the title counting 3×, damped by the content's length: the
 * PostgreSQL index's rank, and the SQLite index's score of a newest-first
 * result (which skips bm25: its document frequencies cost a walk over every
 * match of each word).
 */
export const termFrequencyScore = (
  title: string,
  content: string,
  terms: readonly string[],
): number => {
  const t = normalizeText(title);
  const c = normalizeText(content);
  const tf = terms.reduce((sum, term) => sum + 3 * occurrences(t, term) + occurrences(c, term), 0);
  return tf / Math.sqrt(1 + c.length / 100);
};

/** A stored row (snake_case columns) as a hit, with highlights of the query's terms. */
export const hitOf = (
  row: Record<string, unknown>,
  score: number,
  terms: readonly string[],
): SearchHit => ({
  petitionId: row.petition_id as string,
  title: row.title as string,
  org: row.org as string,
  category: row.category as string,
  topic: (row.topic as string | null) ?? null,
  status: row.status as CaseStatus,
  receivedAt: new Date(Number(row.received_at)).toISOString(),
  score: Number(score.toFixed(4)) || 0,
  highlights: highlight(`${row.title as string}\n${row.content as string}`, terms),
});
