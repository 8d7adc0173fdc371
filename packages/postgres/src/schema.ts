import type { PoolClient } from "pg";
import { SchemaTooNewError } from "./errors.js";

/**
 * The store's tables, in one schema. JSON parts are kept as `text`, not
 * `jsonb`: jsonb reorders keys and normalises numbers, and the exported log
 * must come out byte-identical to what went in (docs/storage.md).
 *
 * `prev_hash`/`hash` are each envelope's link in the hash chain (NULL for
 * events imported from before the chain). `personal_data_keys` holds one key
 * per data subject, never in events and never exported; a destroyed key
 * leaves a tombstone so the subject never gets a key again.
 *
 * `head` is a single row holding the last position: every append locks it,
 * so positions are assigned, and transactions commit, in one order
 * (docs/storage.md, "PostgreSQL: why a head row").
 */
const MIGRATIONS: readonly ((s: string) => string)[] = [
  (s) => `
CREATE TABLE ${s}.events (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  type text NOT NULL,
  schema_version integer NOT NULL,
  occurred_at text NOT NULL,
  recorded_at text NOT NULL,
  recorded_ms bigint NOT NULL,
  actor text NOT NULL,
  data text NOT NULL,
  meta text,
  extra text,
  prev_hash text,
  hash text,
  UNIQUE (stream_id, version)
);
CREATE TABLE ${s}.head (
  id smallint PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL
);
INSERT INTO ${s}.head (id, position) VALUES (1, 0);
CREATE TABLE ${s}.idempotency (
  key text PRIMARY KEY,
  stream_id text NOT NULL,
  first_position bigint NOT NULL,
  last_position bigint NOT NULL,
  next_expected_version integer NOT NULL
);
CREATE TABLE ${s}.checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL
);
CREATE TABLE ${s}.projections (
  name text PRIMARY KEY,
  version integer NOT NULL,
  position bigint NOT NULL,
  state text NOT NULL
);
CREATE TABLE ${s}.outbox (
  id bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  channel text NOT NULL,
  payload text NOT NULL,
  stream_id text NOT NULL,
  position bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  available_at text NOT NULL,
  available_ms bigint NOT NULL,
  leased_until_ms bigint,
  acked boolean NOT NULL DEFAULT false,
  last_error text,
  dead_at text
);
CREATE INDEX outbox_claimable ON ${s}.outbox (id) WHERE NOT acked AND dead_at IS NULL;
CREATE TABLE ${s}.timers (
  id text PRIMARY KEY,
  stream_id text NOT NULL,
  fire_at text NOT NULL,
  fire_ms bigint NOT NULL,
  kind text NOT NULL,
  payload text,
  leased_until_ms bigint
);
CREATE INDEX timers_due ON ${s}.timers (fire_ms, id);
CREATE INDEX timers_stream ON ${s}.timers (stream_id);
CREATE TABLE ${s}.personal_data_keys (
  subject_id text PRIMARY KEY,
  key bytea,
  created_at text NOT NULL,
  destroyed_at text
);
CREATE TABLE ${s}.subscription_leases (
  name text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Create or upgrade the schema. Runs in one transaction under an advisory
 * lock, so processes opening the store at once migrate it once.
 */
export const migrate = async (client: PoolClient, schema: string): Promise<number> => {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`petitio:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_version (version integer NOT NULL)`,
    );
    const row = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_version`,
    );
    const current = row.rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) throw new SchemaTooNewError(schema, current, SCHEMA_VERSION);
    for (let v = current; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!(schema));
    if (row.rows.length === 0) {
      await client.query(`INSERT INTO ${schema}.schema_version (version) VALUES ($1)`, [
        SCHEMA_VERSION,
      ]);
    } else if (current < SCHEMA_VERSION) {
      await client.query(`UPDATE ${schema}.schema_version SET version = $1`, [SCHEMA_VERSION]);
    }
    await client.query("COMMIT");
    return SCHEMA_VERSION;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
};
