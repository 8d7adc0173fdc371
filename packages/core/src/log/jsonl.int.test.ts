import { mkdtempSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../test/worked-example.js";
import type { EventEnvelope } from "../events/envelope.js";
import { parseLog, readLogFile, serializeEnvelope, writeLogFile } from "./jsonl.js";

/** The committed worked example, written out as a plain log file. */
const { sample } = writeWorkedExamples(mkdtempSync(join(tmpdir(), "petitio-jsonl-sample-")));

const collect = async (events: AsyncIterable<EventEnvelope>) => {
  const out: EventEnvelope[] = [];
  for await (const e of events) out.push(e);
  return out;
};

describe("the worked example log", () => {
  it("parses all 7,616 events and re-serialises them without losing anything", async () => {
    const original = (await readFile(sample, "utf8")).split("\n").filter((l) => l.trim() !== "");
    const events = await collect(readLogFile(sample, { strictTypes: true }));
    expect(events).toHaveLength(7_616);
    expect(original).toHaveLength(7_616);
    // The example has spaces after separators, so compare values, not bytes.
    const firstRound = events.map(serializeEnvelope);
    firstRound.forEach((text, i) => {
      expect(JSON.parse(text), `line ${i + 1}`).toEqual(JSON.parse(original[i]!));
    });
    // Canonical bytes are stable: a second round trip gives the same text.
    const reparsed = await collect(parseLog(Readable.from([`${firstRound.join("\n")}\n`])));
    expect(reparsed.map(serializeEnvelope)).toEqual(firstRound);
  });

  it("reads the same events in small chunks as in one piece", async () => {
    const bytes = await readFile(sample);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 4_093) chunks.push(bytes.subarray(at, at + 4_093));
    const chunked = await collect(parseLog(Readable.from(chunks)));
    const whole = await collect(readLogFile(sample));
    expect(chunked).toEqual(whole);
  });
});

describe("writeLogFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "petitio-jsonl-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const event = (position: number): EventEnvelope => ({
    position,
    streamId: "petition-1",
    version: position,
    type: "PetitionWithdrawn",
    schemaVersion: 1,
    occurredAt: "2024-01-01T10:00:00+08:00",
    recordedAt: "2024-01-01T10:00:00+08:00",
    actor: { id: "p1", role: "petitioner" },
    data: { reason: "已解决" },
  });

  it("writes a file that reads back to the same events", async () => {
    const path = join(dir, "log.jsonl");
    const events = [event(1), event(2), event(3)];
    expect(await writeLogFile(path, events)).toBe(3);
    expect(await collect(readLogFile(path))).toEqual(events);
  });

  it("leaves the previous file untouched and no partial file when writing fails", async () => {
    const path = join(dir, "log.jsonl");
    await writeFile(path, "previous content\n");
    async function* failing() {
      yield event(1);
      throw new Error("source broke");
    }
    await expect(writeLogFile(path, failing())).rejects.toThrow("source broke");
    expect(await readFile(path, "utf8")).toBe("previous content\n");
    expect(await readdir(dir)).toEqual(["log.jsonl"]);
  });
});
