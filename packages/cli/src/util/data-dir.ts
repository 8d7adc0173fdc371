import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The real-data folder: $PETITIO_DATA, else `../shared/data` beside the
 * repository root (found by walking up to pnpm-workspace.yaml), else relative
 * to the working directory.
 */
export const dataDirectory = (
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string => {
  const fromEnv = env.PETITIO_DATA;
  if (fromEnv) return resolve(cwd, fromEnv);
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return resolve(dir, "../shared/data");
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd, "../shared/data");
    dir = parent;
  }
};
