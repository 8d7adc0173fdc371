import type { TestProject } from "vitest/node";
import { ensurePostgres, startPostgres } from "../../../scripts/postgres/server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL of the run's server, or "" when PostgreSQL is not available. */
    pgAdminUrl: string;
    /** Why the server tests are skipped ("" when they run). */
    pgMissing: string;
  }
}

/** One throwaway PostgreSQL server for the whole run; installs it (apt-get) if missing. */
export default async function setup(project: TestProject) {
  const found = ensurePostgres(true);
  if ("missing" in found) {
    console.warn(`\n@petitio/postgres: server tests SKIPPED: ${found.missing}\n`);
    project.provide("pgAdminUrl", "");
    project.provide("pgMissing", found.missing);
    return;
  }
  const server = await startPostgres({ install: false });
  project.provide("pgAdminUrl", server.url);
  project.provide("pgMissing", "");
  return () => server.stop();
}
