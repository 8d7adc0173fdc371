import type { Stats } from "node:fs";
import { type FileHandle, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Writable } from "node:stream";
import { createTemporaryFile } from "@petitio/core/adapter";
import { OutputError } from "../cli/errors.js";

/**
 * Files a command writes (--out) appear whole or not at all: the content goes
 * to a fresh temporary file beside the target, then is renamed over it. The
 * temporary file has an unpredictable name and is created exclusively
 * (O_CREAT | O_EXCL | O_NOFOLLOW, core's `createTemporaryFile`, the same as
 * `writeLogFile`), so a symlink or file planted in the folder
 * is never written through; the rename replaces a symlink at the target
 * itself, never the file it points to.
 */

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM")
    return "permission denied; choose a folder you can write in";
  if (code === "EISDIR") return "it is a folder; give a file name";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EROFS") return "the file system is read-only";
  return code ?? String(error);
};

/** The target's folder must exist: say so, and how to fix it, rather than a raw ENOENT. */
const checkFolder = async (path: string): Promise<void> => {
  const folder = dirname(path);
  let info: Stats;
  try {
    info = await stat(folder);
  } catch {
    throw new OutputError(
      path,
      `the folder ${folder} does not exist; create it first (mkdir -p ${folder})`,
    );
  }
  if (!info.isDirectory()) throw new OutputError(path, `${folder} is not a folder`);
};

/** A new temporary file beside `path`, opened exclusively under a random name. */
const createTemporary = async (path: string): Promise<{ tmp: string; handle: FileHandle }> => {
  await checkFolder(path);
  try {
    const { temporary, handle } = await createTemporaryFile(path);
    return { tmp: temporary, handle };
  } catch (error) {
    throw new OutputError(path, reasonOf(error));
  }
};

/** Move the finished temporary file into place; on failure remove it and name the target. */
const moveIntoPlace = async (tmp: string, path: string): Promise<void> => {
  try {
    const target = await stat(path).catch(() => undefined);
    if (target?.isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new OutputError(path, reasonOf(error));
  }
};

/** Write `content` to `path` atomically (old content or new, never half). */
export const writeFileAtomic = async (path: string, content: string): Promise<void> => {
  const { tmp, handle } = await createTemporary(path);
  try {
    await handle.writeFile(content);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error instanceof OutputError ? error : new OutputError(path, reasonOf(error));
  }
  await moveIntoPlace(tmp, path);
};

/**
 * Stream into `path` atomically: `write(out)` writes to the temporary file's
 * stream (and must not end it). Nothing is left behind when it throws.
 */
export const replaceFileAtomic = async (
  path: string,
  write: (out: Writable) => Promise<void>,
): Promise<void> => {
  const { tmp, handle } = await createTemporary(path);
  const out = handle.createWriteStream();
  try {
    await write(out);
    // The stream closes the handle once everything is on disk.
    await new Promise<void>((done, fail) => {
      out.once("close", done);
      out.once("error", fail);
      out.end();
    });
  } catch (error) {
    out.destroy();
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
  await moveIntoPlace(tmp, path);
};
