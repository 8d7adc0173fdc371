import type { Migration } from "./migration.js";

/**
 * Schema 2: `readAll({ asOf })` compares moments, not strings (`+08:00` and `Z`
 * times do not sort as text), so each event gets its `recordedAt` in epoch
 * milliseconds. Existing rows are back-filled with the same parser the store
 * uses on append (`Date.parse`).
 */
export const recordedMillis: Migration = {
  version: 2,
  description: "events.recorded_ms for as-of reads",
  up(db) {
    db.exec("ALTER TABLE events ADD COLUMN recorded_ms INTEGER NOT NULL DEFAULT 0");
    db.function("petitio_epoch_ms", { deterministic: true }, (iso) => Date.parse(String(iso)));
    db.exec("UPDATE events SET recorded_ms = petitio_epoch_ms(recorded_at)");
  },
};
