import type { Migration } from "./migration.js";

/**
 * Schema 4: outbox dead letters. A row given up on gets `dead_at` (store
 * time) and leaves the claimable set; redriving clears it. Claims use a
 * partial index over the rows that are neither acked nor dead, dead-letter
 * listing one over the dead rows.
 */
export const outboxDeadLetters: Migration = {
  version: 4,
  description: "outbox.dead_at: dead letters, listed and redriven",
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN dead_at TEXT;
      DROP INDEX outbox_open;
      CREATE INDEX outbox_open ON outbox (available_ms) WHERE acked = 0 AND dead_at IS NULL;
      CREATE INDEX outbox_dead ON outbox (id) WHERE dead_at IS NOT NULL;
    `);
  },
};
