import { describe, expect, it } from "vitest";
import { collect, expectError, note, positionsOf, range, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** Reading a stream, the whole log from a position, and the log as of a time. */
export const readCases = (h: Harness): void => {
  describe("reads", () => {
    it("readStream returns version ranges, and nothing for a missing stream", async () => {
      const store = h.store();
      await store.append("other", [note("o")], { expectedVersion: "noStream" });
      await store.append(
        "a",
        range(5).map((i) => note(`${i}`)),
        { expectedVersion: "noStream" },
      );
      const versions = async (from?: number, to?: number) =>
        (await store.readStream("a", { fromVersion: from, toVersion: to })).map((e) => e.version);
      expect(await versions()).toEqual([1, 2, 3, 4, 5]);
      expect(await versions(2)).toEqual([2, 3, 4, 5]);
      expect(await versions(undefined, 3)).toEqual([1, 2, 3]);
      expect(await versions(2, 4)).toEqual([2, 3, 4]);
      expect(await versions(4, 4)).toEqual([4]);
      expect(await versions(6)).toEqual([]);
      expect(await versions(4, 2)).toEqual([]);
      expect(await store.readStream("missing")).toEqual([]);
      expect(await store.streamVersion("missing")).toBe(0);
      expect((await store.readStream("a")).every((e) => e.streamId === "a")).toBe(true);
    });

    it("readAll streams the whole log in position order, in batches smaller than the log", async () => {
      const store = h.store();
      for (const i of range(23)) {
        await store.append(`s-${i % 4}`, [note(`${i}`)], { expectedVersion: "any" });
      }
      const full = await collect(store.readAll());
      expect(positionsOf(full)).toEqual(range(23));
      expect(await collect(store.readAll({ batchSize: 5 }))).toEqual(full);
      expect(await collect(store.readAll({ batchSize: 1 }))).toEqual(full);
      expect(await collect(store.readAll({ after: 10, batchSize: 4 }))).toEqual(full.slice(10));
      expect(await collect(store.readAll({ after: 23, batchSize: 4 }))).toEqual([]);
      expect(await collect(store.readAll({ after: 99 }))).toEqual([]);
    });

    it("readAll as of a time returns what the store had accepted then (recordedAt ≤ asOf)", async () => {
      const store = h.store();
      const { clock } = h;
      const first = await store.append("a", [note("1"), note("2")], { expectedVersion: "any" });
      clock?.advance(60_000);
      const second = await store.append("b", [note("3")], { expectedVersion: "any" });
      clock?.advance(60_000);
      const third = await store.append("a", [note("4")], { expectedVersion: "any" });
      const asOf = async (at: string) =>
        positionsOf(await collect(store.readAll({ asOf: at, batchSize: 2 })));
      const t1 = first.events[0]!.recordedAt;
      const t3 = third.events[0]!.recordedAt;
      expect(await asOf(t3)).toEqual([1, 2, 3, 4]);
      expect(await asOf(new Date(Date.parse(t1) - 1).toISOString())).toEqual([]);
      if (clock) {
        // The suite moved the clock a minute between appends: each cut is exact.
        const t2 = second.events[0]!.recordedAt;
        expect(await asOf(t1)).toEqual([1, 2]);
        expect(await asOf(new Date(Date.parse(t2) - 1).toISOString())).toEqual([1, 2]);
        expect(await asOf(t2)).toEqual([1, 2, 3]);
        // The same instant written in China time selects the same events.
        const t2China = new Date(Date.parse(t2) + 8 * 3_600_000)
          .toISOString()
          .replace("Z", "+08:00");
        expect(await asOf(t2China)).toEqual([1, 2, 3]);
        expect(positionsOf(await collect(store.readAll({ after: 1, asOf: t2 })))).toEqual([2, 3]);
      }
    });

    it("readAll rejects an asOf that is not an ISO-8601 date-time", async () => {
      const store = h.store();
      await store.append("a", [note("1")], { expectedVersion: "any" });
      const error = await rejectionOf(collect(store.readAll({ asOf: "last Tuesday" })));
      expectError(error, "VALIDATION_FAILED");
      expect((error as { field: string }).field).toBe("asOf");
    });

    it("events read back cannot be changed through the objects returned", async () => {
      const store = h.store();
      const result = await store.append("a", [note("original")], { expectedVersion: "any" });
      const tamper = (event: { data: Record<string, unknown> } | undefined) => {
        try {
          if (event) event.data.note = "changed";
        } catch {
          // A frozen object refuses the write: that is one way to pass.
        }
      };
      tamper(result.events[0]);
      tamper((await store.readStream("a"))[0]);
      tamper((await collect(store.readAll()))[0]);
      expect((await store.readStream("a"))[0]?.data.note).toBe("original");
      expect((await collect(store.readAll()))[0]?.data.note).toBe("original");
    });
  });
};
