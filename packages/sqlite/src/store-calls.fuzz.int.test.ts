import { readFileSync } from "node:fs";
import { PetitioError } from "@petitio/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqliteEventStore } from "./sqlite-store.js";
import { openSqliteStore } from "./sqlite-store.js";
import { registered, steppingClock, tempDir, withdrawn } from "./test-support.js";

/**
 * Fuzzing every store method with hostile and almost-valid arguments: a
 * call either succeeds or rejects with a typed `PetitioError` (never a
 * TypeError, a RangeError from a blown stack, or a driver error), and a
 * rejected call leaves the database file and its WAL byte for byte as they
 * were. PETITIO_FUZZ_RUNS sets the number of calls (default 10,000).
 */

const runs = Number(process.env.PETITIO_FUZZ_RUNS ?? 10_000);
const tmp = tempDir();
const path = tmp.file("fuzz.db");
let store: SqliteEventStore;

beforeAll(async () => {
  // NORMAL durability: this test is about validation, and most calls are rejected anyway.
  store = openSqliteStore(path, { clock: steppingClock(), synchronous: "NORMAL" });
  await store.append("petition-1", [registered("1")], {
    expectedVersion: "noStream",
    outbox: [{ key: "seed", channel: "email", payload: { to: "x" } }],
    timers: {
      set: [{ id: "t1", streamId: "petition-1", fireAt: "2024-04-01T00:00:00Z", kind: "r" }],
    },
  });
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

const fileBytes = (): Buffer => {
  const read = (p: string) => {
    try {
      return readFileSync(p);
    } catch {
      return Buffer.alloc(0);
    }
  };
  return Buffer.concat([read(path), Buffer.from("|wal|"), read(`${path}-wal`)]);
};

/** An array nested `depth` deep, printed short in counterexamples (fast-check would recurse). */
const nested = (depth: number) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  Object.defineProperty(v, fc.toStringMethod, { value: () => `nested(${depth})` });
  return v;
};

// Values that break naive code: lone surrogates, deep nesting, huge numbers, odd types.
const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    "",
    "\uD800",
    "a\uDC00b",
    "2024-02-30T00:00:00Z",
    "abc",
    -1,
    0,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e300,
    null,
    undefined,
    true,
    [],
    {},
    () => 1,
    Symbol("s"),
    10n,
    new Date(0),
  ),
  fc.integer({ min: 2_000, max: 6_000 }).map(nested),
  fc.string({ unit: "binary" }),
);
const id = fc.oneof(fc.constantFrom("petition-1", "petition-2", "t1", "1", "seed"), nasty);
const time = fc.oneof(
  fc.constantFrom("2024-03-01T00:00:00Z", "2024-03-01T08:00:00+08:00", "2999-01-01T00:00:00Z"),
  nasty,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const claim = fc.oneof(
  fc.record({
    now: time,
    limit: fc.oneof(fc.integer({ min: -2, max: 20 }), nasty),
    leaseMs: fc.oneof(fc.nat(), nasty),
  }),
  nasty,
);
const event = fc.oneof(
  fc.constant(withdrawn("fuzz")),
  fc.record({
    type: fc.oneof(fc.constant("PetitionWithdrawn"), nasty),
    data: nasty,
    occurredAt: time,
    actor: nasty,
  }),
  nasty,
);
const appendOptions = fc.oneof(
  fc.record(
    {
      expectedVersion: fc.oneof(fc.constantFrom("any", "noStream", "exists", 0, 1, 7), nasty),
      idempotencyKey: maybe(id),
      outbox: maybe(
        fc.oneof(
          fc.array(fc.record({ key: id, channel: id, payload: nasty }), { maxLength: 3 }),
          nasty,
        ),
      ),
      timers: maybe(
        fc.oneof(
          fc.record({
            set: maybe(
              fc.array(
                fc.record({ id, streamId: id, fireAt: time, kind: id, payload: maybe(nasty) }),
                { maxLength: 2 },
              ),
            ),
            cancel: maybe(fc.oneof(fc.array(id, { maxLength: 3 }), nasty)),
            cancelAllForStream: maybe(fc.oneof(fc.boolean(), nasty)),
          }),
          nasty,
        ),
      ),
    },
    { requiredKeys: [] },
  ),
  nasty,
);

type Call = { method: string; args: unknown[] };
const call = (method: string, ...args: fc.Arbitrary<unknown>[]): fc.Arbitrary<Call> =>
  fc.tuple(...args).map((a) => ({ method, args: a }));

const calls: fc.Arbitrary<Call> = fc.oneof(
  call("append", id, fc.oneof(fc.array(event, { maxLength: 3 }), nasty), appendOptions),
  call(
    "readStream",
    id,
    maybe(fc.oneof(fc.record({ fromVersion: nasty, toVersion: nasty }), nasty)),
  ),
  call("streamVersion", id),
  call(
    "readAll",
    maybe(
      fc.oneof(
        fc.record({ after: nasty, asOf: time, batchSize: nasty }, { requiredKeys: [] }),
        nasty,
      ),
    ),
  ),
  call("readCheckpoint", id),
  call("writeCheckpoint", id, nasty),
  call("loadProjection", id),
  call(
    "saveProjection",
    fc.oneof(fc.record({ name: id, version: nasty, position: nasty, state: nasty }), nasty),
  ),
  call("claimOutbox", claim),
  call("ackOutbox", id),
  call("failOutbox", id, nasty, time),
  call("deadLetterOutbox", id, nasty),
  call("listDeadLetters", maybe(fc.oneof(fc.record({ limit: nasty }), nasty))),
  call("redriveOutbox", id, time),
  call("claimDueTimers", claim),
  call("completeTimer", id),
  call("listTimers", maybe(id)),
  call("importEvents", fc.oneof(fc.array(nasty, { maxLength: 2 }), nasty), maybe(nasty)),
  call("getKey", id),
  call("createKey", id, fc.oneof(fc.constant(Buffer.alloc(32, 1)), nasty)),
  call("destroyKey", id),
  call("subscribe", nasty),
  call("registerInline", nasty),
);

const invoke = async ({ method, args }: Call): Promise<void> => {
  const target = store as unknown as Record<string, (...a: unknown[]) => unknown>;
  const result = target[method]!.apply(store, args);
  if (method === "readAll") {
    for await (const _ of result as AsyncIterable<unknown>) {
      // drain
    }
  } else if (method === "subscribe") {
    await (result as { stop(): Promise<void> }).stop();
  } else if (method === "registerInline") {
    (result as () => void)();
  } else {
    await result;
  }
};

describe("store methods under fuzzing", () => {
  it(`${runs} calls: typed errors only, and a rejected call changes no byte of the file`, async () => {
    const rejected = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(calls, async (c) => {
        const before = fileBytes();
        let error: unknown;
        try {
          await invoke(c);
        } catch (e) {
          error = e;
        }
        if (error === undefined) return;
        expect(error, `${c.method}: ${String(error)}`).toBeInstanceOf(PetitioError);
        expect((error as PetitioError).code).not.toMatch(/^SQLITE/);
        expect(fileBytes().equals(before), `${c.method} changed the file and failed`).toBe(true);
        const code = `${c.method}:${(error as PetitioError).code}`;
        rejected.set(code, (rejected.get(code) ?? 0) + 1);
      }),
      { numRuns: runs },
    );
    // The generators reach every method's rejections, not only one or two.
    const methods = new Set([...rejected.keys()].map((k) => k.split(":")[0]));
    expect(methods.size).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
