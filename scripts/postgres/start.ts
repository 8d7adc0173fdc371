import { startPostgres } from "./server.js";

/**
 * Start a throwaway server from a shell, print its URL, and stop it (deleting
 * its files) on Ctrl-C or SIGTERM:
 *
 *   packages/postgres/node_modules/.bin/tsx scripts/postgres/start.ts
 */
const server = await startPostgres();
process.stdout.write(`${server.url}\n`);
const shutdown = () => {
  void server.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
setInterval(() => {}, 1 << 30);
