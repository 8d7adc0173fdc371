import type { Migration } from "./migration.js";

/**
 * Schema 1: everything a store holds, in one file. Event JSON is kept as TEXT
 * exactly as serialised, so an export reproduces the imported bytes.
 */
export const initialSchema: Migration = {
  version: 1,
  description: "events, idempotency keys, checkpoints, projections, outbox, timers",
  up(db) {
    db.exec(`
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        stream_id      TEXT    NOT NULL,
        version        INTEGER NOT NULL,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at    TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        actor          TEXT    NOT NULL,
        data           TEXT    NOT NULL,
        meta           TEXT,
        extra          TEXT,
        -- A second writer that raced past the version check fails here.
        UNIQUE (stream_id, version)
      );
      CREATE TABLE idempotency (
        key                   TEXT PRIMARY KEY,
        stream_id             TEXT    NOT NULL,
        first_position        INTEGER NOT NULL,
        last_position         INTEGER NOT NULL,
        next_expected_version INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE checkpoints (
        name     TEXT PRIMARY KEY,
        position INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE projections (
        name     TEXT PRIMARY KEY,
        version  INTEGER NOT NULL,
        position INTEGER NOT NULL,
        state    TEXT    NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        key             TEXT    NOT NULL UNIQUE,
        channel         TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        stream_id       TEXT    NOT NULL,
        position        INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        available_at    TEXT    NOT NULL,
        available_ms    INTEGER NOT NULL,
        leased_until_ms INTEGER,
        last_error      TEXT
      );
      CREATE INDEX outbox_available ON outbox (available_ms);
      CREATE TABLE timers (
        id              TEXT PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        fire_at         TEXT    NOT NULL,
        fire_ms         INTEGER NOT NULL,
        kind            TEXT    NOT NULL,
        payload         TEXT,
        leased_until_ms INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX timers_due ON timers (fire_ms, id);
      CREATE INDEX timers_stream ON timers (stream_id);
    `);
  },
};
