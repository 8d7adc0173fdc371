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
 * text keeps only those that contain each word of 3+ characters as written
 * (a gram is the whole of a shorter word). Ranking is term frequency, the
 * title counting 3×, damped by the content's length (PostgreSQL has no
 * bm25), over the newest `rankWindow` matches, as in the SQLite index.
 *
 * The same array holds keys that are not text (a gram is letters or digits,
 * so they cannot collide): the case's org, category, topic and status
 * (`o:…`, `c:…`, `t:…`, `s:…`), so those filters are GIN conditions too, and
 * its block of 4,096 ids (`#<id >> 12>`), so the newest matches are found
 * block by block from the newest end: the GIN scan then skips through a
 * common word's postings instead of reading every one of them.
 *
 * Methods are those of `SearchIndex`, asynchronous. Pass a `pg.Pool` (the
 * caller owns it) and a schema for the tables.
 */
export interface PostgresSearchOptions extends SearchOptions {
  pool: pg.Pool;
  /** Schema of the index tables (created if missing); default "petitio_assist". */
  schema?: string;
}

const FORMAT = "petitio-assist-search-pg/3";
/**
 * Earlier formats, migrated by recomputing the grams from the stored texts:
 * 1 had bigrams only, 2 no filter or block keys.
 */
const OLDER_FORMATS = ["petitio-assist-search-pg/1", "petitio-assist-search-pg/2"];
/** ids a block (a power of two: the key is `id >> BLOCK_BITS`). */
const BLOCK_BITS = 12;
/** A query reads at most this many blocks by key before it reads the rest of the ids at once. */
const MAX_BLOCKS_A_ROUND = 64;

