import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** packages/assist, found upwards from this file (it also runs bundled from packages/assist/.bench). */
const assistRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "eval", "duplicate-pairs.tsv")) && dirname(dir) !== dir)
    dir = dirname(dir);
  return dir;
};
export const ASSIST_ROOT = assistRoot();
export const REPO_ROOT = resolve(ASSIST_ROOT, "../..");
/** The real-data folder: $PETITIO_DATA, else ../shared/data beside the repository. */
export const DATA_DIR = process.env.PETITIO_DATA
  ? resolve(process.env.PETITIO_DATA)
  : resolve(REPO_ROOT, "../shared/data");

export const hasData = (file: string): boolean => existsSync(join(DATA_DIR, file));

export const readJsonl = <T = Record<string, unknown>>(file: string): T[] =>
  readFileSync(join(DATA_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);

/** Exit with a clear message where the data folder is absent. */
export const requireData = (file: string): void => {
  if (!hasData(file)) {
    console.error(`${join(DATA_DIR, file)} not found: set PETITIO_DATA to the shared data folder`);
    process.exit(2);
  }
};
