import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest folder at or above `start` holding pnpm-workspace.yaml (the repository root). */
export const workspaceRootAbove = (start: string): string | undefined => {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
};

/**
 * The real-data folder: $PETITIO_DATA, else `../shared/data` beside the
 * repository root (found by walking up to pnpm-workspace.yaml from the working
 * directory, then from the running script), else relative to the working directory.
 */
export const dataDirectory = (
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  scriptPath?: string,
): string => {
  const fromEnv = env.PETITIO_DATA;
  if (fromEnv) return resolve(cwd, fromEnv);
  const root =
    workspaceRootAbove(cwd) ?? (scriptPath ? workspaceRootAbove(dirname(scriptPath)) : undefined);
  return root ? resolve(root, "../shared/data") : resolve(cwd, "../shared/data");
};
