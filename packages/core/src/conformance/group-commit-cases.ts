import { describe, expect, it } from "vitest";
import { expectError, note, range, registered } from "./fixtures.js";
import type { Harness } from "./harness.js";

/**
 * Concurrent appends (batched into one transaction by stores that group
 * commits): each caller gets its own result or its own error.
 */
export const groupCommitCases = (h: Harness): void => {
  describe("concurrent appends on different streams", () => {
    it("64 callers each get their own, gapless result", async () => {
      const store = h.store();
      const results = await Promise.all(
        range(64).map((i) =>
          store.append(`petition-${i}`, [registered(String(i)), note(`n${i}`)], {
            expectedVersion: "noStream",
            idempotencyKey: `cmd-${i}`,
            outbox: [{ key: `mail-${i}`, channel: "email", payload: { i } }],
          }),
        ),
      );
      results.forEach((result, i) => {
        expect(result.streamId).toBe(`petition-${i + 1}`);
        expect(result.nextExpectedVersion).toBe(2);
        expect(result.events.map((e) => e.streamId)).toEqual([
          `petition-${i + 1}`,
          `petition-${i + 1}`,
        ]);
        expect(result.events[1]!.position).toBe(result.events[0]!.position + 1);
      });
      const positions = results
        .flatMap((r) => r.events.map((e) => e.position))
        .sort((a, b) => a - b);
      expect(positions).toEqual(range(128));
      expect(await store.headPosition()).toBe(128);
      const rows = await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 100, leaseMs: 1 });
      expect(rows).toHaveLength(64);
    });

    it("a conflict in one append never fails the others", async () => {
      const store = h.store();
      await store.append("taken", [note("first")], { expectedVersion: "noStream" });
      const outcomes = await Promise.allSettled([
        store.append("x", [note("x")], { expectedVersion: "noStream" }),
        store.append("taken", [note("late")], {
          expectedVersion: "noStream",
          outbox: [{ key: "lost", channel: "email", payload: {} }],
        }),
        store.append("y", [note("y")], { expectedVersion: "noStream" }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expectError((outcomes[1] as PromiseRejectedResult).reason, "CONCURRENCY_CONFLICT", {
        streamId: "taken",
        actualVersion: 1,
      });
      expect(await store.streamVersion("taken")).toBe(1);
      const rows = await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 10, leaseMs: 1 });
      expect(rows).toEqual([]);
    });

    it("two appends to one stream in flight at once: the second sees the first", async () => {
      const store = h.store();
      const [first, second] = await Promise.allSettled([
        store.append("s", [note("1")], { expectedVersion: "noStream" }),
        store.append("s", [note("2")], { expectedVersion: 1 }),
      ]);
      expect(first.status).toBe("fulfilled");
      // Whether the second is planned after the first commit or in the same batch, it must succeed.
      expect(second.status).toBe("fulfilled");
      expect((await store.readStream("s")).map((e) => e.data.note)).toEqual(["1", "2"]);
    });

    it("one idempotency key used twice at once appends once", async () => {
      const store = h.store();
      const [a, b] = await Promise.all(
        ["1", "2"].map((n) =>
          store.append("s", [note(n)], { expectedVersion: "any", idempotencyKey: "once" }),
        ),
      );
      expect([a!.duplicate, b!.duplicate]).toEqual([false, true]);
      expect(b!.events).toEqual(a!.events);
      expect(await store.headPosition()).toBe(1);
    });

    it("one key on two streams at once: the second is a conflict, the first commits", async () => {
      const store = h.store();
      const [a, b] = await Promise.allSettled(
        ["a", "b"].map((s) =>
          store.append(s, [note(s)], { expectedVersion: "any", idempotencyKey: "once" }),
        ),
      );
      expect(a!.status).toBe("fulfilled");
      expect(b!.status).toBe("rejected");
      expectError((b as PromiseRejectedResult).reason, "IDEMPOTENCY_CONFLICT", { key: "once" });
      expect(await store.headPosition()).toBe(1);
      expect(await store.streamVersion("b")).toBe(0);
    });
  });
};
