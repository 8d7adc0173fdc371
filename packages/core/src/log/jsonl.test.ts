import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LogParseError, ValidationError } from "../errors.js";
import { parseLog, serializeEnvelope } from "./jsonl.js";

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

const collect = async (text: string) => {
  const out = [];
  for await (const e of parseLog(Readable.from([text]))) out.push(e);
  return out;
};

describe("parseLog", () => {
  it("reports a bad field with its line number", async () => {
    const text = `${line()}\n\n${line({ position: 2, version: 2, occurredAt: "yesterday" })}\n`;
    const error = await collect(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).line).toBe(3);
    expect((error as ValidationError).field).toBe("occurredAt");
  });

  it("reports a line that is not JSON", async () => {
    const error = await collect(`${line()}\n{oops\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogParseError);
    expect((error as LogParseError).line).toBe(2);
  });

  it("serialises in canonical field order", async () => {
    const [event] = await collect(line());
    expect(serializeEnvelope(event!)).toBe(line());
  });
});
