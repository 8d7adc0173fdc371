import type { EventEnvelope } from "@petitio/core";
import Database from "better-sqlite3";
import type { CaseRecord } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { bigramColumn, bigramTokens, charTokens } from "./bigrams.js";
import { caseUpdateOf, changedRecord } from "./case-updates.js";
import { RECEIPT_BLOCKS_SCHEMA, ReceiptBlocks, type RowidSpan } from "./receipt-blocks.js";
import {
  filterConditions,
  hitOf,
  parseSearch,
  rankWindowOf,
  type SearchFilters,
  type SearchOptions,
  type SearchResult,
  termFrequencyScore,
} from "./search-query.js";

export type { SearchFilters, SearchHit, SearchOptions, SearchResult } from "./search-query.js";
export { DEFAULT_RANK_WINDOW } from "./search-query.js";

/**
 * Chinese full-text search as a projection of the log, in a SQLite file of
 * its own (or in memory). FTS5's trigram tokenizer finds nothing for a
 * 2-character query (停车, 噪音, 物业 — the commonest kind), so the text is
 * stored pre-split into overlapping bigrams and a word of the query becomes
 * a phrase of its bigrams: exact for 2 characters and more. Each character
 * is also a token of two more columns, so a 1-character word is an index
 * lookup too. `checkpoint` is the last log position applied, so an index
 * catches up with a store instead of being rebuilt.
 */
