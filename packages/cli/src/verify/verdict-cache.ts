import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { mkdir, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { VERSION } from "../cli/version.js";
import { writeFileAtomic } from "../util/atomic-write.js";

/**
 * The gate's clean verdicts, remembered per file, so that `report`,
 * `overdue` and `hot-topics` on a log that this version of `petitio` has
 * already verified skip the lifecycle judgement and only fold (the judgement
 * is most of the time of a report). A verdict is kept for the file's identity
 * as the kernel records it: device, inode, size, and modification and change
 * times in nanoseconds. Any write to the file, in place or by replacing it,
 * changes its change time, which no program can set back; a copy is a new
 * file and is verified again. Only verdicts without findings are kept, and only
 * when the file's identity was the same before and after the pass.
 *
 * The cache is a folder of small JSON files under `$PETITIO_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/petitio`, else `~/.cache/petitio` (`verified/`);
 * `PETITIO_VERIFY_CACHE=off` turns it off. Without any of these variables
 * (e.g. an empty environment) nothing is cached. `petitio verify` itself
 * never uses it: it always judges every line.
 */

/** What the gate needs of a clean verdict to print what it would have printed. */
export interface CleanVerdict {
  events: number;
  streams: number;
  /** Lines carrying the hash chain (0: the gate notes that edits cannot be detected). */
  sealed: number;
}

/** Bump when verify's judgement or this file's shape changes within one VERSION. */
const CACHE_FORMAT = 1;

type Env = Readonly<Record<string, string | undefined>>;

/** An absolute folder from the environment (an empty or relative value counts as unset). */
const folder = (value: string | undefined): string | undefined =>
  value !== undefined && isAbsolute(value) ? value : undefined;

const cacheDir = (env: Env): string | undefined => {
  if (env.PETITIO_VERIFY_CACHE === "off") return undefined;
  const xdg = folder(env.XDG_CACHE_HOME);
  const home = folder(env.HOME);
  const base =
    folder(env.PETITIO_CACHE_DIR) ??
    (xdg ? join(xdg, "petitio") : home ? join(home, ".cache", "petitio") : undefined);
  return base === undefined ? undefined : join(base, "verified");
};

/** The file's identity; changes with every write to it. */
export const fileIdentity = (info: BigIntStats): string =>
  `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;

interface Entry extends CleanVerdict {
  format: number;
  version: string;
  path: string;
  identity: string;
}

const entryPath = (dir: string, path: string): string =>
  join(dir, `${createHash("sha256").update(path).digest("hex").slice(0, 32)}.json`);

/** A file's place in the cache and its identity now, or undefined when caching is off. */
export interface CacheSlot {
  file: string;
  path: string;
  identity: string;
}

export const cacheSlot = async (env: Env, path: string): Promise<CacheSlot | undefined> => {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  try {
    const real = await realpath(path);
    const identity = fileIdentity(await stat(real, { bigint: true }));
    return { file: entryPath(dir, real), path: real, identity };
  } catch {
    return undefined;
  }
};

/** The clean verdict remembered for this file as it is now, if any. */
export const cachedVerdict = async (slot: CacheSlot): Promise<CleanVerdict | undefined> => {
  let entry: Partial<Entry>;
  try {
    entry = JSON.parse(await readFile(slot.file, "utf8")) as Partial<Entry>;
  } catch {
    return undefined; // no entry, or one that cannot be read: verify
  }
  if (
    entry.format !== CACHE_FORMAT ||
    entry.version !== VERSION ||
    entry.path !== slot.path ||
    entry.identity !== slot.identity ||
    typeof entry.events !== "number" ||
    typeof entry.streams !== "number" ||
    typeof entry.sealed !== "number"
  ) {
    return undefined;
  }
  return { events: entry.events, streams: entry.streams, sealed: entry.sealed };
};

/**
 * Remember a clean verdict, if the file is still the one that was read (its
 * identity unchanged since `slot` was taken). A cache that cannot be written
 * is no error: the next run verifies again.
 */
export const rememberVerdict = async (slot: CacheSlot, verdict: CleanVerdict): Promise<void> => {
  try {
    if (fileIdentity(await stat(slot.path, { bigint: true })) !== slot.identity) return;
    await mkdir(join(slot.file, ".."), { recursive: true, mode: 0o700 });
    const entry: Entry = {
      format: CACHE_FORMAT,
      version: VERSION,
      path: slot.path,
      identity: slot.identity,
      ...verdict,
    };
    await writeFileAtomic(slot.file, `${JSON.stringify(entry)}\n`);
  } catch {
    // best effort
  }
};
