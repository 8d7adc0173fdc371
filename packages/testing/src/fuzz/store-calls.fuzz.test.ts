import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventStore, MemoryEventStore } from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzRuns, hostileValueArb, storeSnapshot, typedFailure } from "./fuzz-support.js";

const at = "2025-03-03T09:00:00+08:00";
const actor = { id: "c", role: "intake", org: "bureau" };

/** A NewEvent that is valid, slightly wrong, or anything. */
const newEventArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant({ type: "CustomNote", data: { n: 1 }, occurredAt: at, actor }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        type: fc.oneof(
          fc.constantFrom("CustomNote", "PetitionRouted", "SatisfactionEvaluated", ""),
          fc.string(),
        ),
        data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), hostileValueArb()),
        occurredAt: fc.oneof(fc.constant(at), fc.string(), hostileValueArb()),
        actor: fc.oneof(fc.constant(actor), hostileValueArb()),
      })
      .map((e) => e as unknown),
  },
  { weight: 1, arbitrary: hostileValueArb() },
);

const appendArb = fc.record({
  streamId: fc.oneof(
    fc.constantFrom("note-1", "note-2", "petition-X"),
    fc.string(),
    hostileValueArb(),
  ),
  events: fc.oneof(fc.array(newEventArb, { maxLength: 3 }), hostileValueArb()),
  options: fc.oneof(
    fc.record({
      expectedVersion: fc.oneof(
        fc.constantFrom("noStream", "exists", "any"),
        fc.integer({ min: -1, max: 4 }),
        hostileValueArb(),
      ),
      idempotencyKey: fc.option(fc.oneof(fc.constantFrom("k1", "k2"), hostileValueArb()), {
        nil: undefined,
      }),
    }),
    hostileValueArb(),
  ),
});

type AppendCall = { streamId: unknown; events: unknown; options: unknown };
const call = (store: EventStore, c: AppendCall) =>
  store.append(c.streamId as string, c.events as never, c.options as never);

describe("fuzz: store calls", () => {
  it("the memory store appends or refuses with a typed error, unchanged after a refusal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(appendArb, { minLength: 1, maxLength: 8 }), async (calls) => {
        const store = new MemoryEventStore({ clock: { now: () => at } });
        for (const c of calls) {
          const before = await storeSnapshot(store);
          if (await typedFailure(() => call(store, c)))
            expect(await storeSnapshot(store)).toBe(before);
        }
        await store.close();
      }),
      { numRuns: fuzzRuns(1500) },
    );
  }, 120_000);

  it("the SQLite store too, with its files byte-identical after a refusal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "petitio-fuzz-store-"));
    let n = 0;
    const bytes = (file: string) => (existsSync(file) ? readFileSync(file).toString("base64") : "");
    await fc.assert(
      fc.asyncProperty(fc.array(appendArb, { minLength: 1, maxLength: 5 }), async (calls) => {
        const file = join(dir, `s${++n}.db`);
        const store = openSqliteStore(file, { clock: { now: () => at }, synchronous: "NORMAL" });
        try {
          for (const c of calls) {
            const before = [await storeSnapshot(store), bytes(file), bytes(`${file}-wal`)];
            if (await typedFailure(() => call(store, c))) {
              expect([await storeSnapshot(store), bytes(file), bytes(`${file}-wal`)]).toEqual(
                before,
              );
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  }, 120_000);
});
