import type { EventEnvelope } from "@petitio/core";
import { EVENT_COLUMNS, envelopeToRowValues, rowValuesToEnvelope } from "@petitio/core/adapter";

/**
 * `events` rows: the column mapping is core's (`@petitio/core/adapter`, shared
 * with the SQLite store); PostgreSQL returns rows as objects keyed by column,
 * and appends a batch as one array per column (`unnest`).
 */

export { EVENT_COLUMNS };

/** The SQL type of each `columnParams` array (the columns, then `recorded_ms`). */
const UNNEST_TYPES = [
  "bigint",
  "text",
  "int",
  "text",
  "int",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "bigint",
] as const;

export interface EventRow {
  position: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  data: string;
  meta: string | null;
  extra: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The envelope a row holds (PostgreSQL returns a bigint position as a string). */
export const rowToEnvelope = (row: EventRow): EventEnvelope =>
  rowValuesToEnvelope([
    Number(row.position),
    row.stream_id,
    row.version,
    row.type,
    row.schema_version,
    row.occurred_at,
    row.recorded_at,
    row.actor,
    row.data,
    row.meta,
    row.extra,
    row.prev_hash,
    row.hash,
  ]);

/**
 * Statement parameters for `INSERT … SELECT FROM unnest(…)`: one array per
 * column in `EVENT_COLUMNS` order, then `recorded_ms`, one element per event
 * (bigints as strings).
 */
export const columnParams = (envelopes: readonly EventEnvelope[]): unknown[][] => {
  const columns: unknown[][] = Array.from({ length: UNNEST_TYPES.length }, () => []);
  for (const e of envelopes) {
    const values = envelopeToRowValues(e);
    columns[0]!.push(String(values[0]));
    for (let i = 1; i < values.length; i++) columns[i]!.push(values[i]);
    columns[values.length]!.push(String(Date.parse(e.recordedAt)));
  }
  return columns;
};

/** `unnest(...)` of the parameters `columnParams` produces, starting at `$first`. */
export const unnestEvents = (first: number): string =>
  `unnest(${UNNEST_TYPES.map((t, i) => `$${first + i}::${t}[]`).join(", ")}) AS u(${EVENT_COLUMNS}, recorded_ms)`;
