import type { EventEnvelope } from "@petitio/core";
import type pg from "pg";
import type { CaseRecord } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { normalizeText } from "../text/normalize.js";
import { bigramTokens, charTokens } from "./bigrams.js";
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

/**
 * The same Chinese search on PostgreSQL, for a deployment whose store is
 * PostgreSQL. No extension is needed: each case keeps the set of its
 * normalised character bigrams and single characters in a `text[]` column
 * with a GIN index, so a query's grams find the candidates (`grams @> …`:
 * bigrams for a word of 2+ characters, the kind pg_trgm's trigrams miss, the
 * character itself for a 1-character word), and `strpos` over the normalised
 * text keeps only those that contain each query run as written. Ranking is
 * term frequency, the title counting 3×, damped by the content's length
 * (PostgreSQL has no bm25), over the newest `rankWindow` matches, as in the
 * SQLite index.
 *
 * Methods are those of `SearchIndex`, asynchronous. Pass a `pg.Pool` (the
 * caller owns it) and a schema for the tables.
 */
export interface PostgresSearchOptions extends SearchOptions {
  pool: pg.Pool;
  /** Schema of the index tables (created if missing); default "petitio_assist". */
  schema?: string;
}

const FORMAT = "petitio-assist-search-pg/2";
/** Grams were bigrams only: migrated by recomputing them from the stored texts. */
const FORMAT_BIGRAMS_ONLY = "petitio-assist-search-pg/1";

/** What `grams @>` looks up: every bigram and every single character of the texts. */
const gramsOf = (title: string, content: string): string[] => [
  ...new Set([
    ...bigramTokens(title),
    ...bigramTokens(content),
    ...charTokens(title),
    ...charTokens(content),
  ]),
];

