import type { Migration } from "./migration.js";

/**
 * Schema 5: the hash chain and personal-data keys (docs/storage.md).
 *
 * - `events.prev_hash` / `events.hash`: each envelope's link in the tamper-
 *   evident chain, hex SHA-256; NULL for events stored before the chain.
 * - `personal_data_keys`: one key per data subject, never in events and never
 *   exported. Destroying a key overwrites it and leaves a tombstone (`key`
 *   NULL), so the subject can never get a key again.
 */
export const chainAndKeys: Migration = {
  version: 5,
  description: "events.prev_hash/hash (hash chain), personal_data_keys",
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN prev_hash TEXT;
      ALTER TABLE events ADD COLUMN hash TEXT;
      CREATE TABLE personal_data_keys (
        subject_id   TEXT PRIMARY KEY,
        key          BLOB,
        created_at   TEXT NOT NULL,
        destroyed_at TEXT
      ) WITHOUT ROWID;
    `);
  },
};
