/**
 * @petitio/postgres: the Petitio EventStore on PostgreSQL, safe with many
 * engine processes on one database (docs/storage.md, "PostgreSQL").
 */

export * from "./errors.js";
export type { PostgresStoreOptions, ReconnectOptions } from "./options.js";
export type { CommitStats } from "./postgres-backend.js";
export {
  openPostgresStore,
  PostgresEventStore,
  type PostgresStoreStats,
} from "./postgres-store.js";
export { SCHEMA_VERSION } from "./schema.js";
