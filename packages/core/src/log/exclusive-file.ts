import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Temporary files beside a target, created so that no one else's file is ever
 * written through: the name is random (not `<pid>`, which anyone can guess)
 * and the file is opened with O_CREAT | O_EXCL | O_NOFOLLOW, so an existing
 * file or a symlink planted at the name is refused (EEXIST / ELOOP) instead of
 * followed. A taken name is never reused: another is drawn.
 */

const EXCLUSIVE =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Attempts at a fresh name before giving up (each collision is 1 in 2^64 by chance). */
const ATTEMPTS = 8;

/** A random name for a temporary file beside `path`. */
export const temporaryNameFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(8).toString("hex")}.partial`);

/** Open `path` for writing only if nothing (not even a symlink) is there yet. */
export const openExclusive = (path: string): Promise<FileHandle> => open(path, EXCLUSIVE, 0o666);

/**
 * Create a new temporary file beside `path`. `nameFor` draws the names (tests
 * give it names that are taken, to see them refused).
 */
export const createTemporaryFile = async (
  path: string,
  nameFor: (path: string) => string = temporaryNameFor,
): Promise<{ temporary: string; handle: FileHandle }> => {
  for (let attempt = 1; ; attempt++) {
    const temporary = nameFor(path);
    try {
      return { temporary, handle: await openExclusive(temporary) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === "EEXIST" || code === "ELOOP") && attempt < ATTEMPTS) continue;
      throw error;
    }
  }
};