const schemaSql = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.search_cases (
  id BIGSERIAL PRIMARY KEY,
  petition_id TEXT NOT NULL UNIQUE,
  org TEXT NOT NULL, category TEXT NOT NULL, topic TEXT, status TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  title TEXT NOT NULL, content TEXT NOT NULL,
  norm_title TEXT NOT NULL, norm_content TEXT NOT NULL,
  grams TEXT[] NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_cases_grams ON ${s}.search_cases USING GIN (grams);
CREATE INDEX IF NOT EXISTS search_cases_received ON ${s}.search_cases (received_at);
`;

/** Cases a statement in `addCases`. */
const INSERT_BATCH = 1000;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Occurrences of `$n` in a column, in SQL. */
const occurrences = (column: string, param: string): string =>
  `((length(${column}) - length(replace(${column}, ${param}, ''))) / length(${param}))`;

export class PostgresSearchIndex {
  readonly schema: string;
  readonly rankWindow: number;
  private readonly pool: pg.Pool;

  private constructor(pool: pg.Pool, schema: string, rankWindow: number) {
    this.pool = pool;
    this.schema = schema;
    this.rankWindow = rankWindow;
  }

  /** Create the tables if missing and check the index's format. */
  static async open(options: PostgresSearchOptions): Promise<PostgresSearchIndex> {
    const schema = options.schema ?? "petitio_assist";
    if (!IDENTIFIER.test(schema))
      throw new AssistInputError("schema", "must be a lower-case SQL identifier");
    const index = new PostgresSearchIndex(options.pool, schema, rankWindowOf(options));
    await options.pool.query(schemaSql(schema));
    const found = await options.pool.query<{ value: string }>(
      `SELECT value FROM ${schema}.search_meta WHERE key = 'format'`,
    );
    const format = found.rows[0]?.value;
    if (format === undefined)
      await options.pool.query(
        `INSERT INTO ${schema}.search_meta VALUES ('format', $1) ON CONFLICT DO NOTHING`,
        [FORMAT],
      );
    else if (format === FORMAT_BIGRAMS_ONLY) await index.migrateFromBigramsOnly();
    else if (format !== FORMAT)
      throw new AssistInputError(
        "index",
        `schema ${schema} holds a search index of format ${format}, not ${FORMAT}: drop it to rebuild`,
      );
    return index;
  }

  /** Last log position applied (0 for a new index). */
  async checkpoint(): Promise<number> {
    const r = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.schema}.search_meta WHERE key = 'checkpoint'`,
    );
    return r.rows[0] === undefined ? 0 : Number(r.rows[0].value);
  }

  async size(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.schema}.search_cases`,
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Index cases as they are now, in one transaction; a case already indexed
   * is left as it is. Rows go in 1,000 a statement (a round trip a row was
   * most of the build time).
   */
  async addCases(records: Iterable<CaseRecord>): Promise<void> {
    await this.inTransaction(async (client) => {
      let batch: CaseRecord[] = [];
      for (const record of records) {
        batch.push(record);
        if (batch.length === INSERT_BATCH) {
          await this.insertMany(client, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await this.insertMany(client, batch);
    });
  }

  /** Apply log events past the checkpoint, in one transaction; returns how many were applied. */
  async applyEvents(events: Iterable<EventEnvelope>): Promise<number> {
    return this.inTransaction(async (client) => {
      const found = await client.query<{ value: string }>(
        `SELECT value FROM ${this.schema}.search_meta WHERE key = 'checkpoint' FOR UPDATE`,
      );
      let last = found.rows[0] === undefined ? 0 : Number(found.rows[0].value);
      let applied = 0;
      for (const event of events) {
        if (event.position <= last) continue;
        await this.applyOne(client, event);
        last = event.position;
        applied++;
      }
      await client.query(
        `INSERT INTO ${this.schema}.search_meta VALUES ('checkpoint', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [String(last)],
      );
      return applied;
    });
  }

  async search(
    query: string,
    filters: SearchFilters = {},
    limit = 20,
    order: "rank" | "recent" = "rank",
  ): Promise<SearchResult> {
    const { runs, terms } = parseSearch(query, limit);
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = filterConditions(filters).map((f) => `${f.column} ${f.op} ${param(f.value)}`);
    // Every run must occur as written; the bigram array narrows the rows first.
    const runParams = terms.map((t) => param(t));
    for (const p of runParams)
      where.push(`(strpos(norm_title, ${p}) > 0 OR strpos(norm_content, ${p}) > 0)`);
    const grams = [
      ...new Set(runs.flatMap((r) => (Array.from(r).length > 1 ? bigramTokens(r) : [r]))),
    ];
    where.push(`grams @> ${param(grams)}::text[]`);
    const score = `(${runParams.map((p) => `3 * ${occurrences("norm_title", p)} + ${occurrences("norm_content", p)}`).join(" + ")})::float8 / sqrt(1 + length(norm_content) / 100.0)`;
    const matches = `SELECT id, petition_id, org, category, topic, status, received_at, title, content, ${score} AS score
      FROM ${this.schema}.search_cases WHERE ${where.join(" AND ")}`;
    const method = "bigrams";
    if (order === "recent") {
      const r = await this.pool.query(`${matches} ORDER BY id DESC LIMIT ${param(limit)}`, params);
      return { query, method, hits: r.rows.map((row) => hitOf(row, Number(row.score), terms)) };
    }
    // Rank the newest `window` matches; widen while that leaves fewer than `limit`.
    const windowParam = param(this.rankWindow);
    const limitParam = param(limit);
    let window = this.rankWindow;
    for (;;) {
      params[Number(windowParam.slice(1)) - 1] = window + 1;
      const r = await this.pool.query(
        `WITH newest AS (${matches} ORDER BY id DESC LIMIT ${windowParam}),
              ranked AS (SELECT *, count(*) OVER () AS matched FROM newest)
         SELECT * FROM ranked ORDER BY score DESC, id DESC LIMIT ${limitParam}`,
        params,
      );
      const matched = Number(r.rows[0]?.matched ?? 0);
      const more = matched > window;
      if (!more || r.rows.length >= limit) {
        return {
          query,
          method,
          ...(more ? { rankedAmongNewest: window } : {}),
          hits: r.rows.map((row) => hitOf(row, Number(row.score), terms)),
        };
      }
      window *= 4;
    }
  }

  private async insert(client: pg.PoolClient, record: CaseRecord): Promise<void> {
    await client.query(
      `INSERT INTO ${this.schema}.search_cases
         (petition_id, org, category, topic, status, received_at, title, content, norm_title, norm_content, grams, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (petition_id) DO NOTHING`,
      [
        record.petitionId,
        record.org,
        record.category,
        record.topic,
        record.status,
        record.receivedAt,
        record.title,
        record.content,
        normalizeText(record.title),
        normalizeText(record.content),
        gramsOf(record.title, record.content),
        JSON.stringify(record),
      ],
    );
  }

  /**
   * Many cases in one statement: one array a column, unnested in order (the
   * ids follow the input). The grams travel as one space-separated string a
   * case (a gram is letters or digits, never a space).
   */
  private async insertMany(client: pg.PoolClient, records: readonly CaseRecord[]): Promise<void> {
    const column = <T>(of: (r: CaseRecord) => T): T[] => records.map(of);
    await client.query(
      `INSERT INTO ${this.schema}.search_cases
         (petition_id, org, category, topic, status, received_at, title, content, norm_title, norm_content, grams, record)
       SELECT petition_id, org, category, topic, status, received_at, title, content, norm_title, norm_content,
              string_to_array(grams, ' '), record
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         WITH ORDINALITY AS u(petition_id, org, category, topic, status, received_at, title, content,
                              norm_title, norm_content, grams, record, n)
       ORDER BY n
       ON CONFLICT (petition_id) DO NOTHING`,
      [
        column((r) => r.petitionId),
        column((r) => r.org),
        column((r) => r.category),
        column((r) => r.topic),
        column((r) => r.status),
        column((r) => r.receivedAt),
        column((r) => r.title),
        column((r) => r.content),
        column((r) => normalizeText(r.title)),
        column((r) => normalizeText(r.content)),
        column((r) => gramsOf(r.title, r.content).join(" ")),
        column((r) => JSON.stringify(r)),
      ],
    );
  }

  /** Recompute the grams of a format-1 index (bigrams only) from its stored texts, in one transaction. */
  private async migrateFromBigramsOnly(): Promise<void> {
    await this.inTransaction(async (client) => {
      let last = 0;
      for (;;) {
        const page = await client.query<{ id: string; title: string; content: string }>(
          `SELECT id, title, content FROM ${this.schema}.search_cases WHERE id > $1 ORDER BY id LIMIT 2000`,
          [last],
        );
        if (page.rows.length === 0) break;
        for (const row of page.rows) {
          await client.query(`UPDATE ${this.schema}.search_cases SET grams = $2 WHERE id = $1`, [
            row.id,
            gramsOf(row.title, row.content),
          ]);
        }
        last = Number(page.rows.at(-1)?.id);
      }
      await client.query(`UPDATE ${this.schema}.search_meta SET value = $1 WHERE key = 'format'`, [
        FORMAT,
      ]);
    });
  }

  private async applyOne(client: pg.PoolClient, event: EventEnvelope): Promise<void> {
    const update = caseUpdateOf(event);
    if (update.kind === "register") {
      for (const record of update.records) await this.insert(client, record);
      return;
    }
    if (update.kind === "none") return;
    const { petitionId } = update;
    const r = await client.query<{ record: string }>(
      `SELECT record FROM ${this.schema}.search_cases WHERE petition_id = $1`,
      [petitionId],
    );
    const stored = r.rows[0]?.record;
    const record = stored === undefined ? undefined : changedRecord(petitionId, stored, event);
    if (record === undefined) return;
    await client.query(
      `UPDATE ${this.schema}.search_cases SET org = $2, status = $3, record = $4 WHERE petition_id = $1`,
      [petitionId, record.org, record.status, JSON.stringify(record)],
    );
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
