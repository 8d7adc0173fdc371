import type { EventEnvelope } from "@petitio/core";
import { ENVELOPE_FIELD_ORDER } from "@petitio/core/adapter";

/**
 * Mapping between envelopes and `events` rows. JSON parts are stored as
 * text; envelope fields outside the contract go to `extra` in their original
 * order, so a row read back serialises to the same bytes as the envelope.
 */

export const EVENT_COLUMNS =
  "position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta, extra, prev_hash, hash";

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

/** Envelope fields with a column of their own (the chain fields included). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...ENVELOPE_FIELD_ORDER, "prevHash", "hash"]);

export const rowToEnvelope = (row: EventRow): EventEnvelope => {
  const envelope: EventEnvelope = {
    position: Number(row.position),
    streamId: row.stream_id,
    version: row.version,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: JSON.parse(row.actor),
    data: JSON.parse(row.data),
  };
  if (row.meta !== null) envelope.meta = JSON.parse(row.meta);
  if (row.extra !== null) Object.assign(envelope, JSON.parse(row.extra));
  // Chain fields come last, where sealing puts them.
  if (row.prev_hash !== null) (envelope as { prevHash?: string }).prevHash = row.prev_hash;
  if (row.hash !== null) (envelope as { hash?: string }).hash = row.hash;
  return envelope;
};

const extraFieldsOf = (envelope: EventEnvelope): string | null => {
  let extra: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(envelope)) {
    if (KNOWN_FIELDS.has(key) || value === undefined) continue;
    extra ??= {};
    extra[key] = value;
  }
  return extra === undefined ? null : JSON.stringify(extra);
};

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

const chainField = (envelope: EventEnvelope, field: "prevHash" | "hash"): string | null => {
  const value = (envelope as { prevHash?: unknown; hash?: unknown })[field];
  return typeof value === "string" ? value : null;
};

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
    c.position.push(String(e.position));
    c.streamId.push(e.streamId);
    c.version.push(e.version);
    c.type.push(e.type);
    c.schemaVersion.push(e.schemaVersion);
    c.occurredAt.push(e.occurredAt);
    c.recordedAt.push(e.recordedAt);
    c.recordedMs.push(String(Date.parse(e.recordedAt)));
    c.actor.push(JSON.stringify(e.actor));
    c.data.push(JSON.stringify(e.data));
    c.meta.push(e.meta === undefined ? null : JSON.stringify(e.meta));
    c.extra.push(extraFieldsOf(e));
    c.prevHash.push(chainField(e, "prevHash"));
    c.hash.push(chainField(e, "hash"));
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
