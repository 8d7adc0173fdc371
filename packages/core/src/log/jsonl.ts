import { once } from "node:events";
import { createReadStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { LogOrderError, LogParseError, PetitioError, ValidationError } from "../errors.js";
import { ENVELOPE_FIELD_ORDER, type EventEnvelope } from "../events/envelope.js";
import { defaultRegistry, type EventRegistry } from "../events/registry.js";
import { LogLineTooLongError } from "./errors.js";
import { createTemporaryFile } from "./exclusive-file.js";

/**
 * JSON Lines reader and writer for the exported log (docs/log-format.md).
 * Both stream: memory stays flat however long the log is.
 */

export interface ReadLogOptions {
  registry?: EventRegistry;
  /** Reject custom event types instead of keeping them. */
  strictTypes?: boolean;
  /**
   * Skip lines that are not valid envelopes instead of failing on the first one.
   * Every skipped line is reported to `onSkip`; nothing is skipped silently.
   */
  skipInvalid?: boolean;
  onSkip?: (error: PetitioError, line: number) => void;
  /** The longest line accepted, in bytes (default `DEFAULT_MAX_LINE_BYTES`, see LineSplitter). */
  maxLineBytes?: number;
}

/**
 * The default cap on one log line: 8 MiB. The largest event a store accepts
 * (1,000,000 UTF-16 units of JSON, docs/storage.md) is at most 3 MB of UTF-8,
 * so no lawful line comes near it.
 */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

const NEWLINE = 0x0a;
const REPLACEMENT_CHAR = "\uFFFD";
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export interface LogLine {
  /** 1-based line number. */
  line: number;
  text: string;
  /**
   * Set when the line's bytes are not valid UTF-8 (`text` then holds U+FFFD),
   * or when the line is longer than the cap (`text` is then empty).
   */
  error?: LogParseError | LogLineTooLongError;
}

export interface LineSplitterOptions {
  /** The longest line, in bytes without the newline (default `DEFAULT_MAX_LINE_BYTES`). */
  maxLineBytes?: number;
}

/**
 * Cuts chunks into lines, numbering them from 1. Lines are cut on the newline
 * byte before decoding: a UTF-8 sequence never contains 0x0A, so a character
 * split across chunks is put back together, and a line that is not valid
 * UTF-8 is reported with its own number. Synchronous per chunk, so the replay
 * hot path pays one await per chunk, not per line.
 *
 * Memory stays bounded on a hostile file: a line longer than `maxLineBytes` is
 * not kept; its bytes are dropped as they arrive and it is reported as a line
 * with a `LogLineTooLongError` (its number, the cap) once its end is reached.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current line already passed the cap: its bytes are being dropped. */
  private overlong = false;
  private line = 0;
  readonly maxLineBytes: number;

  constructor(options: LineSplitterOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new ValidationError("LineSplitter", [
        { path: "maxLineBytes", message: "must be a positive integer (bytes)" },
      ]);
    }
    this.maxLineBytes = max;
  }

  /** The complete lines of this chunk; an unfinished last line waits for the next. */
  push(chunk: string | Uint8Array): LogLine[] {
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, "utf8")
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: LogLine[] = [];
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl !== -1; nl = bytes.indexOf(NEWLINE, start)) {
      if (this.overlong || this.pendingBytes + (nl - start) > this.maxLineBytes) {
        lines.push(this.tooLong());
      } else if (this.pending.length === 0) {
        lines.push(this.decode(bytes, start, nl));
      } else {
        this.pending.push(bytes.subarray(start, nl));
        const whole = Buffer.concat(this.pending);
        this.clearPending();
        lines.push(this.decode(whole, 0, whole.length));
      }
      start = nl + 1;
    }
    const rest = bytes.length - start;
    if (rest > 0) {
      if (this.overlong || this.pendingBytes + rest > this.maxLineBytes) {
        this.clearPending();
        this.overlong = true;
      } else {
        // Copy the tail: a stream may reuse the chunk's buffer for the next read.
        this.pending.push(Buffer.from(bytes.subarray(start)));
        this.pendingBytes += rest;
      }
    }
    return lines;
  }

  /** The last line, when the input does not end with a newline. */
  end(): LogLine[] {
    if (this.overlong) return [this.tooLong()];
    if (this.pending.length === 0) return [];
    const whole = Buffer.concat(this.pending);
    this.clearPending();
    return [this.decode(whole, 0, whole.length)];
  }

  private clearPending(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }

  private tooLong(): LogLine {
    this.clearPending();
    this.overlong = false;
    const line = ++this.line;
    return { line, text: "", error: new LogLineTooLongError(line, this.maxLineBytes) };
  }

  private decode(bytes: Buffer, start: number, end: number): LogLine {
    const line = ++this.line;
    if (end > start && bytes[end - 1] === 0x0d) end--; // CRLF
    // A UTF-8 byte-order mark, as some Windows editors write, is not part of line 1.
    if (
      line === 1 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    ) {
      start += 3;
    }
    const text = bytes.toString("utf8", start, end);
    // Buffer decoding replaces bad bytes with U+FFFD; only then ask the strict decoder.
    if (text.includes(REPLACEMENT_CHAR)) {
      try {
        strictUtf8.decode(bytes.subarray(start, end));
      } catch {
        return { line, text, error: new LogParseError(line, "the line is not valid UTF-8") };
      }
    }
    return { line, text };
  }
}

