import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import type { PostgresStoreOptions } from "./options.js";
import { openPostgresStore, type PostgresEventStore } from "./postgres-store.js";

/**
 * Helpers shared by this package's tests (not exported from the package).
 * The run's server comes from test/global-setup.ts; each test file makes its
 * own database on it, and each store gets its own schema in that database.
 */

const missing = inject("pgMissing");

/** `describe`, skipped with the reason when no PostgreSQL server could be started. */
export const describePg = (name: string, body: () => void): void => {
  // Skipped only where no server can be installed; the name says why.
  describe.skipIf(Boolean(missing))(missing ? `${name} (skipped: ${missing})` : name, body);
};

/** URL of a database on `admin`'s server. */
export const databaseUrl = (admin: string, database: string): string => {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
};

export const createDatabase = async (
  admin: string,
  prefix: string,
  settings: Record<string, string> = {},
): Promise<string> => {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
    for (const [key, value] of Object.entries(settings)) {
      await client.query(`ALTER DATABASE ${name} SET ${key} = '${value}'`);
    }
  } finally {
    await client.end();
  }
  return databaseUrl(admin, name);
};

export const dropDatabase = async (admin: string, url: string): Promise<void> => {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
};

/**
 * One database for the calling test file, created in `beforeAll` and dropped
 * in `afterAll`. `url()` is valid inside tests and hooks.
 */
export const useTestDatabase = (file: string, settings: Record<string, string> = {}) => {
  let url = "";
  const prefix = `t_${createHash("sha1").update(file).digest("hex").slice(0, 8)}`;
  beforeAll(async () => {
    if (!missing) url = await createDatabase(inject("pgAdminUrl"), prefix, settings);
  });
  afterAll(async () => {
    if (url) await dropDatabase(inject("pgAdminUrl"), url);
  });
  let schemas = 0;
  return {
    url: () => url,
    /** A store in a fresh schema of the file's database. */
    openStore: async (
      options: Omit<PostgresStoreOptions, "connectionString"> = {},
    ): Promise<PostgresEventStore> =>
      openPostgresStore({
        connectionString: url,
        schema: options.schema ?? `s${++schemas}_${randomBytes(3).toString("hex")}`,
        maxConnections: 4,
        ...options,
      }),
  };
};

/** Drop a store's schema (after closing it). */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
};
