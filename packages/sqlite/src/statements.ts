import type { Database, Statement } from "better-sqlite3";
import { EVENT_COLUMNS } from "./rows.js";

/**
 * One prepared statement per operation, prepared once when the store opens:
 * re-preparing on every call costs more than the insert itself.
 */
export const prepareStatements = (db: Database) => {
  const raw = (sql: string): Statement => db.prepare(sql).raw(true);
  return {
    head: db.prepare("SELECT max(position) FROM events").pluck(),
    streamVersion: db.prepare("SELECT max(version) FROM events WHERE stream_id = ?").pluck(),
    insertEvent: db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS}, recorded_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readStream: raw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version`,
    ),
    readAfter: raw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    readAfterAsOf: raw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND recorded_ms <= ? ORDER BY position LIMIT ?`,
    ),
    readPositions: raw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? AND stream_id = ? ORDER BY position`,
    ),

    findIdempotency: db.prepare(
      "SELECT stream_id, first_position, last_position, next_expected_version FROM idempotency WHERE key = ?",
    ),
    insertIdempotency: db.prepare(
      "INSERT INTO idempotency (key, stream_id, first_position, last_position, next_expected_version) VALUES (?, ?, ?, ?, ?)",
    ),

    readCheckpoint: db.prepare("SELECT position FROM checkpoints WHERE name = ?").pluck(),
    writeCheckpoint: db.prepare(
      "INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
    ),
    loadProjection: db.prepare(
      "SELECT name, version, position, state FROM projections WHERE name = ?",
    ),
    saveProjection: db.prepare(
      "INSERT INTO projections (name, version, position, state) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state",
    ),

    insertOutbox: db.prepare(
      "INSERT INTO outbox (key, channel, payload, stream_id, position, available_at, available_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    ),
    claimableOutbox: db.prepare(
      "SELECT id, key, channel, payload, stream_id, position, attempts, available_at, last_error FROM outbox WHERE available_ms <= ? AND (leased_until_ms IS NULL OR leased_until_ms <= ?) ORDER BY id LIMIT ?",
    ),
    leaseOutbox: db.prepare(
      "UPDATE outbox SET leased_until_ms = ?, attempts = attempts + 1 WHERE id = ?",
    ),
    ackOutbox: db.prepare("DELETE FROM outbox WHERE id = ?"),
    failOutbox: db.prepare(
      "UPDATE outbox SET last_error = ?, available_at = ?, available_ms = ?, leased_until_ms = NULL WHERE id = ?",
    ),

    setTimer: db.prepare(
      "INSERT INTO timers (id, stream_id, fire_at, fire_ms, kind, payload, leased_until_ms) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET stream_id = excluded.stream_id, fire_at = excluded.fire_at, fire_ms = excluded.fire_ms, kind = excluded.kind, payload = excluded.payload, leased_until_ms = NULL",
    ),
    cancelTimer: db.prepare("DELETE FROM timers WHERE id = ?"),
    cancelStreamTimers: db.prepare("DELETE FROM timers WHERE stream_id = ?"),
    dueTimers: db.prepare(
      "SELECT id, stream_id, fire_at, kind, payload FROM timers WHERE fire_ms <= ? AND (leased_until_ms IS NULL OR leased_until_ms <= ?) ORDER BY fire_ms, id LIMIT ?",
    ),
    leaseTimer: db.prepare("UPDATE timers SET leased_until_ms = ? WHERE id = ?"),
    completeTimer: db.prepare("DELETE FROM timers WHERE id = ?"),
    listTimers: db.prepare("SELECT id, stream_id, fire_at, kind, payload FROM timers ORDER BY id"),
    listStreamTimers: db.prepare(
      "SELECT id, stream_id, fire_at, kind, payload FROM timers WHERE stream_id = ? ORDER BY id",
    ),
    dataVersion: db.prepare("PRAGMA data_version").pluck(),
  };
};

export type Statements = ReturnType<typeof prepareStatements>;
