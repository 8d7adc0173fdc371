import type { Migration } from "./migration.js";

/**
 * Schema 3: a delivery key is used once for good, even after its row is
 * acknowledged (docs/notifications.md: never duplicate a delivery). Acknowledging now
 * marks the row instead of deleting it, so the UNIQUE key keeps later rows
 * with the same key out, and the table doubles as a delivery record. Claims
 * look only at open rows, through a partial index.
 */
export const outboxAcked: Migration = {
  version: 3,
  description: "outbox.acked: keep acknowledged rows so their keys stay used",
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;
      DROP INDEX outbox_available;
      CREATE INDEX outbox_open ON outbox (available_ms) WHERE acked = 0;
    `);
  },
};
