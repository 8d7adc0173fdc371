/**
 * @petitio/sqlite: the embedded default store. `openSqliteStore("petitions.db")`
 * is all a user has to write.
 */
export * from "./errors.js";
export { CURRENT_SCHEMA_VERSION, MIGRATIONS, type Migration, migrate } from "./migrations/index.js";
export type { SqliteStoreOptions } from "./options.js";
export { openSqliteStore, SqliteEventStore } from "./sqlite-store.js";
export { systemClock } from "./system-clock.js";