const CASES_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_cases (
  id INTEGER PRIMARY KEY,
  petition_id TEXT NOT NULL UNIQUE,
  org TEXT NOT NULL, category TEXT NOT NULL, topic TEXT, status TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  title TEXT NOT NULL, content TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_cases_received ON search_cases(received_at);
`;

/** title, content: bigrams (bigramColumn); title_chars, content_chars: single characters. */
const FTS_SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  title, content, title_chars, content_chars,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
`;

const FORMAT = "petitio-assist-search/2";
/** Bigrams only, no run breaks, no single characters: migrated by re-tokenising the stored texts. */
const FORMAT_BIGRAMS_ONLY = "petitio-assist-search/1";

/** Title weighs 3, content 1, in both kinds of column. */
const BM25 = "bm25(search_fts, 3.0, 1.0, 3.0, 1.0)";

/** What a hit shows (hitOf): not the stored record, which is long. */
const HIT_COLUMNS =
  "c.petition_id, c.org, c.category, c.topic, c.status, c.received_at, c.title, c.content";

/** FTS5 phrase syntax: a double-quoted string, quotes doubled. */
const phrase = (tokens: readonly string[]): string => `"${tokens.join(" ").replace(/"/g, '""')}"`;

/** A word of the query in FTS5 syntax: one character in the character columns, else a bigram phrase. */
const wordMatch = (run: string): string =>
  Array.from(run).length === 1
    ? `{title_chars content_chars} : ${phrase([run])}`
    : `{title content} : ${phrase(bigramTokens(run))}`;

const INSERT_TEXT =
  "INSERT INTO search_fts (rowid, title, content, title_chars, content_chars) VALUES (?, ?, ?, ?, ?)";

const insertTexts = (
  insert: Database.Statement,
  rowid: number | bigint,
  title: string,
  content: string,
): void => {
  insert.run(
    rowid,
    bigramColumn(title),
    bigramColumn(content),
    charTokens(title).join(" "),
    charTokens(content).join(" "),
  );
};

/**
 * A format-1 index (bigrams only) to format 2: its FTS5 table rebuilt from
 * the stored titles and contents, and the receipt blocks filled, in one
 * transaction (SQLite's DDL is transactional: a crash leaves format 1).
 */
const migrateFromBigramsOnly = (db: Database.Database): void => {
  db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS search_fts; ${FTS_SCHEMA} ${RECEIPT_BLOCKS_SCHEMA}`);
    const insert = db.prepare(INSERT_TEXT);
    const page = db.prepare(
      "SELECT id, title, content FROM search_cases WHERE id > ? ORDER BY id LIMIT 5000",
    );
    let last = 0;
    for (;;) {
      const rows = page.all(last) as { id: number; title: string; content: string }[];
      if (rows.length === 0) break;
      for (const row of rows) insertTexts(insert, row.id, row.title, row.content);
      last = (rows.at(-1) as { id: number }).id;
    }
    ReceiptBlocks.rebuild(db);
    db.prepare("UPDATE search_meta SET value = ? WHERE key = 'format'").run(FORMAT);
  })();
};

export class SearchIndex {
  private readonly db: Database.Database;
  private readonly insertCase: Database.Statement;
  private readonly insertText: Database.Statement;
  private readonly updateCase: Database.Statement;
  private readonly loadCase: Database.Statement;
  private readonly blocks: ReceiptBlocks;

  /** How many of the newest matches bm25 ranks (SearchOptions.rankWindow). */
  readonly rankWindow: number;

  constructor(file = ":memory:", options: SearchOptions = {}) {
    this.rankWindow = rankWindowOf(options);
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    );
    const format = (
      this.db.prepare("SELECT value FROM search_meta WHERE key = 'format'").get() as
        | { value: string }
        | undefined
    )?.value;
    if (format !== undefined && format !== FORMAT && format !== FORMAT_BIGRAMS_ONLY) {
      this.db.close();
      throw new AssistInputError(
        "index",
        `${file} is a search index of format ${format}, not ${FORMAT}: delete it to rebuild`,
      );
    }
    if (format === FORMAT_BIGRAMS_ONLY) migrateFromBigramsOnly(this.db);
    this.db.exec(CASES_SCHEMA + FTS_SCHEMA + RECEIPT_BLOCKS_SCHEMA);
    this.insertCase = this.db.prepare(
      `INSERT INTO search_cases (petition_id, org, category, topic, status, received_at, title, content, record)
       VALUES (@petitionId, @org, @category, @topic, @status, @receivedAt, @title, @content, @record)`,
    );
    this.insertText = this.db.prepare(INSERT_TEXT);
    this.updateCase = this.db.prepare(
      "UPDATE search_cases SET org = @org, status = @status, record = @record WHERE petition_id = @petitionId",
    );
    this.loadCase = this.db.prepare("SELECT record FROM search_cases WHERE petition_id = ?");
    this.blocks = new ReceiptBlocks(this.db);
    if (format === undefined)
      this.db.prepare("INSERT INTO search_meta VALUES ('format', ?)").run(FORMAT);
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
    insertTexts(this.insertText, info.lastInsertRowid, record.title, record.content);
    this.blocks.add(info.lastInsertRowid, record.receivedAt);
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
   * (`order: "recent"`, scored by term frequency, see termFrequencyScore):
   * bm25 counts every match of each word for its document frequency, so a
   * common word over millions of petitions is faster newest-first
   * (docs/performance.md).
   */
  search(
    query: string,
    filters: SearchFilters = {},
    limit = 20,
    order: "rank" | "recent" = "rank",
  ): SearchResult {
    const { runs, terms } = parseSearch(query, limit);
    const method = "fts5";
    const params: Record<string, string | number> = { limit };
    const where = filterConditions(filters).map((f, i) => {
      params[`f${i}`] = f.value;
      return `c.${f.column} ${f.op} @f${i}`;
    });
    // A time filter bounds the rowids FTS5 visits (receipt-blocks.ts).
    let span: RowidSpan | undefined;
    if (filters.from !== undefined || filters.to !== undefined) {
      const found = this.blocks.span(filters.from, filters.to);
      if (found === null) return { query, method, hits: [] };
      span = found;
      where.push("search_fts.rowid <= @hi");
      params.hi = span.hi;
    }
    // Each word is a phrase of its bigrams (or one character); the words are ANDed.
    const match = runs.map(wordMatch).join(" AND ");
    // FTS5 does not seek to a rowid bound: it walks the doclist from one end.
    // So read the window newest first (from the newest end down to it), or,
    // for ranking when the time span lies nearer the oldest end, oldest first
    // up to it (newest first order would then have to read the whole span,
    // which measured slower). Then the best `limit` of the window with their
    // texts. The inner join is there for the filters on case columns.
    const ascending =
      order === "rank" && span !== undefined && span.hi < this.lastRowid() - span.hi;
    const join =
      filterConditions(filters).length > 0 ? "JOIN search_cases c ON c.id = search_fts.rowid" : "";
    const select = (lo: number | undefined, window: number) =>
      this.db
        .prepare(
          `WITH best AS MATERIALIZED (
             SELECT search_fts.rowid AS id, ${order === "rank" ? BM25 : "0"} AS rank FROM search_fts ${join}
             WHERE ${["search_fts MATCH @match", ...(lo === undefined ? [] : ["search_fts.rowid >= @lo"]), ...where].join(" AND ")}
             ORDER BY search_fts.rowid ${ascending ? "ASC" : "DESC"} LIMIT @window)
           SELECT ${HIT_COLUMNS}, best.rank FROM best JOIN search_cases c ON c.id = best.id
           ORDER BY ${order === "rank" ? "best.rank, " : ""}best.id DESC LIMIT @limit`,
        )
        .all({ ...params, match, lo, window }) as (Record<string, unknown> & { rank: number })[];
    let rows: ReturnType<typeof select>;
    let ranked: number | undefined;
    if (order === "recent") rows = select(span?.lo, limit);
    else {
      // bm25 scores every match before it sorts: over a word in every tenth of
      // a million petitions that takes seconds. So rank among the newest
      // `rankWindow` matches (FTS5 walks rowids newest first and stops), and
      // widen the window while filters leave fewer than `limit` hits.
      let window = this.rankWindow;
      for (;;) {
        const bound = this.newestMatchBound(match, window, span, ascending);
        rows = select(bound ?? span?.lo, window);
        if (bound === undefined || rows.length >= limit) {
          ranked = bound === undefined ? undefined : window;
          break;
        }
        window *= 4;
      }
    }
    return {
      query,
      method,
      ...(ranked === undefined ? {} : { rankedAmongNewest: ranked }),
      hits: rows.map((row) =>
        hitOf(
          row,
          order === "rank"
            ? -row.rank
            : termFrequencyScore(row.title as string, row.content as string, terms),
          terms,
        ),
      ),
    };
  }

  /** The rowid of the `window`-th newest match in the span, or undefined when there are fewer matches. */
  private newestMatchBound(
    match: string,
    window: number,
    span: RowidSpan | undefined,
    ascending: boolean,
  ): number | undefined {
    const within = span === undefined ? "" : `AND rowid >= ${span.lo} AND rowid <= ${span.hi}`;
    // Oldest first: the span's matches are read in that order, then counted from the newest.
    const sql = ascending
      ? `WITH m AS MATERIALIZED (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ${within} ORDER BY rowid ASC)
         SELECT id AS rowid FROM m ORDER BY id DESC LIMIT 1 OFFSET ?`
      : `SELECT rowid FROM search_fts WHERE search_fts MATCH ? ${within} ORDER BY rowid DESC LIMIT 1 OFFSET ?`;
    const row = this.db.prepare(sql).get(match, window - 1) as { rowid: number } | undefined;
    return row?.rowid;
  }

  private lastRowid(): number {
    return (
      (this.db.prepare("SELECT max(id) AS id FROM search_cases").get() as { id: number | null })
        .id ?? 0
    );
  }

  close(): void {
    this.db.close();
  }
}
