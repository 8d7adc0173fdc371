import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A temporary name beside `path`, so the final rename stays on one file system. */
export const temporaryPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);

/**
 * Write a file so that readers see the old content or the new, never half of
 * it: write a temporary file beside it, then rename. On failure nothing is left.
 */
export const writeFileAtomic = async (path: string, content: string): Promise<void> => {
  const tmp = temporaryPathFor(path);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
};

/** Run `write(tmp)` and move the result into place; remove the temporary file on failure. */
export const replaceFileAtomic = async (
  path: string,
  write: (tmp: string) => Promise<void>,
): Promise<void> => {
  const tmp = temporaryPathFor(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
};
