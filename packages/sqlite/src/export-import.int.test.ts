import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { LogOrderError, ValidationError } from "@petitio/core";
import { serializeEnvelope } from "@petitio/core/adapter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../core/test/worked-example.js";
import { openSqliteStore, type SqliteEventStore } from "./sqlite-store.js";
import { registered, steppingClock, tempDir, withdrawn } from "./test-support.js";

let tmp: ReturnType<typeof tempDir>;
const opened: SqliteEventStore[] = [];
const openStore = (name: string) => {
  const store = openSqliteStore(tmp.file(name), { clock: steppingClock() });
  opened.push(store);
  return store;
};

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  tmp.cleanup();
});

/** A log with the awkward parts: extra envelope fields, meta with free keys, Chinese text. */
const awkwardLog = (): string => {
  const lines = [
    {
      position: 3,
      streamId: "petition-A",
      version: 1,
      type: "PetitionRegistered",
      schemaVersion: 1,
      occurredAt: "2024-01-02T09:00:00+08:00",
      recordedAt: "2024-01-02T09:00:01+08:00",
      actor: { id: "clerk", role: "intake", org: "bureau", desk: 3 },
      data: { ...registered("A").data, extraField: ["保留"] },
      meta: { correlationId: "c1", traceparent: "00-abc" },
      source: { system: "legacy", row: 17 },
    },
    {
      position: 7,
      streamId: "custom-stream",
      version: 1,
      type: "SomethingCustom",
      schemaVersion: 1,
      occurredAt: "2024-01-02T01:00:00Z",
      recordedAt: "2024-01-02T01:00:00Z",
      actor: { id: "sys", role: "system" },
      data: { anything: { nested: true } },
    },
    {
      position: 8,
      streamId: "petition-A",
      version: 2,
      type: "PetitionWithdrawn",
      schemaVersion: 1,
      occurredAt: "2024-01-03T09:00:00+08:00",
      recordedAt: "2024-01-03T09:00:00+08:00",
      actor: { id: "p", role: "petitioner" },
      data: {},
    },
  ];
  return `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`;
};

describe("export and import", () => {
  it("export → import → export gives identical bytes, extra fields and meta included", async () => {
    writeFileSync(tmp.file("in.jsonl"), awkwardLog());
    const first = openStore("a.db");
    const progress: number[] = [];
    const result = await first.importFromFile(tmp.file("in.jsonl"), {
      batchSize: 2,
      onProgress: (n) => progress.push(n),
    });
    expect(result).toEqual({ imported: 3, lastPosition: 8 });
    expect(progress).toEqual([2, 3]);
    expect(await first.exportToFile(tmp.file("a.jsonl"))).toBe(3);
    const exported = readFileSync(tmp.file("a.jsonl"), "utf8");
    // The input was written in canonical order, so the export is the input byte for byte.
    expect(exported).toBe(awkwardLog());

    const second = openStore("b.db");
    await second.importFromFile(tmp.file("a.jsonl"));
    await second.exportToFile(tmp.file("b.jsonl"));
    expect(readFileSync(tmp.file("b.jsonl"))).toEqual(readFileSync(tmp.file("a.jsonl")));
    // Appends continue after imported positions and versions.
    const next = await second.append("petition-A", [withdrawn("again")], { expectedVersion: 2 });
    expect(next.lastPosition).toBe(9);
  });

  it("streams the export to a writable and imports from an async iterable", async () => {
    const store = openStore("a.db");
    for (let i = 0; i < 30; i++) {
      await store.append(`petition-${i}`, [registered(String(i))], { expectedVersion: 0 });
    }
    const chunks: string[] = [];
    const { Writable } = await import("node:stream");
    const out = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    expect(await store.export(out)).toBe(30);
    const text = chunks.join("");
    const expected: string[] = [];
    for await (const e of store.readAll()) expected.push(`${serializeEnvelope(e)}\n`);
    expect(text).toBe(expected.join(""));
  });

  it("rejects a bad line with its number, keeps earlier batches, and rolls the bad batch back", async () => {
    const lines = awkwardLog().trimEnd().split("\n");
    lines.push(
      lines[2]!.replace('"position":8', '"position":9').replace('"version":2', '"version":4'),
    );
    writeFileSync(tmp.file("gap.jsonl"), `${lines.join("\n")}\n`);
    const store = openStore("a.db");
    const error = await store
      .importFromFile(tmp.file("gap.jsonl"), { batchSize: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogOrderError);
    expect((error as LogOrderError).line).toBe(4);
    expect((error as LogOrderError).field).toBe("version");
    expect(await store.headPosition()).toBe(7);

    const invalid = openStore("b.db");
    const bad = [{ ...JSON.parse(lines[0]!), occurredAt: "soon" }];
    const e2 = await invalid.importEvents(bad).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ValidationError);
    expect((e2 as ValidationError).field).toBe("occurredAt");
    expect(await invalid.headPosition()).toBe(0);
  });

  it("round-trips the 7,616-event worked example to its canonical bytes", async () => {
    const { sample: source } = writeWorkedExamples(tmp.dir);
    const store = openStore("sample.db");
    const { imported } = await store.importEvents(
      (async function* () {
        const { parseLog } = await import("@petitio/core");
        yield* parseLog(createReadStream(source));
      })(),
    );
    expect(imported).toBe(7616);
    await store.exportToFile(tmp.file("sample.jsonl"));
    const canonical = readFileSync(source, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => `${serializeEnvelope(JSON.parse(l))}\n`)
      .join("");
    expect(readFileSync(tmp.file("sample.jsonl"), "utf8")).toBe(canonical);
  });
});
