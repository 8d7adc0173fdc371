import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { splitLines } from "@petitio/core/adapter";
import { InputError } from "../cli/errors.js";
import { readFailure } from "../util/file-errors.js";

/**
 * The records of a dataset file (JSON Lines), numbered by line. A line that is
 * not a JSON object is an InputError with its line number. `onBytes` hears
 * how far into the file each chunk read ends, and the file's size (a progress bar).
 */
export async function* readSourceRecords(
  path: string,
  onBytes?: (bytes: number, total: number) => void,
): AsyncGenerator<{ line: number; record: Record<string, unknown> }> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  let total: number;
  try {
    await opened;
    total = (await stat(path)).size;
  } catch (error) {
    stream.destroy();
    throw new InputError(path, readFailure(error));
  }
  const counted = async function* (): AsyncGenerator<Buffer> {
    let bytes = 0;
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes, total);
      yield chunk as Buffer;
    }
  };
  for await (const { line, text } of splitLines(counted())) {
    if (text.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new InputError(path, `not valid JSON (${(error as Error).message})`, line);
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new InputError(path, "a record must be a JSON object", line);
    }
    yield { line, record: record as Record<string, unknown> };
  }
}

/** A non-empty string field, trimmed, or undefined. */
export const text = (record: Record<string, unknown>, field: string): string | undefined => {
  const value = record[field];
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
};

export const integer = (record: Record<string, unknown>, field: string): number | undefined => {
  const value = record[field];
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
};

/** Thrown by an importer for one record it cannot use; the import reports and skips it. */
export class RecordSkipped extends Error {}