/** The text grams `grams @>` looks up: every bigram and every single character of the texts. */
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
CREATE TABLE IF NOT EXISTS ${s}.search_blocks (
  block BIGINT PRIMARY KEY, first_received BIGINT NOT NULL, last_received BIGINT NOT NULL
);
`;

/** Cases a statement in `addCases`. */
const INSERT_BATCH = 1000;

/**
 * The keys beside the text grams, as SQL over a row's columns (so an org
 * with a space in it is one key): filters, and the block of ids.
 */
const keysSql = (row = ""): string =>
  `ARRAY['o:' || ${row}org, 'c:' || ${row}category, 's:' || ${row}status, '#' || (${row}id >> ${BLOCK_BITS})]
   || CASE WHEN ${row}topic IS NULL THEN '{}'::text[] ELSE ARRAY['t:' || ${row}topic] END`;

/** The filters on case columns as keys of the gram array. */
const filterKeys = (filters: SearchFilters): string[] => [
  ...(filters.org === undefined ? [] : [`o:${filters.org}`]),
  ...(filters.category === undefined ? [] : [`c:${filters.category}`]),
  ...(filters.topic === undefined ? [] : [`t:${filters.topic}`]),
  ...(filters.status === undefined ? [] : [`s:${filters.status}`]),
];

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
    else if (OLDER_FORMATS.includes(format)) await index.migrateGrams();
    else if (format !== FORMAT)
      throw new AssistInputError(
        "index",
        `schema ${schema} holds a search index of format ${format}, not ${FORMAT}: drop it to rebuild`,
      );
    // The blocks' receipt ranges are derived from the rows: filled when missing (an index of before them).
    await options.pool.query(
      `INSERT INTO ${schema}.search_blocks
       SELECT id >> ${BLOCK_BITS}, min(received_at), max(received_at) FROM ${schema}.search_cases
       WHERE NOT EXISTS (SELECT 1 FROM ${schema}.search_blocks) GROUP BY 1`,
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
    // The words' grams and the filters' keys, in one GIN condition; a word
    // of 3+ characters must also occur as written; receipt time on the row.
    const keys = [
      ...new Set(runs.flatMap((r) => (Array.from(r).length > 1 ? bigramTokens(r) : [r]))),
      ...filterKeys(filters),
    ];
    const where = [`grams @> ${param(keys)}::text[]`];
    for (const f of filterConditions(filters))
      if (f.column === "received_at") where.push(`received_at ${f.op} ${param(f.value)}`);
    for (const term of terms)
      if (Array.from(term).length > 2) {
        const p = param(term);
        where.push(`(strpos(norm_title, ${p}) > 0 OR strpos(norm_content, ${p}) > 0)`);
      }
    const method = "bigrams";
    const needed = order === "recent" ? limit : this.rankWindow + 1;
    const ids = await this.newestMatches(where, params, needed, filters);
    const score = `(${terms.map((_, i) => `3 * ${occurrences("norm_title", `($3::text[])[${i + 1}]`)} + ${occurrences("norm_content", `($3::text[])[${i + 1}]`)}`).join(" + ")})::float8 / sqrt(1 + length(norm_content) / 100.0)`;
    const hitsOf = async (chosen: readonly number[], orderBy: string) => {
      const r = await this.pool.query(
        `SELECT id, petition_id, org, category, topic, status, received_at, title, content, ${score} AS score
         FROM ${this.schema}.search_cases WHERE id = ANY($1::bigint[]) ORDER BY ${orderBy} LIMIT $2`,
        [chosen, limit, terms],
      );
      return r.rows.map((row) => hitOf(row, Number(row.score), terms));
    };
    if (order === "recent") return { query, method, hits: await hitsOf(ids, "id DESC") };
    // Rank the newest `rankWindow` matches, or every match when there are no more.
    const more = ids.length > this.rankWindow;
    return {
      query,
      method,
      ...(more ? { rankedAmongNewest: this.rankWindow } : {}),
      hits: await hitsOf(more ? ids.slice(0, this.rankWindow) : ids, "score DESC, id DESC"),
    };
  }

  /**
   * The ids of the newest `needed` matches, newest first. Read block by block
   * from the newest end: a first block, then as many as the matches found so
   * far say are needed (and half again), and once that is more than
   * MAX_BLOCKS_A_ROUND blocks, every older id at once. With a time filter
   * only the blocks whose receipt range meets it are read (search_blocks;
   * the `received_at` condition still decides, so a late import is found).
   * Each query is fenced (MATERIALIZED) and has no LIMIT, so the planner
   * cannot walk the id index newest first and filter every row (seconds for
   * a word that no case has).
   */
  private async newestMatches(
    where: readonly string[],
    params: readonly unknown[],
    needed: number,
    filters: SearchFilters,
  ): Promise<number[]> {
    const matching = async (extra: string, value: unknown): Promise<number[]> => {
      const r = await this.pool.query<{ id: string }>(
        `WITH m AS MATERIALIZED (SELECT id FROM ${this.schema}.search_cases
           WHERE ${[...where, extra].join(" AND ")})
         SELECT id FROM m ORDER BY id DESC`,
        [...params, value],
      );
      return r.rows.map((row) => Number(row.id));
    };
    const next = `$${params.length + 1}`;
    const list = await this.blocksOf(filters);
    const top = await this.pool.query<{ id: string | null }>(
      `SELECT max(id) AS id FROM ${this.schema}.search_cases`,
    );
    const maxId = Number(top.rows[0]?.id ?? 0);
    // Ids a block holds: the newest block is usually part full.
    const idsIn = (block: number): number =>
      Math.max(1, Math.min(2 ** BLOCK_BITS, maxId + 1 - block * 2 ** BLOCK_BITS));
    const found: number[] = [];
    let at = 0;
    let blocks = 1;
    let ids = 0;
    while (found.length < needed && at < list.length) {
      const take = Math.min(blocks, list.length - at);
      if (blocks > MAX_BLOCKS_A_ROUND && list.length - at > MAX_BLOCKS_A_ROUND) {
        found.push(
          ...(await matching(`id < ${next}`, ((list[at] as number) + 1) * 2 ** BLOCK_BITS)),
        );
        break;
      }
      const keys = list.slice(at, at + take).map((b) => `#${b}`);
      found.push(...(await matching(`grams && ${next}::text[]`, keys)));
      for (let i = at; i < at + take; i++) ids += idsIn(list[i] as number);
      at += take;
      // As many full blocks as the density so far says, and half again; eight times as many when none matched.
      blocks =
        found.length === 0
          ? blocks * 8
          : Math.max(
              1,
              Math.ceil(((needed - found.length) * ids * 1.5) / (found.length * 2 ** BLOCK_BITS)),
            );
    }
    return found.slice(0, needed);
  }

  /** The blocks to read, newest first: every block, or those whose receipt range meets the time filter. */
  private async blocksOf(filters: SearchFilters): Promise<number[]> {
    const r = await this.pool.query<{ block: string }>(
      `SELECT block FROM ${this.schema}.search_blocks
       WHERE ($1::bigint IS NULL OR last_received >= $1) AND ($2::bigint IS NULL OR first_received < $2)
       ORDER BY block DESC`,
      [filters.from ?? null, filters.to ?? null],
    );
    return r.rows.map((row) => Number(row.block));
  }

  /**
   * Many cases in one statement: one array a column, unnested in order (the
   * ids follow the input). The grams travel as one space-separated string a
   * case (a gram is letters or digits, never a space).
   */
  private async insertMany(client: pg.PoolClient, records: readonly CaseRecord[]): Promise<void> {
    const column = <T>(of: (r: CaseRecord) => T): T[] => records.map(of);
    // The ids are drawn in input order (nextval after the sort), so each
    // row's block key can be computed from its id.
    await client.query(
      `WITH added AS (INSERT INTO ${this.schema}.search_cases
         (id, petition_id, org, category, topic, status, received_at, title, content, norm_title, norm_content, grams, record)
       SELECT id, petition_id, org, category, topic, status, received_at, title, content, norm_title, norm_content,
              string_to_array(grams, ' ') || ${keysSql()}, record
       FROM (SELECT nextval('${this.schema}.search_cases_id_seq') AS id, u.*
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
                         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
               WITH ORDINALITY AS u(petition_id, org, category, topic, status, received_at, title, content,
                                    norm_title, norm_content, grams, record, n)
             ORDER BY n) AS v
       ON CONFLICT (petition_id) DO NOTHING RETURNING id, received_at)
       INSERT INTO ${this.schema}.search_blocks
       SELECT id >> ${BLOCK_BITS}, min(received_at), max(received_at) FROM added GROUP BY 1
       ON CONFLICT (block) DO UPDATE SET
         first_received = least(search_blocks.first_received, EXCLUDED.first_received),
         last_received = greatest(search_blocks.last_received, EXCLUDED.last_received)`,
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

  /** Recompute the grams of an older format (text grams, then keys) from the stored rows, in one transaction. */
  private async migrateGrams(): Promise<void> {
    await this.inTransaction(async (client) => {
      let last = 0;
      for (;;) {
        const page = await client.query<{ id: string; title: string; content: string }>(
          `SELECT id, title, content FROM ${this.schema}.search_cases WHERE id > $1 ORDER BY id LIMIT 2000`,
          [last],
        );
        if (page.rows.length === 0) break;
        await client.query(
          `UPDATE ${this.schema}.search_cases c SET grams = string_to_array(u.grams, ' ') || ${keysSql("c.")}
           FROM unnest($1::bigint[], $2::text[]) AS u(id, grams) WHERE c.id = u.id`,
          [
            page.rows.map((row) => row.id),
            page.rows.map((row) => gramsOf(row.title, row.content).join(" ")),
          ],
        );
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
      for (const record of update.records) await this.insertMany(client, [record]);
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
      `UPDATE ${this.schema}.search_cases SET org = $2, status = $3, record = $4,
         grams = array_replace(array_replace(grams, 'o:' || org, 'o:' || $2), 's:' || status, 's:' || $3)
       WHERE petition_id = $1`,
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
