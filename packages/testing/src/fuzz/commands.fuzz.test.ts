import { createEngine, MemoryEventStore, nationalPolicy } from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandArb, malformedCommandArb } from "../arbitraries/commands.js";
import { fuzzRuns, hostileValueArb, storeSnapshot, typedFailure } from "./fuzz-support.js";

const times = fc
  .integer({ min: 0, max: 400 })
  .map((d) => new Date(Date.parse("2025-03-03T01:00:00Z") + d * 86_400_000).toISOString());

/** A command any caller might send: well-formed, one field broken, or anything at all. */
const anyCommandArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom("P1", "P2")
      .chain((petitionId) => commandArb({ petitionId, at: times })),
  },
  { weight: 2, arbitrary: malformedCommandArb({ petitionId: "P1" }).map((m) => m.command) },
  { weight: 1, arbitrary: hostileValueArb() },
);

describe("fuzz: engine commands", () => {
  it("records a command or refuses it with a typed error, leaving the store as it was", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyCommandArb, { minLength: 1, maxLength: 10 }),
        async (commands) => {
          let now = "2025-03-03T09:00:00+08:00";
          const clock = { now: () => now };
          const store = new MemoryEventStore({ clock });
          const engine = createEngine({ store, clock, policy: nationalPolicy });
          for (const command of commands) {
            const at = (command as { at?: unknown } | null)?.at;
            if (typeof at === "string" && Date.parse(at) > Date.parse(now)) now = at;
            const before = await storeSnapshot(store);
            const failure = await typedFailure(() => engine.execute(command as never));
            if (failure) expect(await storeSnapshot(store)).toBe(before);
          }
          await store.close();
        },
      ),
      { numRuns: fuzzRuns(1200) },
    );
  }, 120_000);

  it("tick with any time refuses bad ones with a ValidationError naming now", async () => {
    const clock = { now: () => "2025-03-03T09:00:00+08:00" };
    const store = new MemoryEventStore({ clock });
    const engine = createEngine({ store, clock, policy: nationalPolicy });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), times, hostileValueArb()), async (now) => {
        const before = await storeSnapshot(store);
        const failure = await typedFailure(() => engine.tick(now as string));
        if (failure) {
          // undefined means "the clock's now", which is good: only a bad argument fails.
          expect(failure).toMatchObject({ code: "VALIDATION_FAILED", field: "now" });
          expect(await storeSnapshot(store)).toBe(before);
        }
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it("load with any id returns a state or nothing, or refuses it naming petitionId", async () => {
    const clock = { now: () => "2025-03-03T09:00:00+08:00" };
    const store = new MemoryEventStore({ clock });
    const engine = createEngine({ store, clock, policy: nationalPolicy });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), hostileValueArb()), async (id) => {
        const failure = await typedFailure(() => engine.load(id as string));
        if (failure)
          expect(failure).toMatchObject({ code: "VALIDATION_FAILED", field: "petitionId" });
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
