import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in
 * a temp dir (initdb as the `postgres` user when we are root), listening on
 * 127.0.0.1 on a free port, stopped and deleted by `stop()`.
 *
 * From a shell: scripts/postgres/start.ts (prints the URL, stops on Ctrl-C).
 */

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

export interface ServerOptions {
  /** Run scripts/postgres/install.sh (apt-get) when the binaries are missing (default true). */
  install?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

export interface PostgresServer {
  /** Connection URL of the `postgres` database, as superuser `postgres`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** `pg_ctl restart`: `immediate` is a crash (no checkpoint), `fast` a clean shutdown. */
  restart(mode?: "fast" | "immediate"): Promise<void>;
  stopOnly(mode?: "fast" | "immediate"): Promise<void>;
  startAgain(): Promise<void>;
  /** Stop the server and delete its files. */
  stop(): Promise<void>;
}

/** Where initdb/pg_ctl are, or undefined when PostgreSQL is not installed. */
export const findPostgresBin = (): string | undefined => {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const path = which.stdout.trim();
  return which.status === 0 && path !== "" ? dirname(path) : undefined;
};

/** Find the binaries, installing them first when allowed; the reason when that is impossible. */
export const ensurePostgres = (install = true): { bin: string } | { missing: string } => {
  const found = findPostgresBin();
  if (found) return { bin: found };
  if (!install) return { missing: "PostgreSQL server binaries (initdb) are not installed" };
  const result = spawnSync("bash", [join(here, "install.sh")], { encoding: "utf8" });
  const after = findPostgresBin();
  if (after) return { bin: after };
  return {
    missing: `PostgreSQL is not installed and scripts/postgres/install.sh could not install it: ${(
      result.stderr || result.stdout
    )
      .trim()
      .split("\n")
      .slice(-3)
      .join(" | ")}`,
  };
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });

const asRoot = process.getuid?.() === 0;

/** Run a server binary; as root, as the `postgres` user (initdb refuses root). */
const runAsOwner = (bin: string, args: string[]) =>
  asRoot
    ? run("runuser", ["-u", "postgres", "--", bin, ...args], { cwd: "/" })
    : run(bin, args, { cwd: "/" });

export const startPostgres = async (options: ServerOptions = {}): Promise<PostgresServer> => {
  const found = ensurePostgres(options.install ?? true);
  if ("missing" in found) throw new Error(found.missing);
  const { bin } = found;
  const base = mkdtempSync(join(tmpdir(), "petitio-pg-"));
  const dataDir = join(base, "data");
  if (asRoot) {
    chmodSync(base, 0o755);
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(base, uid, gid);
  }
  await runAsOwner(join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const settings: Record<string, string | number> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: base,
    max_connections: 300,
    // A session left idle inside a transaction is ended: it would hold the
    // head lock and stall every writer (docs/storage.md, PostgreSQL).
    idle_in_transaction_session_timeout: "60s",
    fsync: "on",
    ...options.settings,
  };
  const logFile = join(base, "server.log");
  let port = 0;
  const pgCtl = (args: string[]) => runAsOwner(join(bin, "pg_ctl"), ["-D", dataDir, ...args]);
  const start = async () => {
    const flags = Object.entries({ ...settings, port })
      .map(([k, v]) => `-c ${k}=${String(v) === "" ? "''" : v}`)
      .join(" ");
    await pgCtl(["-l", logFile, "-w", "-t", "60", "-o", flags, "start"]);
  };
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3) {
        rmSync(base, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const stopOnly = async (mode: "fast" | "immediate" = "fast") => {
    await pgCtl(["-m", mode, "-w", "-t", "60", "stop"]);
  };
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    restart: async (mode = "fast") => {
      await stopOnly(mode);
      await start();
    },
    stopOnly,
    startAgain: start,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopOnly("immediate").catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
};
