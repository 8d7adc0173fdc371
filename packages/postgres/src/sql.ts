import pg from "pg";
import { EVENT_COLUMNS, unnestEvents } from "./rows.js";

/**
 * Every statement of the store, for one schema. Built once when the store
 * opens; `pg` prepares each named statement on first use per connection.
 */
export const statements = (s: string) => {
  const insertEventsFrom = (first: number) =>
    `INSERT INTO ${s}.events (${EVENT_COLUMNS}, recorded_ms) SELECT u.* FROM ${unnestEvents(first)}`;
  return {
    channel: `petitio_${s}`,
    /** Lock the head row until COMMIT: appends take positions, and commit, one after another. */
    lockHead: (lockTimeoutMs: number) =>
      `BEGIN; SET LOCAL lock_timeout = '${lockTimeoutMs}ms'; SELECT position FROM ${s}.head WHERE id = 1 FOR UPDATE`,
    head: `SELECT position FROM ${s}.head WHERE id = 1`,
    /**
     * The facts an append batch is decided on, as statements to send in the
     * same simple query as `lockHead` (values inlined as escaped literals): in
     * READ COMMITTED each statement takes a new snapshot, so these run after
     * the head lock is held and see every append committed before it. One
     * round trip instead of three.
     */
    facts: (streamIds: readonly string[], keys: readonly string[]) => {
      const list = (values: readonly string[]) =>
        `ARRAY[${values.map((v) => pg.escapeLiteral(v)).join(", ")}]::text[]`;
      return [
        `SELECT x.id AS stream_id, coalesce((SELECT max(e.version) FROM ${s}.events e WHERE e.stream_id = x.id), 0) AS version FROM unnest(${list(streamIds)}) AS x(id)`,
        `SELECT key, stream_id, first_position, last_position, next_expected_version FROM ${s}.idempotency WHERE key = ANY(${list(keys)})`,
        // The events of those first appends, for their duplicate results.
        `SELECT ${EVENT_COLUMNS.split(", ")
          .map((c) => `e.${c}`)
          .join(
            ", ",
          )} FROM ${s}.idempotency i JOIN ${s}.events e ON e.stream_id = i.stream_id AND e.position BETWEEN i.first_position AND i.last_position WHERE i.key = ANY(${list(keys)}) ORDER BY e.position`,
        // The chain link to continue from: no row for an empty log, NULL for an unsealed head event.
        `SELECT e.hash FROM ${s}.events e WHERE e.position = (SELECT position FROM ${s}.head WHERE id = 1)`,
      ].join("; ");
    },
    streamVersion: `SELECT coalesce(max(version), 0) AS version FROM ${s}.events WHERE stream_id = $1`,
    streamVersions: `SELECT x.id AS stream_id, coalesce((SELECT max(e.version) FROM ${s}.events e WHERE e.stream_id = x.id), 0) AS version FROM unnest($1::text[]) AS x(id)`,
    findIdempotency: `SELECT key, stream_id, first_position, last_position, next_expected_version FROM ${s}.idempotency WHERE key = ANY($1::text[])`,
    readPositions: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE position BETWEEN $1 AND $2 AND stream_id = $3 ORDER BY position`,
    readStream: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND version BETWEEN $2 AND $3 ORDER BY version`,
    readAfter: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
    readAfterAsOf: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE position > $1 AND recorded_ms <= $3 ORDER BY position LIMIT $2`,

    /**
     * The whole append batch in one statement. The expected-version check is
     * inside it: a row is inserted only if its stream is still at the base
     * version the batch was decided on ($15/$16), and the head only moves if
     * it is still where the batch started ($18); the caller compares counts.
     */
    appendBatch: `WITH
ev AS (
  INSERT INTO ${s}.events (${EVENT_COLUMNS}, recorded_ms)
  SELECT u.position, u.stream_id, u.version, u.type, u.schema_version, u.occurred_at, u.recorded_at, u.actor, u.data, u.meta, u.extra, u.prev_hash, u.hash, u.recorded_ms
  FROM ${unnestEvents(1)}
  JOIN unnest($15::text[], $16::int[]) AS b(stream_id, base) ON b.stream_id = u.stream_id
  WHERE coalesce((SELECT max(e.version) FROM ${s}.events e WHERE e.stream_id = u.stream_id), 0) = b.base
  RETURNING 1
),
hd AS (UPDATE ${s}.head SET position = $17 WHERE id = 1 AND position = $18 RETURNING 1),
ob AS (
  INSERT INTO ${s}.outbox (key, channel, payload, stream_id, position, available_at, available_ms)
  SELECT * FROM unnest($19::text[], $20::text[], $21::text[], $22::text[], $23::bigint[], $24::text[], $25::bigint[])
  ON CONFLICT (key) DO NOTHING
),
ik AS (
  INSERT INTO ${s}.idempotency (key, stream_id, first_position, last_position, next_expected_version)
  SELECT * FROM unnest($26::text[], $27::text[], $28::bigint[], $29::bigint[], $30::int[])
),
pj AS (
  INSERT INTO ${s}.projections (name, version, position, state)
  SELECT * FROM unnest($31::text[], $32::int[], $33::bigint[], $34::text[])
  ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state
),
td AS (
  DELETE FROM ${s}.timers
  WHERE (stream_id = ANY($35::text[]) OR id = ANY($36::text[])) AND NOT (id = ANY($37::text[]))
),
ts AS (
  INSERT INTO ${s}.timers (id, stream_id, fire_at, fire_ms, kind, payload, leased_until_ms)
  SELECT t.*, NULL::bigint FROM unnest($37::text[], $38::text[], $39::text[], $40::bigint[], $41::text[], $42::text[]) AS t
  ON CONFLICT (id) DO UPDATE SET stream_id = excluded.stream_id, fire_at = excluded.fire_at, fire_ms = excluded.fire_ms, kind = excluded.kind, payload = excluded.payload, leased_until_ms = NULL
)
SELECT (SELECT count(*) FROM ev) AS inserted, (SELECT count(*) FROM hd) AS head_moved, pg_notify($43, $17::text) AS notified`,

    /** Imported envelopes keep their positions; the head moves to the last one. */
    importBatch: `WITH
ev AS (${insertEventsFrom(1)} RETURNING 1),
hd AS (UPDATE ${s}.head SET position = $15 WHERE id = 1 AND position = $16 RETURNING 1)
SELECT (SELECT count(*) FROM ev) AS inserted, (SELECT count(*) FROM hd) AS head_moved, pg_notify($17, $15::text) AS notified`,

    readCheckpoint: `SELECT position FROM ${s}.checkpoints WHERE name = $1`,
    writeCheckpoint: `INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    /** A checkpoint write fenced by the subscription's lease: no row when the lease is not ours. */
    writeLeasedCheckpoint: `WITH l AS (
  SELECT 1 FROM ${s}.subscription_leases WHERE name = $1 AND owner = $3 AND expires_at > clock_timestamp()
)
INSERT INTO ${s}.checkpoints (name, position) SELECT $1, $2 FROM l
ON CONFLICT (name) DO UPDATE SET position = excluded.position RETURNING 1`,
    /** After an outage: keep whichever is further, the stored checkpoint or what this owner handled. */
    advanceLeasedCheckpoint: `WITH l AS (
  SELECT 1 FROM ${s}.subscription_leases WHERE name = $1 AND owner = $3 AND expires_at > clock_timestamp()
)
INSERT INTO ${s}.checkpoints (name, position) SELECT $1, $2 FROM l
ON CONFLICT (name) DO UPDATE SET position = GREATEST(${s}.checkpoints.position, excluded.position) RETURNING 1`,
    loadProjection: `SELECT name, version, position, state FROM ${s}.projections WHERE name = $1`,
    saveProjection: `INSERT INTO ${s}.projections (name, version, position, state) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state`,

    /** Rows other processes are claiming are skipped, not waited for. */
    claimOutbox: `UPDATE ${s}.outbox o SET leased_until_ms = $1::bigint + $3::bigint, attempts = o.attempts + 1
FROM (
  SELECT id FROM ${s}.outbox
  WHERE NOT acked AND dead_at IS NULL AND available_ms <= $1 AND (leased_until_ms IS NULL OR leased_until_ms <= $1)
  ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
) AS c
WHERE o.id = c.id
RETURNING o.id, o.key, o.channel, o.payload, o.stream_id, o.position, o.attempts, o.available_at, o.last_error`,
    ackOutbox: `UPDATE ${s}.outbox SET acked = true, leased_until_ms = NULL WHERE id = $1`,
    failOutbox: `UPDATE ${s}.outbox SET last_error = $2, available_at = $3, available_ms = $4, leased_until_ms = NULL WHERE id = $1 AND NOT acked AND dead_at IS NULL`,
    deadLetterOutbox: `UPDATE ${s}.outbox SET last_error = $2, dead_at = $3, leased_until_ms = NULL WHERE id = $1 AND NOT acked AND dead_at IS NULL`,
    listDeadLetters: `SELECT id, key, channel, payload, stream_id, position, attempts, available_at, last_error, dead_at FROM ${s}.outbox WHERE dead_at IS NOT NULL AND NOT acked ORDER BY id LIMIT $1`,
    redriveOutbox: `UPDATE ${s}.outbox SET dead_at = NULL, attempts = 0, available_at = $2, available_ms = $3, leased_until_ms = NULL WHERE id = $1 AND dead_at IS NOT NULL AND NOT acked`,

    claimTimers: `UPDATE ${s}.timers t SET leased_until_ms = $1::bigint + $3::bigint
FROM (
  SELECT id FROM ${s}.timers
  WHERE fire_ms <= $1 AND (leased_until_ms IS NULL OR leased_until_ms <= $1)
    AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
  ORDER BY fire_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED
) AS c
WHERE t.id = c.id
RETURNING t.id, t.stream_id, t.fire_at, t.fire_ms, t.kind, t.payload`,
    completeTimer: `DELETE FROM ${s}.timers WHERE id = $1`,
    listTimers: `SELECT id, stream_id, fire_at, kind, payload FROM ${s}.timers ORDER BY id`,
    listStreamTimers: `SELECT id, stream_id, fire_at, kind, payload FROM ${s}.timers WHERE stream_id = $1 ORDER BY id`,

    getKey: `SELECT key FROM ${s}.personal_data_keys WHERE subject_id = $1 AND key IS NOT NULL`,
    /** The new key, the existing one, or a NULL key for a destroyed subject. */
    createKey: `WITH ins AS (
  INSERT INTO ${s}.personal_data_keys (subject_id, key, created_at) VALUES ($1, $2, $3)
  ON CONFLICT (subject_id) DO NOTHING RETURNING key
)
SELECT key FROM ins
UNION ALL
SELECT key FROM ${s}.personal_data_keys WHERE subject_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
    /** A tombstone: the key is gone and the subject can never get one again. */
    destroyKey: `INSERT INTO ${s}.personal_data_keys (subject_id, key, created_at, destroyed_at) VALUES ($1, NULL, $2, $2)
ON CONFLICT (subject_id) DO UPDATE SET key = NULL, destroyed_at = coalesce(${s}.personal_data_keys.destroyed_at, excluded.destroyed_at)`,
    /** Dead row versions still hold the old key bytes until vacuumed. */
    vacuumKeys: `VACUUM ${s}.personal_data_keys`,
    /** Take or renew a lease; clock_timestamp(), not now(): now() is frozen for the transaction. */
    acquireLease: `INSERT INTO ${s}.subscription_leases (name, owner, expires_at)
VALUES ($1, $2, clock_timestamp() + $3::bigint * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE ${s}.subscription_leases.owner = excluded.owner OR ${s}.subscription_leases.expires_at <= clock_timestamp()
RETURNING owner`,
    releaseLease: `DELETE FROM ${s}.subscription_leases WHERE name = $1 AND owner = $2`,
    /** Age of the oldest open transaction in this database, in ms (0 when none). */
    oldestTransaction: `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start) * 1000), 0)::float8 AS age_ms, count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_in_transaction FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
  };
};

export type Statements = ReturnType<typeof statements>;
