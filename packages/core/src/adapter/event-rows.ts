import { ENVELOPE_FIELD_ORDER, type EventEnvelope } from "../events/envelope.js";

/**
 * An envelope as the columns of an SQL `events` table, shared by the SQLite
 * and PostgreSQL stores. The JSON parts (actor, data, meta) are text; envelope
 * fields outside the contract go to `extra` in their original order, and the
 * chain fields have columns of their own, so a row read back serialises to
 * the same bytes as the envelope written (docs/log-integrity.md).
 */

/** The event columns, in the order of `EventRowValues`. */
export const EVENT_COLUMNS =
  "position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta, extra, prev_hash, hash";

/** One event's column values in `EVENT_COLUMNS` order (absent parts are null). */
export type EventRowValues = [
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

/** Envelope fields with a column of their own (the chain fields included). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...ENVELOPE_FIELD_ORDER, "prevHash", "hash"]);

/** The envelope a row holds. */
export const rowValuesToEnvelope = (row: EventRowValues): EventEnvelope => {
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
  // Chain fields come last, where sealing puts them.
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

/** The column values that store `envelope`. */
export const envelopeToRowValues = (envelope: EventEnvelope): EventRowValues => [
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
];
