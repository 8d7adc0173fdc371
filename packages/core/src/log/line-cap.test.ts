import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { LogLineTooLongError } from "./errors.js";
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, parseLog } from "./jsonl.js";

const valid = (n: number) =>
  JSON.stringify({
    position: n,
    streamId: "petition-1",
    version: n,
    type: "PetitionWithdrawn",
    schemaVersion: 1,
    occurredAt: "2024-01-01T10:00:00+08:00",
    recordedAt: "2024-01-01T10:00:00+08:00",
    actor: { id: "p1", role: "petitioner" },
    data: {},
  });

/** The bytes the splitter holds for an unfinished line (a private field, read to prove the bound). */
const held = (splitter: LineSplitter): number =>
  (splitter as unknown as { pendingBytes: number }).pendingBytes;

describe("LineSplitter line cap", () => {
  it("has a documented default of 8 MiB and refuses a cap that is not a positive integer", () => {
    expect(new LineSplitter().maxLineBytes).toBe(DEFAULT_MAX_LINE_BYTES);
    expect(DEFAULT_MAX_LINE_BYTES).toBe(8 * 1024 * 1024);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LineSplitter({ maxLineBytes: bad })).toThrow(
        expect.objectContaining({ code: "VALIDATION_FAILED", field: "maxLineBytes" }),
      );
    }
    expect(() => new LineSplitter({ maxLineBytes: 0 })).toThrow(ValidationError);
  });

  it("reports an overlong line with its number and keeps the lines around it", () => {
    const splitter = new LineSplitter({ maxLineBytes: 10 });
    const lines = [
      ...splitter.push("short\n"),
      ...splitter.push(`${"x".repeat(11)}\nexactly-10\n`),
      ...splitter.push("after"),
      ...splitter.end(),
    ];
    expect(lines.map((l) => [l.line, l.text, l.error?.code])).toEqual([
      [1, "short", undefined],
      [2, "", "LOG_LINE_TOO_LONG"],
      [3, "exactly-10", undefined],
      [4, "after", undefined],
    ]);
    expect(lines[1]!.error).toBeInstanceOf(LogLineTooLongError);
    expect(lines[1]!.error!.message).toMatch(/^line 2: longer than 10 bytes/);
  });

  it("holds no more than the cap while a hostile line without newlines streams in", () => {
    const cap = 1024;
    const splitter = new LineSplitter({ maxLineBytes: cap });
    const chunk = Buffer.alloc(64 * 1024, 0x61); // 64 KiB of "a", never a newline
    for (let i = 0; i < 256; i++) {
      expect(splitter.push(chunk)).toEqual([]);
      expect(held(splitter)).toBeLessThanOrEqual(cap);
    }
    // 16 MiB later the line ends: reported once, and the next line reads normally.
    const [tooLong, next] = splitter.push("\nok\n");
    expect(tooLong).toMatchObject({ line: 1, error: { code: "LOG_LINE_TOO_LONG" } });
    expect(next).toEqual({ line: 2, text: "ok" });
  });

  it("counts bytes across chunks, and an overlong last line without a newline", () => {
    const splitter = new LineSplitter({ maxLineBytes: 6 });
    expect(splitter.push("abc")).toEqual([]);
    expect(splitter.push("def")).toEqual([]); // 6 bytes: at the cap, still kept
    expect(held(splitter)).toBe(6);
    expect(splitter.push("g")).toEqual([]); // 7: dropped
    expect(held(splitter)).toBe(0);
    expect(splitter.end()).toMatchObject([{ line: 1, error: { code: "LOG_LINE_TOO_LONG" } }]);
  });

  it("parseLog throws the typed error naming the line, or skips it with skipInvalid", async () => {
    const text = `${valid(1)}\n${"{".repeat(5000)}\n${valid(2)}\n`;
    const read = async (options: Parameters<typeof parseLog>[1]) => {
      const out: number[] = [];
      for await (const e of parseLog(Readable.from([text]), options)) out.push(e.position);
      return out;
    };
    const error = await read({ maxLineBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogLineTooLongError);
    expect(error).toMatchObject({ line: 2, maxLineBytes: 1000 });
    const skipped: number[] = [];
    expect(
      await read({ maxLineBytes: 1000, skipInvalid: true, onSkip: (_, l) => skipped.push(l) }),
    ).toEqual([1, 2]);
    expect(skipped).toEqual([2]);
    // Under the default cap the same line is just bad JSON.
    await expect(read({})).rejects.toMatchObject({ code: "LOG_PARSE_FAILED", line: 2 });
  });
});
