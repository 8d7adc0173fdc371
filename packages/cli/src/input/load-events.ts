import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { type EventEnvelope, parseLog, readLogFile } from "@petitio/core";
import type { CliContext } from "../cli/context.js";
import { InputError } from "../cli/errors.js";
import { createProgress } from "../output/progress.js";
import { readFailure } from "../util/file-errors.js";

export type InputKind = "jsonl" | "sqlite";

const SQLITE_MAGIC = "SQLite format 3\u0000";

/**
 * What a path holds: a SQLite store (by its 16-byte magic header, whatever the
 * file is called) or otherwise a JSONL log.
 */
export const detectInputKind = async (path: string): Promise<InputKind> => {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(path, "not a file");
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, readFailure(error));
  }
  if (size < 16) return "jsonl";
  const handle = await open(path, "r");
  try {
    const header = Buffer.alloc(16);
    await handle.read(header, 0, 16, 0);
    return header.toString("latin1") === SQLITE_MAGIC ? "sqlite" : "jsonl";
  } finally {
    await handle.close();
  }
};

/**
 * Events of a SQLite store file, in position order. The commands only read, so
 * the file is opened read-only: never migrated, its journal mode untouched,
 * and a SQLite file of another app is refused (NotAPetitioStoreError) instead
 * of being given Petitio's tables.
 */
const readSqliteStore = async function* (path: string): AsyncGenerator<EventEnvelope> {
  const { openSqliteStore } = await import("@petitio/sqlite");
  const store = openSqliteStore(path, { readOnly: true });
  try {
    yield* store.readAll();
  } finally {
    await store.close();
  }
};

/**
 * Stream the events of a log or store file. A malformed JSONL line throws its
 * typed error (it carries the line number); nothing is skipped.
 */
export const streamEvents = async (
  path: string,
): Promise<{ kind: InputKind; events: AsyncIterable<EventEnvelope> }> => {
  const kind = await detectInputKind(path);
  return { kind, events: kind === "sqlite" ? readSqliteStore(path) : readLogFile(path) };
};

export interface ProgressReading {
  /** No bar whatever stderr is (e.g. under --json). */
  quiet?: boolean;
}

/** A log file's chunks, telling `onBytes` how far into the file each one ends. */
const countedChunks = async function* (
  path: string,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
    yield chunk as Buffer;
  }
};

/**
 * Stream the events of a log or store file, with a progress bar on a terminal:
 * bytes of the file's size for a log (rate and ETA), events for a store.
 */
export async function* eventsWithProgress(
  ctx: CliContext,
  path: string,
  options: ProgressReading = {},
): AsyncGenerator<EventEnvelope> {
  const kind = await detectInputKind(path);
  const label = `reading ${path}`;
  const quiet = options.quiet ?? false;
  if (kind === "sqlite") {
    const progress = createProgress(ctx, label, { unit: "items", quiet });
    let count = 0;
    try {
      for await (const event of readSqliteStore(path)) {
        yield event;
        if (++count % 1000 === 0) progress.update(count);
      }
    } finally {
      progress.finish();
    }
    return;
  }
  const { size } = await stat(path);
  const progress = createProgress(ctx, label, { unit: "bytes", total: size, quiet });
  try {
    yield* parseLog(countedChunks(path, (bytes) => progress.update(bytes)));
  } finally {
    progress.finish();
  }
}
