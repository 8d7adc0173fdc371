import type { EventEnvelope } from "@petitio/core";
import { ENVELOPE_FIELD_ORDER } from "@petitio/core/adapter";

/**
 * Mapping between envelopes and `events` rows. JSON parts are stored as TEXT;
 * envelope fields outside the contract go to `extra`, in their original order,
 * so reading a row back gives an object that serialises to the same bytes.
 */

export const EVENT_COLUMNS =
  "position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta, extra, prev_hash, hash";

/** A row selected with `EVENT_COLUMNS` in raw (array) mode. */
export type EventRow = [
  position: number,
  streamId: string,
  version: number,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  actor: string,
  data: string,
  meta: string | null,
  extra: string | null,
  prevHash: string | null,
  hash: string | null,
];

/** Parameters for `INSERT INTO events (EVENT_COLUMNS, recorded_ms)`. */
export type EventParams = [...EventRow, recordedMs: number];

/** Envelope fields with a column of their own (the chain fields included). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...ENVELOPE_FIELD_ORDER, "prevHash", "hash"]);

export const rowToEnvelope = (row: EventRow): EventEnvelope => {
  const envelope: EventEnvelope = {
    position: row[0],
    streamId: row[1],
    version: row[2],
    type: row[3],
    schemaVersion: row[4],
    occurredAt: row[5],
    recordedAt: row[6],
    actor: JSON.parse(row[7]),
    data: JSON.parse(row[8]),
  };
  if (row[9] !== null) envelope.meta = JSON.parse(row[9]);
  if (row[10] !== null) Object.assign(envelope, JSON.parse(row[10]));
  if (row[11] !== null) (envelope as { prevHash?: string }).prevHash = row[11];
  if (row[12] !== null) (envelope as { hash?: string }).hash = row[12];
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

const chainField = (envelope: EventEnvelope, field: "prevHash" | "hash"): string | null => {
  const value = (envelope as { prevHash?: unknown; hash?: unknown })[field];
  return typeof value === "string" ? value : null;
};

export const envelopeToParams = (envelope: EventEnvelope): EventParams => [
  envelope.position,
  envelope.streamId,
  envelope.version,
  envelope.type,
  envelope.schemaVersion,
  envelope.occurredAt,
  envelope.recordedAt,
  JSON.stringify(envelope.actor),
  JSON.stringify(envelope.data),
  envelope.meta === undefined ? null : JSON.stringify(envelope.meta),
  extraFieldsOf(envelope),
  chainField(envelope, "prevHash"),
  chainField(envelope, "hash"),
  Date.parse(envelope.recordedAt),
];
