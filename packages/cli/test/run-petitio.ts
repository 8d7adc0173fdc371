import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Helpers for end-to-end tests: they run the built binary as a child process. */

export const CLI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(CLI_ROOT, "../..");
export const BIN = join(CLI_ROOT, "dist/bin.js");
/**
 * Every test here runs the binary as a child process: on a loaded machine one
 * run can take seconds, so each test gets this limit, not vitest's default 5 s.
 */
export const SPAWN_TIMEOUT_MS = 120_000;

/** The worked example, committed with texts written for the project (core's test fixtures). */
export {
  WORKED_EXAMPLE_EXPECTED as EXPECTED,
  writeWorkedExamples,
} from "../../core/test/worked-example.js";

export const DATA_DIR = process.env.PETITIO_DATA
  ? resolve(process.env.PETITIO_DATA)
  : resolve(REPO_ROOT, "../shared/data");

const newestSource = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
};

/** Fail with a clear message when the binary is missing or older than its sources. */
export const requireFreshBuild = (): void => {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: run \`npx -y pnpm@10.34.9 build\` (or \`cd packages/cli && npx tsup\`) first`,
    );
  }
  if (statSync(BIN).mtimeMs < newestSource(join(CLI_ROOT, "src"))) {
    throw new Error(
      `${BIN} is older than packages/cli/src: rebuild with \`cd packages/cli && npx tsup\``,
    );
  }
};

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

const TEST_CACHE_DIR = mkdtempSync(join(tmpdir(), "petitio-test-cache-"));

export const petitio = (
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): RunResult => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    // Verdicts the gate remembers go to a folder of this test run, not the user's cache.
    PETITIO_CACHE_DIR: TEST_CACHE_DIR,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: env as NodeJS.ProcessEnv,
    cwd: options.cwd ?? REPO_ROOT,
    timeout: SPAWN_TIMEOUT_MS,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
};
