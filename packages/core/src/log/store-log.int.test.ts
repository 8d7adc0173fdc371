import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../conformance/manual-clock.js";
import { LogOrderError, LogParseError } from "../errors.js";
import type { NewEvent } from "../events/envelope.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { exportLog, exportLogFile, importLog } from "./store-log.js";

const withdrawn = (reason: string): NewEvent => ({
  type: "PetitionWithdrawn",
  occurredAt: "2024-01-01T10:00:00+08:00",
  actor: { id: "p1", role: "petitioner" },
  data: { reason },
});

describe("exportLog / importLog", () => {
  let dir: string;
  const clock = new ManualClock("2024-01-01T02:00:00Z");
  const newStore = () => new MemoryEventStore({ clock });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "petitio-store-log-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("export to a file, import into a fresh store, export again: identical bytes", async () => {
    const source = newStore();
    await source.append("petition-1", [withdrawn("一"), withdrawn("二")], { expectedVersion: 0 });
    clock.advance(60_000);
    await source.append("petition-2", [withdrawn("三")], { expectedVersion: 0 });
    const first = join(dir, "first.jsonl");
    expect(await exportLogFile(source, first)).toBe(3);

    const target = newStore();
    expect(await importLog(target, first, { batchSize: 2 })).toEqual({
      imported: 3,
      lastPosition: 3,
    });
    const second = join(dir, "second.jsonl");
    const out = createWriteStream(second);
    expect(await exportLog(target, out)).toBe(3);
    out.end();
    await finished(out);
    expect(await readFile(second, "utf8")).toBe(await readFile(first, "utf8"));
  });

  it("exports only what the store held as of a time", async () => {
    const store = newStore();
    clock.set("2024-01-01T02:00:00Z");
    await store.append("a", [withdrawn("early")], { expectedVersion: "any" });
    clock.set("2024-01-02T02:00:00Z");
    await store.append("a", [withdrawn("late")], { expectedVersion: "any" });
    const path = join(dir, "asof.jsonl");
    expect(await exportLogFile(store, path, { asOf: "2024-01-01T12:00:00+08:00" })).toBe(1);
    expect(await readFile(path, "utf8")).toContain('"reason":"early"');
  });

  it("names the file line of a format error, and keeps earlier batches", async () => {
    const source = newStore();
    await source.append("a", [withdrawn("1"), withdrawn("2"), withdrawn("3")], {
      expectedVersion: 0,
    });
    const path = join(dir, "broken.jsonl");
    await exportLogFile(source, path);
    await writeFile(path, `${await readFile(path, "utf8")}\n{not json\n`);
    const target = newStore();
    const error = await importLog(target, path, { batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogParseError);
    expect((error as LogParseError).line).toBe(5);
    expect(await target.headPosition()).toBe(2);
  });

  it("skipInvalid reports skipped lines and imports the rest", async () => {
    const source = newStore();
    await source.append("a", [withdrawn("1"), withdrawn("2")], { expectedVersion: 0 });
    const path = join(dir, "skip.jsonl");
    await exportLogFile(source, path);
    const [l1, l2] = (await readFile(path, "utf8")).trim().split("\n");
    await writeFile(path, `${l1}\n{broken\n${l2}\n`);
    const skipped: number[] = [];
    const result = await importLog(newStore(), path, {
      skipInvalid: true,
      onSkip: (_error, line) => skipped.push(line),
    });
    expect(result.imported).toBe(2);
    expect(skipped).toEqual([2]);
  });

  it("refuses a log that does not continue the target's streams", async () => {
    const source = newStore();
    await source.append("a", [withdrawn("1")], { expectedVersion: 0 });
    const path = join(dir, "one.jsonl");
    await exportLogFile(source, path);
    const target = newStore();
    await importLog(target, path);
    const again = await importLog(target, path).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LogOrderError);
    expect(again).toMatchObject({ line: 1, field: "position" });
  });
});
