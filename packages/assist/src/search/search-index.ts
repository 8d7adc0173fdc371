import type { EventEnvelope } from "@petitio/core";
import Database from "better-sqlite3";
import type { CaseRecord } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { bigramTokens } from "./bigrams.js";
import { caseUpdateOf, changedRecord } from "./case-updates.js";
import {
  filterConditions,
  hitOf,
  parseSearch,
  rankWindowOf,
  type SearchFilters,
  type SearchOptions,
  type SearchResult,
} from "./search-query.js";

export type { SearchFilters, SearchHit, SearchOptions, SearchResult } from "./search-query.js";
export { DEFAULT_RANK_WINDOW } from "./search-query.js";

/**
 * Chinese full-text search as a projection of the log, in a SQLite file of
 * its own (or in memory). FTS5's trigram tokenizer finds nothing for a
 * 2-character query (停车, 噪音, 物业 — the commonest kind), so the text is
 * stored pre-split into overlapping bigrams and a query becomes a phrase of
 * its bigrams: exact for 2 characters and more. A 1-character query falls
 * back to LIKE over the stored texts. `checkpoint` is the last log position
 * applied, so an index catches up with a store instead of being rebuilt.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_cases (
  id INTEGER PRIMARY KEY,
  petition_id TEXT NOT NULL UNIQUE,
  org TEXT NOT NULL, category TEXT NOT NULL, topic TEXT, status TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  title TEXT NOT NULL, content TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_cases_received ON search_cases(received_at);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  title, content, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
`;

const FORMAT = "petitio-assist-search/1";

/** FTS5 phrase syntax: a double-quoted string, quotes doubled. */
const phrase = (tokens: readonly string[]): string => `"${tokens.join(" ").replace(/"/g, '""')}"`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class SearchIndex {
  private readonly db: Database.Database;
  private readonly insertCase: Database.Statement;
  private readonly insertText: Database.Statement;
  private readonly updateCase: Database.Statement;
  private readonly loadCase: Database.Statement;

  /** How many of the newest matches bm25 ranks (SearchOptions.rankWindow). */
  readonly rankWindow: number;

  constructor(file = ":memory:", options: SearchOptions = {}) {
    this.rankWindow = rankWindowOf(options);
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    const format = this.db.prepare("SELECT value FROM search_meta WHERE key = 'format'").get() as
      | { value: string }
      | undefined;
    if (format === undefined)
      this.db.prepare("INSERT INTO search_meta VALUES ('format', ?)").run(FORMAT);
    else if (format.value !== FORMAT) {
      throw new AssistInputError(
        "index",
        `${file} is a search index of format ${format.value}, not ${FORMAT}: delete it to rebuild`,
      );
    }
    this.insertCase = this.db.prepare(
      `INSERT INTO search_cases (petition_id, org, category, topic, status, received_at, title, content, record)
       VALUES (@petitionId, @org, @category, @topic, @status, @receivedAt, @title, @content, @record)`,
    );
    this.insertText = this.db.prepare(
      "INSERT INTO search_fts (rowid, title, content) VALUES (?, ?, ?)",
    );
    this.updateCase = this.db.prepare(
      "UPDATE search_cases SET org = @org, status = @status, record = @record WHERE petition_id = @petitionId",
    );
    this.loadCase = this.db.prepare("SELECT record FROM search_cases WHERE petition_id = ?");
  }

  /** Last log position applied (0 for a new index). */
  get checkpoint(): number {
    const row = this.db.prepare("SELECT value FROM search_meta WHERE key = 'checkpoint'").get() as
      | { value: string }
      | undefined;
    return row === undefined ? 0 : Number(row.value);
  }

  get size(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM search_cases").get() as { n: number }).n;
  }

  /** Index a case as it is now (registration, or a record from `collectCases`). */
  addCase(record: CaseRecord): void {
    const info = this.insertCase.run({
      petitionId: record.petitionId,
      org: record.org,
      category: record.category,
      topic: record.topic,
      status: record.status,
      receivedAt: record.receivedAt,
      title: record.title,
      content: record.content,
      record: JSON.stringify(record),
    });
    this.insertText.run(
      info.lastInsertRowid,
      bigramTokens(record.title).join(" "),
      bigramTokens(record.content).join(" "),
    );
  }

  /** Apply log events past the checkpoint, in one transaction. */
  applyEvents(events: Iterable<EventEnvelope>): number {
    let applied = 0;
    this.db.transaction(() => {
      let last = this.checkpoint;
      for (const event of events) {
        if (event.position <= last) continue;
        this.applyOne(event);
        last = event.position;
        applied++;
      }
      this.db
        .prepare("INSERT OR REPLACE INTO search_meta VALUES ('checkpoint', ?)")
        .run(String(last));
    })();
    return applied;
  }

  /** Index many cases in one transaction (a rebuild, or a benchmark). */
  addCases(records: Iterable<CaseRecord>): void {
    this.db.transaction(() => {
      for (const r of records) this.addCase(r);
    })();
  }

  private applyOne(event: EventEnvelope): void {
    const update = caseUpdateOf(event);
    if (update.kind === "register") {
      for (const record of update.records) {
        if (this.loadCase.get(record.petitionId) === undefined) this.addCase(record);
      }
      return;
    }
    if (update.kind === "none") return;
    const { petitionId } = update;
    const row = this.loadCase.get(petitionId) as { record: string } | undefined;
    const record = row === undefined ? undefined : changedRecord(petitionId, row.record, event);
    if (record !== undefined)
      this.updateCase.run({
        petitionId,
        org: record.org,
        status: record.status,
        record: JSON.stringify(record),
      });
  }

  /**
   * Ranked by bm25 (title weighs 3, content 1), or by receipt, newest first
   * (`order: "recent"`): ranking scores every match, so a common word over
   * millions of petitions is faster newest-first (docs/performance.md).
   */
  search(
    query: string,
    filters: SearchFilters = {},
    limit = 20,
    order: "rank" | "recent" = "rank",
  ): SearchResult {
    const { runs, single, terms } = parseSearch(query, limit);
    const params: Record<string, string | number> = { limit };
    const where = filterConditions(filters).map((f, i) => {
      params[`f${i}`] = f.value;
      return `c.${f.column} ${f.op} @f${i}`;
    });
    let rows: (Record<string, unknown> & { rank: number })[];
    let method: SearchResult["method"];
    let ranked: number | undefined;
    if (single) {
      method = "like";
      runs.forEach((r, i) => {
        where.push(`(c.title LIKE @like${i} ESCAPE '\\' OR c.content LIKE @like${i} ESCAPE '\\')`);
        params[`like${i}`] = `%${escapeLike(r)}%`;
      });
      rows = this.db
        .prepare(
          `SELECT c.*, 0 AS rank FROM search_cases c WHERE ${where.join(" AND ")} ORDER BY c.received_at DESC LIMIT @limit`,
        )
        .all(params) as typeof rows;
    } else {
      method = "fts5";
      // Each run of 2+ characters is a phrase of its bigrams; the phrases are ANDed.
      params.match = runs
        .map((r) => (Array.from(r).length === 1 ? phrase([r]) : phrase(bigramTokens(r))))
        .join(" AND ");
      const filter = where.length > 0 ? `AND ${where.join(" AND ")}` : "";
      const select = (bound: number | undefined) =>
        this.db
          .prepare(
            `SELECT c.*, bm25(search_fts, 3.0, 1.0) AS rank FROM search_fts JOIN search_cases c ON c.id = search_fts.rowid
             WHERE search_fts MATCH @match ${bound === undefined ? "" : "AND search_fts.rowid >= @bound"} ${filter}
             ORDER BY ${order === "rank" ? "rank" : "search_fts.rowid DESC"} LIMIT @limit`,
          )
          .all({ ...params, bound }) as typeof rows;
      if (order === "recent") rows = select(undefined);
      else {
        // bm25 scores every match before it sorts: over a word in every tenth of
        // a million petitions that takes seconds. So rank among the newest
        // `rankWindow` matches (FTS5 walks rowids newest first and stops), and
        // widen the window while filters leave fewer than `limit` hits.
        let window = this.rankWindow;
        for (;;) {
          const bound = this.newestMatchBound(params.match, window);
          rows = select(bound);
          if (bound === undefined || rows.length >= limit) {
            ranked = bound === undefined ? undefined : window;
            break;
          }
          window *= 4;
        }
      }
    }
    return {
      query,
      method,
      ...(ranked === undefined ? {} : { rankedAmongNewest: ranked }),
      hits: rows.map((row) => hitOf(row, -row.rank, terms)),
    };
  }

  /** The rowid of the `window`-th newest match, or undefined when there are fewer matches. */
  private newestMatchBound(match: string | number | undefined, window: number): number | undefined {
    const row = this.db
      .prepare(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
      )
      .get(match, window - 1) as { rowid: number } | undefined;
    return row?.rowid;
  }

  close(): void {
    this.db.close();
  }
}