/** Split a stream of chunks into numbered lines (see LineSplitter). */
export async function* splitLines(
  chunks: AsyncIterable<string | Uint8Array>,
  options: LineSplitterOptions = {},
): AsyncGenerator<LogLine> {
  const splitter = new LineSplitter(options);
  const checked = (lines: LogLine[]): LogLine[] => {
    for (const line of lines) if (line.error) throw line.error;
    return lines;
  };
  for await (const chunk of chunks) yield* checked(splitter.push(chunk));
  yield* checked(splitter.end());
}

/**
 * Parse and validate envelopes from text chunks. Blank lines are ignored; a line
 * that is not JSON, not a valid envelope, or out of position order is an error
 * naming its line number and field.
 */
export async function* parseLog(
  chunks: AsyncIterable<string | Uint8Array>,
  options: ReadLogOptions = {},
): AsyncGenerator<EventEnvelope, void, undefined> {
  const registry = options.registry ?? defaultRegistry;
  const strictTypes = options.strictTypes ?? false;
  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  let lastPosition = 0;
  const parseLine = ({ line, text, error: badBytes }: LogLine): EventEnvelope | undefined => {
    if (!badBytes && text.trim() === "") return undefined;
    try {
      if (badBytes) throw badBytes;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new LogParseError(line, (error as Error).message);
      }
      const envelope = registry.decode(raw, { line, strictTypes });
      if (envelope.position <= lastPosition) {
        throw new LogOrderError(
          line,
          "position",
          `${envelope.position} is not greater than the previous position ${lastPosition}`,
        );
      }
      lastPosition = envelope.position;
      return envelope;
    } catch (error) {
      if (options.skipInvalid && error instanceof PetitioError) {
        options.onSkip?.(error, line);
        return undefined;
      }
      throw error;
    }
  };
  const batches = async function* () {
    for await (const chunk of chunks) yield splitter.push(chunk);
    yield splitter.end();
  };
  for await (const batch of batches()) {
    for (const logLine of batch) {
      const envelope = parseLine(logLine);
      if (envelope) yield envelope;
    }
  }
}

/** Read a JSONL log file as a stream of validated envelopes. */
export const readLogFile = (
  path: string,
  options: ReadLogOptions = {},
): AsyncGenerator<EventEnvelope, void, undefined> =>
  parseLog(createReadStream(path, { highWaterMark: 1 << 20 }), options);

/** The canonical one-line form of an envelope: fixed field order, no spaces. */
export const serializeEnvelope = (envelope: EventEnvelope): string => {
  const ordered: Record<string, unknown> = {};
  for (const key of ENVELOPE_FIELD_ORDER) {
    const value = envelope[key];
    if (value !== undefined) ordered[key] = value;
  }
  for (const [key, value] of Object.entries(envelope)) {
    if (!(key in ordered) && value !== undefined) ordered[key] = value;
  }
  return JSON.stringify(ordered);
};

/** Write envelopes as JSONL to a writable stream, honouring backpressure. Returns the count. */
export const writeLog = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  out: Writable,
): Promise<number> => {
  let count = 0;
  let buffer = "";
  for await (const event of events) {
    buffer += `${serializeEnvelope(event)}\n`;
    count++;
    if (buffer.length >= 1 << 16) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  if (buffer.length > 0 && !out.write(buffer)) await once(out, "drain");
  return count;
};

/**
 * Write envelopes to a JSONL file, replacing it. The log is written to a
 * temporary file beside it and renamed into place, so a failure half-way
 * leaves the old file (or none), never a truncated log. The temporary file
 * has a random name and is created exclusively (exclusive-file.ts): a file or
 * symlink planted beside the target is never written through, and the rename
 * replaces a symlink at the target itself, not the file it points to.
 * Returns the count.
 */
export const writeLogFile = async (
  path: string,
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
): Promise<number> => {
  const { temporary, handle } = await createTemporaryFile(path);
  const out = handle.createWriteStream();
  try {
    const count = await writeLog(events, out);
    out.end();
    // The stream closes the handle once everything is written.
    await once(out, "close");
    await rename(temporary, path);
    return count;
  } catch (error) {
    if (!out.closed) {
      const closed = once(out, "close");
      out.destroy();
      await closed;
    }
    await rm(temporary, { force: true });
    throw error;
  }
};
