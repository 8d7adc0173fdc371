import type { Database, Statement } from "better-sqlite3";
import { EVENT_COLUMNS } from "./rows.js";

/**
 * One prepared statement per operation, prepared once when the store opens:
 * re-preparing on every call costs more than the insert itself. `raw` rows
 * come back as arrays (cheaper to build than objects on the read path);
 * `pluck` returns the first column only.
 */

type Mode = "object" | "raw" | "pluck";
const plain = (sql: string, mode: Mode = "object") => ({ sql, mode });

const SQL = {
  head: plain("SELECT max(position) FROM events", "pluck"),
  headHash: plain("SELECT hash FROM events ORDER BY position DESC LIMIT 1", "pluck"),
  streamVersion: plain("SELECT max(version) FROM events WHERE stream_id = ?", "pluck"),
  insertEvent: plain(
    `INSERT INTO events (${EVENT_COLUMNS}, recorded_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  readStream: plain(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version`,
    "raw",
  ),
  readAfter: plain(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    "raw",
  ),
  readAfterAsOf: plain(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND recorded_ms <= ? ORDER BY position LIMIT ?`,
    "raw",
  ),
  readPositions: plain(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? AND stream_id = ? ORDER BY position`,
    "raw",
  ),

  findIdempotency: plain(
    "SELECT stream_id, first_position, last_position, next_expected_version FROM idempotency WHERE key = ?",
  ),
  insertIdempotency: plain(
    "INSERT INTO idempotency (key, stream_id, first_position, last_position, next_expected_version) VALUES (?, ?, ?, ?, ?)",
  ),

  readCheckpoint: plain("SELECT position FROM checkpoints WHERE name = ?", "pluck"),
  writeCheckpoint: plain(
    "INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
  ),
  loadProjection: plain("SELECT name, version, position, state FROM projections WHERE name = ?"),
  saveProjection: plain(
    "INSERT INTO projections (name, version, position, state) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state",
  ),

  insertOutbox: plain(
    "INSERT INTO outbox (key, channel, payload, stream_id, position, available_at, available_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
  ),
  claimableOutbox: plain(
    "SELECT id, key, channel, payload, stream_id, position, attempts, available_at, last_error FROM outbox WHERE acked = 0 AND dead_at IS NULL AND available_ms <= ? AND (leased_until_ms IS NULL OR leased_until_ms <= ?) ORDER BY id LIMIT ?",
  ),
  leaseOutbox: plain("UPDATE outbox SET leased_until_ms = ?, attempts = attempts + 1 WHERE id = ?"),
  ackOutbox: plain("UPDATE outbox SET acked = 1, leased_until_ms = NULL WHERE id = ?"),
  failOutbox: plain(
    "UPDATE outbox SET last_error = ?, available_at = ?, available_ms = ?, leased_until_ms = NULL WHERE id = ? AND acked = 0 AND dead_at IS NULL",
  ),
  deadLetterOutbox: plain(
    "UPDATE outbox SET last_error = ?, dead_at = ?, leased_until_ms = NULL WHERE id = ? AND acked = 0 AND dead_at IS NULL",
  ),
  listDeadLetters: plain(
    "SELECT id, key, channel, payload, stream_id, position, attempts, available_at, last_error, dead_at FROM outbox WHERE dead_at IS NOT NULL ORDER BY id LIMIT ?",
  ),
  redriveOutbox: plain(
    "UPDATE outbox SET dead_at = NULL, attempts = 0, available_at = ?, available_ms = ?, leased_until_ms = NULL WHERE id = ? AND dead_at IS NOT NULL",
  ),

  setTimer: plain(
    "INSERT INTO timers (id, stream_id, fire_at, fire_ms, kind, payload, leased_until_ms) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET stream_id = excluded.stream_id, fire_at = excluded.fire_at, fire_ms = excluded.fire_ms, kind = excluded.kind, payload = excluded.payload, leased_until_ms = NULL",
  ),
  cancelTimer: plain("DELETE FROM timers WHERE id = ?"),
  cancelStreamTimers: plain("DELETE FROM timers WHERE stream_id = ?"),
  dueTimers: plain(
    "SELECT id, stream_id, fire_at, kind, payload FROM timers WHERE fire_ms <= ? AND (leased_until_ms IS NULL OR leased_until_ms <= ?) AND (? IS NULL OR kind IN (SELECT value FROM json_each(?))) ORDER BY fire_ms, id LIMIT ?",
  ),
  leaseTimer: plain("UPDATE timers SET leased_until_ms = ? WHERE id = ?"),
  completeTimer: plain("DELETE FROM timers WHERE id = ?"),
  listTimers: plain("SELECT id, stream_id, fire_at, kind, payload FROM timers ORDER BY id"),
  listStreamTimers: plain(
    "SELECT id, stream_id, fire_at, kind, payload FROM timers WHERE stream_id = ? ORDER BY id",
  ),
  getKey: plain(
    "SELECT key FROM personal_data_keys WHERE subject_id = ? AND key IS NOT NULL",
    "pluck",
  ),
  keyRow: plain("SELECT key, destroyed_at FROM personal_data_keys WHERE subject_id = ?"),
  insertKey: plain(
    "INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING",
  ),
  overwriteKey: plain(
    "UPDATE personal_data_keys SET key = zeroblob(length(key)) WHERE subject_id = ? AND key IS NOT NULL",
  ),
  tombstoneKey: plain(
    "INSERT INTO personal_data_keys (subject_id, key, created_at, destroyed_at) VALUES (?, NULL, ?, ?) ON CONFLICT (subject_id) DO UPDATE SET key = NULL, destroyed_at = excluded.destroyed_at",
  ),
  dataVersion: plain("PRAGMA data_version", "pluck"),
};

export type Statements = { readonly [K in keyof typeof SQL]: Statement };

export const prepareStatements = (db: Database): Statements => {
  const prepared: Partial<Record<keyof typeof SQL, Statement>> = {};
  for (const [name, { sql, mode }] of Object.entries(SQL)) {
    const statement = db.prepare(sql);
    if (mode === "raw") statement.raw(true);
    if (mode === "pluck") statement.pluck(true);
    prepared[name as keyof typeof SQL] = statement;
  }
  return prepared as Statements;
};
