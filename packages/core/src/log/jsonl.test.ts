import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  LogOrderError,
  LogParseError,
  type PetitioError,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  ValidationError,
} from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import { parseLog, serializeEnvelope, splitLines, writeLog } from "./jsonl.js";

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    position: 1,
    streamId: "petition-1",
    version: 1,
    type: "PetitionWithdrawn",
    schemaVersion: 1,
    occurredAt: "2024-01-01T10:00:00+08:00",
    recordedAt: "2024-01-01T10:00:00+08:00",
    actor: { id: "p1", role: "petitioner" },
    data: {},
    ...over,
  });

/** Line n of a small valid log, with Chinese text in it. */
const nth = (n: number) =>
  line({ position: n, version: n, data: { reason: `第${n}次：撤回信访` } });

const collect = async (
  chunks: Iterable<string | Uint8Array>,
  options: Parameters<typeof parseLog>[1] = {},
) => {
  const out: EventEnvelope[] = [];
  for await (const e of parseLog(Readable.from(chunks, { objectMode: true }), options)) out.push(e);
  return out;
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

describe("splitLines", () => {
  it("rejoins a line cut by chunk boundaries anywhere, including inside a Chinese character", async () => {
    const text = `${nth(1)}\n${nth(2)}\n`;
    const bytes = Buffer.from(text, "utf8");
    const expected = [nth(1), nth(2)];
    // Every split point, so some fall inside the 3-byte UTF-8 sequences of 第, 撤, …
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      const lines = [];
      for await (const l of splitLines(Readable.from(chunks, { objectMode: true }))) {
        lines.push(l.text);
      }
      expect(lines, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it("handles one-byte chunks and a last line without a newline", async () => {
    const bytes = Buffer.from(`${nth(1)}\n${nth(2)}`, "utf8");
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    const events = await collect(chunks);
    expect(events.map((e) => e.data.reason)).toEqual(["第1次：撤回信访", "第2次：撤回信访"]);
  });

  it("strips CRLF endings, also when \\r and \\n arrive in different chunks", async () => {
    const events = await collect([`${nth(1)}\r`, `\n${nth(2)}\r\n`, `${nth(3)}\r\n`]);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3]);
  });

  it("ignores a UTF-8 byte-order mark before line 1, also when it arrives byte by byte", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${nth(1)}\n${nth(2)}\n`),
    ]);
    expect((await collect([bytes])).map((e) => e.position)).toEqual([1, 2]);
    const oneByOne = [...bytes].map((b) => Uint8Array.of(b));
    expect((await collect(oneByOne)).map((e) => e.position)).toEqual([1, 2]);
  });

  it("reports a line that is not valid UTF-8 with its number", async () => {
    const bad = Buffer.concat([
      Buffer.from(`${nth(1)}\n`),
      Buffer.from([0x7b, 0xe7, 0x22, 0x7d, 0x0a]), // {, a broken 3-byte lead, ", }
    ]);
    const error = await failure(collect([bad]));
    expect(error).toBeInstanceOf(LogParseError);
    expect((error as LogParseError).line).toBe(2);
  });
});

describe("parseLog", () => {
  it("ignores blank and whitespace-only lines but keeps counting them", async () => {
    const text = `\n${nth(1)}\n   \n\t\n${nth(2)}\n\n`;
    expect((await collect([text])).map((e) => e.position)).toEqual([1, 2]);
    const error = await failure(collect([`\n\n${nth(1)}\n\n{oops\n`]));
    expect((error as LogParseError).line).toBe(5);
  });

  it("reports a bad field with its line number and path", async () => {
    const text = `${line()}\n\n${line({ position: 2, version: 2, occurredAt: "yesterday" })}\n`;
    const error = await failure(collect([text]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).line).toBe(3);
    expect((error as ValidationError).field).toBe("occurredAt");
    const badData = line({ type: "SatisfactionEvaluated", data: { rating: "great" } });
    const dataError = await failure(collect([badData]));
    expect((dataError as ValidationError).field).toBe("data.rating");
    expect((dataError as ValidationError).message).toMatch(/^line 1: /);
  });

  it("names the line of an event from a schema version newer than this code reads", async () => {
    const text = `${line()}\n${line({ position: 2, version: 2, schemaVersion: 11 })}\n`;
    const error = await failure(collect([text]));
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect(error).toMatchObject({ line: 2, schemaVersion: 11 });
    expect((error as UnsupportedSchemaVersionError).message).toMatch(
      /^line 2: event PetitionWithdrawn has schemaVersion 11/,
    );
  });

  it("reports a line that is not JSON", async () => {
    const error = await failure(collect([`${line()}\n{oops\n`]));
    expect(error).toBeInstanceOf(LogParseError);
    expect((error as LogParseError).line).toBe(2);
  });

  it("rejects positions that do not increase, naming line and field", async () => {
    const error = await failure(collect([`${nth(1)}\n${nth(3)}\n${nth(2)}\n`]));
    expect(error).toBeInstanceOf(LogOrderError);
    expect(error).toMatchObject({ line: 3, field: "position" });
    const repeated = await failure(collect([`${nth(1)}\n${nth(1)}\n`]));
    expect(repeated).toMatchObject({ line: 2, field: "position" });
  });

  it("accepts gaps in positions (a filtered export)", async () => {
    const events = await collect([`${nth(2)}\n${nth(7)}\n${nth(30)}\n`]);
    expect(events.map((e) => e.position)).toEqual([2, 7, 30]);
  });

  it("with skipInvalid, reports every skipped line to onSkip and keeps the rest", async () => {
    const skipped: [number, string][] = [];
    const text = [
      nth(1),
      "{oops",
      line({ position: 2, version: 2, actor: { id: "x", role: "mayor" } }),
      nth(3),
      nth(2), // not above 3 any more
      nth(4),
    ].join("\n");
    const events = await collect([text], {
      skipInvalid: true,
      onSkip: (error: PetitioError, at: number) => skipped.push([at, error.code]),
    });
    expect(events.map((e) => e.position)).toEqual([1, 3, 4]);
    expect(skipped).toEqual([
      [2, "LOG_PARSE_FAILED"],
      [3, "VALIDATION_FAILED"],
      [5, "LOG_OUT_OF_ORDER"],
    ]);
  });

  it("keeps custom event types unless strictTypes", async () => {
    const custom = line({ type: "CityDashboardNoted", data: { tile: "roads" } });
    expect((await collect([custom]))[0]?.type).toBe("CityDashboardNoted");
    const error = await failure(collect([custom], { strictTypes: true }));
    expect(error).toBeInstanceOf(UnknownEventTypeError);
    expect((error as UnknownEventTypeError).line).toBe(1);
  });
});

describe("serializeEnvelope", () => {
  it("writes the canonical field order whatever the input order, extra fields last", async () => {
    const scrambled = {
      data: { reason: "不再信访", note: 1 },
      extraField: { kept: true },
      actor: { role: "petitioner", id: "p1" },
      meta: { correlationId: "c" },
      type: "PetitionWithdrawn",
      recordedAt: "2024-01-01T10:00:00+08:00",
      position: 1,
      occurredAt: "2024-01-01T10:00:00+08:00",
      version: 1,
      streamId: "petition-1",
      schemaVersion: 1,
      dropped: undefined,
    } as unknown as EventEnvelope;
    const text = serializeEnvelope(scrambled);
    expect(Object.keys(JSON.parse(text))).toEqual([
      "position",
      "streamId",
      "version",
      "type",
      "schemaVersion",
      "occurredAt",
      "recordedAt",
      "actor",
      "data",
      "meta",
      "extraField",
    ]);
    expect(text).not.toContain(" ");
    const [again] = await collect([text]);
    expect(serializeEnvelope(again!)).toBe(text);
  });
});

describe("writeLog", () => {
  it("writes one canonical line per event and waits for a slow reader (backpressure)", async () => {
    const events = Array.from({ length: 3_000 }, (_, i) => JSON.parse(nth(i + 1)) as EventEnvelope);
    const received: Buffer[] = [];
    let mostQueued = 0;
    const slow: Writable = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk);
        mostQueued = Math.max(mostQueued, slow.writableLength);
        setImmediate(done);
      },
    });
    const count = await writeLog(events, slow);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(count).toBe(3_000);
    // Without waiting for "drain", the whole ~0.8 MB would queue up at once.
    const total = Buffer.concat(received).length;
    expect(total).toBeGreaterThan(500_000);
    expect(mostQueued).toBeLessThan(200_000);
    const text = Buffer.concat(received).toString("utf8");
    expect(text).toBe(events.map((e) => `${serializeEnvelope(e)}\n`).join(""));
  });

  it("accepts an async source and round-trips through parseLog", async () => {
    async function* source() {
      for (let i = 1; i <= 5; i++) yield JSON.parse(nth(i)) as EventEnvelope;
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeLog(source(), out);
    out.end();
    const events = await collect([Buffer.concat(chunks)]);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
  });
});
