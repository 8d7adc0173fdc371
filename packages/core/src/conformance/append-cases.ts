import { describe, expect, it } from "vitest";
import type { AppendResult, ExpectedVersion } from "../store/event-store.js";
import {
  collect,
  expectError,
  note,
  positionsOf,
  range,
  registered,
  rejectionOf,
} from "./fixtures.js";
import type { Harness } from "./harness.js";

/** Appends: atomicity, expected versions, concurrency, global order, long runs. */
export const appendCases = (h: Harness): void => {
  describe("append", () => {
    it("places a batch at consecutive versions and positions, stamped by the store", async () => {
      const store = h.store();
      const result = await store.append("petition-1", [registered("1"), note("a"), note("b")], {
        expectedVersion: "noStream",
      });
      expect(result.duplicate).toBe(false);
      expect(result.streamId).toBe("petition-1");
      expect(result.nextExpectedVersion).toBe(3);
      expect(result.lastPosition).toBe(3);
      expect(result.events.map((e) => [e.version, e.position])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(result.events.map((e) => e.type)).toEqual([
        "PetitionRegistered",
        "MediationRecorded",
        "MediationRecorded",
      ]);
      for (const e of result.events) {
        expect(e.schemaVersion).toBe(1);
        expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
        if (h.clock) expect(Date.parse(e.recordedAt)).toBe(Date.parse(h.clock.now()));
      }
      expect(await store.readStream("petition-1")).toEqual(result.events);
      expect(await store.streamVersion("petition-1")).toBe(3);
      expect(await store.headPosition()).toBe(3);
    });

    it("keeps meta and the event data exactly as given", async () => {
      const store = h.store();
      const event = {
        ...note("原文保留：“引号”与 emoji 🙂"),
        meta: { correlationId: "c-1", causationId: "cmd-9", traceTag: "x" },
      };
      await store.append("petition-1", [event], { expectedVersion: "any" });
      const [stored] = await store.readStream("petition-1");
      expect(stored?.data).toEqual(event.data);
      expect(stored?.meta).toEqual(event.meta);
      expect(stored?.occurredAt).toBe(event.occurredAt);
      expect(stored?.actor).toEqual(event.actor);
    });

    it("appends nothing when one event of a batch is invalid, naming events.N.data.field", async () => {
      const store = h.store();
      const bad = registered("1");
      bad.data = { ...bad.data, title: "" };
      const error = await rejectionOf(
        store.append("petition-1", [note("ok"), bad, note("ok too")], {
          expectedVersion: "any",
          outbox: [{ key: "k-invalid", channel: "console", payload: {} }],
          timers: {
            set: [{ id: "t-invalid", streamId: "petition-1", fireAt: START_PLUS_DAY, kind: "x" }],
          },
        }),
      );
      expectError(error, "VALIDATION_FAILED");
      expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(
        "events.1.data.title",
      );
      expect(await store.streamVersion("petition-1")).toBe(0);
      expect(await store.headPosition()).toBe(0);
      expect(await collect(store.readAll())).toEqual([]);
      expect(await store.listTimers()).toEqual([]);
      expect(await store.claimOutbox({ now: FAR_FUTURE, limit: 10, leaseMs: 1000 })).toEqual([]);
    });

    it("rejects a bad stream id, expected version or empty batch with the field named", async () => {
      const store = h.store();
      const cases: [Promise<unknown>, string][] = [
        [store.append("", [note("x")], { expectedVersion: "any" }), "streamId"],
        [
          store.append("s", [note("x")], { expectedVersion: -1 as unknown as ExpectedVersion }),
          "expectedVersion",
        ],
        [store.append("s", [], { expectedVersion: "any" }), "events"],
        [
          store.append("s", [{ ...note("x"), occurredAt: "yesterday" }], {
            expectedVersion: "any",
          }),
          "events.0.occurredAt",
        ],
      ];
      for (const [attempt, field] of cases) {
        const error = await rejectionOf(attempt);
        expectError(error, "VALIDATION_FAILED");
        expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(
          field,
        );
      }
      expect(await store.headPosition()).toBe(0);
    });

    it("rejects an event type that is neither in the catalog nor registered", async () => {
      const store = h.store();
      const error = await rejectionOf(
        store.append("s", [{ ...note("x"), type: "NoSuchEvent" }], { expectedVersion: "any" }),
      );
      expectError(error, "UNKNOWN_EVENT_TYPE", { type: "NoSuchEvent" });
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe("expected version", () => {
    it('"noStream" and 0 create a stream and are rejected once it exists', async () => {
      const store = h.store();
      await store.append("a", [note("1")], { expectedVersion: "noStream" });
      await store.append("b", [note("1"), note("2")], { expectedVersion: 0 });
      for (const [stream, expected, actual] of [
        ["a", "noStream", 1],
        ["b", 0, 2],
      ] as const) {
        const error = await rejectionOf(
          store.append(stream, [note("x")], { expectedVersion: expected }),
        );
        expectError(error, "CONCURRENCY_CONFLICT", {
          streamId: stream,
          expectedVersion: expected,
          actualVersion: actual,
        });
      }
      expect(await store.headPosition()).toBe(3);
    });

    it('"exists" is rejected on a missing stream and accepted on an existing one', async () => {
      const store = h.store();
      const error = await rejectionOf(
        store.append("a", [note("x")], { expectedVersion: "exists" }),
      );
      expectError(error, "CONCURRENCY_CONFLICT", {
        streamId: "a",
        expectedVersion: "exists",
        actualVersion: 0,
      });
      expect(await store.streamVersion("a")).toBe(0);
      await store.append("a", [note("1")], { expectedVersion: "noStream" });
      const result = await store.append("a", [note("2")], { expectedVersion: "exists" });
      expect(result.nextExpectedVersion).toBe(2);
    });

    it('"any" appends whether or not the stream exists', async () => {
      const store = h.store();
      expect(
        (await store.append("a", [note("1")], { expectedVersion: "any" })).events[0]?.version,
      ).toBe(1);
      expect(
        (await store.append("a", [note("2")], { expectedVersion: "any" })).events[0]?.version,
      ).toBe(2);
    });

    it("a stale expected version is rejected, changes nothing, and the right one succeeds right after", async () => {
      const store = h.store();
      await store.append("a", [registered("a"), note("2"), note("3")], { expectedVersion: 0 });
      await store.append("other", [note("o")], { expectedVersion: 0 });
      const before = await collect(store.readAll());
      const error = await rejectionOf(
        store.append("a", [note("late")], {
          expectedVersion: 2,
          outbox: [{ key: "k-stale", channel: "console", payload: {} }],
          timers: { set: [{ id: "t-stale", streamId: "a", fireAt: START_PLUS_DAY, kind: "x" }] },
        }),
      );
      expectError(error, "CONCURRENCY_CONFLICT", {
        streamId: "a",
        expectedVersion: 2,
        actualVersion: 3,
      });
      expect(await collect(store.readAll())).toEqual(before);
      expect(await store.listTimers()).toEqual([]);
      expect(await store.claimOutbox({ now: FAR_FUTURE, limit: 10, leaseMs: 1000 })).toEqual([]);
      const retry = await store.append("a", [note("on time")], { expectedVersion: 3 });
      expect(retry.events[0]).toMatchObject({ version: 4, position: 5 });
      // A number above the current version is as wrong as one below it.
      const ahead = await rejectionOf(store.append("a", [note("x")], { expectedVersion: 9 }));
      expectError(ahead, "CONCURRENCY_CONFLICT", { expectedVersion: 9, actualVersion: 4 });
    });
  });

  describe("concurrency", () => {
    it("many concurrent appends with one expected version: exactly one wins per version", async () => {
      const store = h.store();
      await store.append("race", [registered("race")], { expectedVersion: "noStream" });
      for (const version of [1, 2, 3]) {
        const settled = await Promise.allSettled(
          range(24).map((i) =>
            store.append("race", [note(`v${version} writer ${i}`)], { expectedVersion: version }),
          ),
        );
        const won = settled.filter((s) => s.status === "fulfilled");
        const lost = settled.filter((s) => s.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(23);
        for (const loss of lost) {
          expectError(loss.reason, "CONCURRENCY_CONFLICT", {
            streamId: "race",
            expectedVersion: version,
            actualVersion: version + 1,
          });
        }
      }
      const stream = await store.readStream("race");
      expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(positionsOf(stream)).toEqual([1, 2, 3, 4]);
    });

    it('many concurrent creations with "noStream": exactly one wins', async () => {
      const store = h.store();
      const settled = await Promise.allSettled(
        range(20).map((i) =>
          store.append("new", [note(`creator ${i}`)], { expectedVersion: "noStream" }),
        ),
      );
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      for (const s of settled) {
        if (s.status === "rejected") {
          expectError(s.reason, "CONCURRENCY_CONFLICT", {
            expectedVersion: "noStream",
            actualVersion: 1,
          });
        }
      }
      expect(await store.streamVersion("new")).toBe(1);
    });

    it("concurrent writers on many streams leave gapless positions and stream versions", async () => {
      const store = h.store();
      const results: AppendResult[] = [];
      await Promise.all(
        range(8).map(async (s) => {
          let expected: ExpectedVersion = "noStream";
          for (const i of range(10)) {
            const batch =
              i % 3 === 0 ? [note(`${s}.${i}a`), note(`${s}.${i}b`)] : [note(`${s}.${i}`)];
            const result = await store.append(`stream-${s}`, batch, { expectedVersion: expected });
            results.push(result);
            expected = result.nextExpectedVersion;
          }
        }),
      );
      const all = await collect(store.readAll());
      expect(positionsOf(all)).toEqual(range(all.length));
      expect(all).toHaveLength(8 * 13);
      expect(await store.headPosition()).toBe(all.length);
      for (const s of range(8)) {
        const versions = all.filter((e) => e.streamId === `stream-${s}`).map((e) => e.version);
        expect(versions).toEqual(range(13));
      }
      // The events of one append are contiguous in the global order.
      for (const result of results) {
        const positions = positionsOf(result.events);
        expect(positions).toEqual(range(positions.length, positions[0]));
        expect(result.lastPosition).toBe(positions[positions.length - 1]);
      }
    });

    it("a long run of sequential appends from one writer never fails", async () => {
      const store = h.store();
      const count = h.options.sequentialAppends ?? 2_000;
      const versions = new Map<string, number>();
      for (const i of range(count)) {
        const stream = `long-${(i - 1) % 7}`;
        const result = await store.append(stream, [note(`#${i}`)], {
          expectedVersion: versions.get(stream) ?? "noStream",
        });
        expect(result.lastPosition).toBe(i);
        versions.set(stream, result.nextExpectedVersion);
      }
      expect(await store.headPosition()).toBe(count);
      expect(await store.streamVersion("long-0")).toBe(Math.ceil(count / 7));
    }, 60_000);
  });

  describe("idempotency", () => {
    it("a repeated key returns the first result and appends nothing, even with other events", async () => {
      const store = h.store();
      const first = await store.append("a", [registered("a"), note("1")], {
        expectedVersion: "noStream",
        idempotencyKey: "cmd-1",
        outbox: [{ key: "k-first", channel: "console", payload: { n: 1 } }],
      });
      await store.append("b", [note("unrelated")], { expectedVersion: "noStream" });
      const again = await store.append("a", [note("different"), note("events")], {
        expectedVersion: 7,
        idempotencyKey: "cmd-1",
        outbox: [{ key: "k-second", channel: "console", payload: { n: 2 } }],
      });
      expect(again.duplicate).toBe(true);
      expect(again.streamId).toBe("a");
      expect(again.events).toEqual(first.events);
      expect(again.lastPosition).toBe(first.lastPosition);
      expect(again.nextExpectedVersion).toBe(first.nextExpectedVersion);
      expect(await store.headPosition()).toBe(3);
      expect(await store.streamVersion("a")).toBe(2);
      const rows = await store.claimOutbox({ now: FAR_FUTURE, limit: 10, leaseMs: 1000 });
      expect(rows.map((r) => r.key)).toEqual(["k-first"]);
    });

    it("a key is unique per store: reused on another stream it is a conflict naming both streams", async () => {
      const store = h.store();
      await store.append("a", [note("1")], {
        expectedVersion: "noStream",
        idempotencyKey: "cmd-x",
      });
      const error = await rejectionOf(
        store.append("c", [note("2")], { expectedVersion: "noStream", idempotencyKey: "cmd-x" }),
      );
      expectError(error, "IDEMPOTENCY_CONFLICT");
      expect(error).toMatchObject({
        key: "cmd-x",
        first: { streamId: "a" },
        again: { streamId: "c" },
      });
      expect(await store.headPosition()).toBe(1);
      expect(await store.streamVersion("c")).toBe(0);
      // The first use still answers its own repeats.
      const repeat = await store.append("a", [note("1")], {
        expectedVersion: "any",
        idempotencyKey: "cmd-x",
      });
      expect(repeat.duplicate).toBe(true);
    });

    it("a failed append does not use up its key", async () => {
      const store = h.store();
      await store.append("a", [note("1")], { expectedVersion: "noStream" });
      await rejectionOf(
        store.append("a", [note("2")], { expectedVersion: 0, idempotencyKey: "cmd-2" }),
      );
      const retry = await store.append("a", [note("2")], {
        expectedVersion: 1,
        idempotencyKey: "cmd-2",
      });
      expect(retry.duplicate).toBe(false);
      expect(retry.events[0]?.version).toBe(2);
    });

    it("concurrent appends with one key append once", async () => {
      const store = h.store();
      const results = await Promise.all(
        range(12).map((i) =>
          store.append("a", [note(`try ${i}`)], {
            expectedVersion: "any",
            idempotencyKey: "cmd-3",
          }),
        ),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      const winner = results.find((r) => !r.duplicate);
      for (const r of results) expect(r.events).toEqual(winner?.events);
      expect(await store.headPosition()).toBe(1);
    });
  });
};

const START_PLUS_DAY = "2024-03-02T01:00:00.000Z";
/** Later than any clock a store may use, so every outbox row is available. */
export const FAR_FUTURE = "2999-01-01T00:00:00.000Z";
