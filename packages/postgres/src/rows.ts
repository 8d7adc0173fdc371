import type { EventEnvelope } from "@petitio/core";
import { envelopeToRowValues, rowValuesToEnvelope } from "@petitio/core/adapter";

/**
 * `events` rows: the column mapping is core's (`@petitio/core/adapter`, shared
 * with the SQLite store); PostgreSQL returns rows as objects keyed by column,
 * and appends a batch as one array per column (`unnest`).
 */

export { EVENT_COLUMNS } from "@petitio/core/adapter";

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

/** Column arrays for `INSERT … SELECT FROM unnest(…)`: one array per column, one element per event. */
export interface EventColumns {
  position: string[];
  streamId: string[];
  version: number[];
  type: string[];
  schemaVersion: number[];
  occurredAt: string[];
  recordedAt: string[];
  recordedMs: string[];
  actor: string[];
  data: string[];
  meta: (string | null)[];
  extra: (string | null)[];
  prevHash: (string | null)[];
  hash: (string | null)[];
}

export const toColumns = (envelopes: readonly EventEnvelope[]): EventColumns => {
  const c: EventColumns = {
    position: [],
    streamId: [],
    version: [],
    type: [],
    schemaVersion: [],
    occurredAt: [],
    recordedAt: [],
    recordedMs: [],
    actor: [],
    data: [],
    meta: [],
    extra: [],
    prevHash: [],
    hash: [],
  };
  for (const e of envelopes) {
    const v = envelopeToRowValues(e);
    c.position.push(String(v[0]));
    c.streamId.push(v[1]);
    c.version.push(v[2]);
    c.type.push(v[3]);
    c.schemaVersion.push(v[4]);
    c.occurredAt.push(v[5]);
    c.recordedAt.push(v[6]);
    c.recordedMs.push(String(Date.parse(v[6])));
    c.actor.push(v[7]);
    c.data.push(v[8]);
    c.meta.push(v[9]);
    c.extra.push(v[10]);
    c.prevHash.push(v[11]);
    c.hash.push(v[12]);
  }
  return c;
};

/** The column arrays in `EVENT_COLUMNS` order plus `recorded_ms`, as statement parameters. */
export const columnParams = (c: EventColumns): unknown[] => [
  c.position,
  c.streamId,
  c.version,
  c.type,
  c.schemaVersion,
  c.occurredAt,
  c.recordedAt,
  c.actor,
  c.data,
  c.meta,
  c.extra,
  c.prevHash,
  c.hash,
  c.recordedMs,
];

/** `unnest(...)` of the parameters `columnParams` produces, starting at `$first`. */
export const unnestEvents = (first: number): string => {
  const types = [
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
  ];
  return `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(", ")}) AS u(position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta, extra, prev_hash, hash, recorded_ms)`;
};
