import type { EventEnvelope } from "@petitio/core";
import { type EventRowValues, envelopeToRowValues } from "@petitio/core/adapter";

/**
 * `events` rows: the column mapping is core's (`@petitio/core/adapter`, shared
 * with the PostgreSQL store); SQLite reads rows in raw (array) mode, in
 * `EVENT_COLUMNS` order, and stores `recorded_ms` beside them for as-of reads.
 */

export { EVENT_COLUMNS, rowValuesToEnvelope as rowToEnvelope } from "@petitio/core/adapter";

/** A row selected with `EVENT_COLUMNS` in raw (array) mode. */
export type EventRow = EventRowValues;

/** Parameters for `INSERT INTO events (EVENT_COLUMNS, recorded_ms)`. */
export type EventParams = [...EventRow, recordedMs: number];

export const envelopeToParams = (envelope: EventEnvelope): EventParams => {
  const params = envelopeToRowValues(envelope) as unknown as EventParams;
  params.push(Date.parse(envelope.recordedAt));
  return params;
};
