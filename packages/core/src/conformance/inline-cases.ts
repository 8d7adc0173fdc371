import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import type { InlineHook, ProjectionSnapshot } from "../store/event-store.js";
import { collect, note, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** A hook counting events per stream, snapshotting as "counts" with every commit. */
const countingHook = (options: { failOn?: string } = {}) => {
  let counts: Record<string, number> = {};
  let position = 0;
  const hook: InlineHook & { resets: number; counts: () => Record<string, number> } = {
    resets: 0,
    counts: () => counts,
    apply(events: readonly EventEnvelope[]): ProjectionSnapshot[] {
      for (const event of events) {
        if (event.data.note === options.failOn)
          throw new Error(`projection bug on ${options.failOn}`);
        counts[event.streamId] = (counts[event.streamId] ?? 0) + 1;
        position = event.position;
      }
      return [{ name: "counts", version: 1, position, state: { ...counts } }];
    },
    async reset() {
      hook.resets++;
      counts = {};
      position = 0;
    },
  };
  return hook;
};

/** Inline projections registered on the store: every append path keeps them current. */
export const inlineCases = (h: Harness): void => {
  describe("registered inline projections", () => {
    it("store.append and importEvents both keep the snapshot current, in the same transaction", async () => {
      const store = h.store();
      const hook = countingHook();
      store.registerInline(hook);
      await store.append("a", [note("1"), note("2")], { expectedVersion: "noStream" });
      await store.append("b", [note("3")], { expectedVersion: "noStream" });
      expect(await store.loadProjection("counts")).toEqual({
        name: "counts",
        version: 1,
        position: 3,
        state: { a: 2, b: 1 },
      });
      const source = await h.another();
      await source.append("c", [note("4")], { expectedVersion: "any" });
      // Moved positions change the content, so the moved events go in unsealed.
      const exported = (await collect(source.readAll())).map(
        ({
          prevHash: _p,
          hash: _h,
          ...e
        }: EventEnvelope & { prevHash?: string; hash?: string }) => ({
          ...e,
          position: e.position + 3,
        }),
      );
      await store.importEvents(exported);
      expect(await store.loadProjection("counts")).toMatchObject({
        position: 4,
        state: { a: 2, b: 1, c: 1 },
      });
    });

    it("a hook that throws fails only its append, and is reset before the next commit", async () => {
      const store = h.store();
      const hook = countingHook({ failOn: "boom" });
      store.registerInline(hook);
      await store.append("a", [note("1")], { expectedVersion: "any" });
      const results = await Promise.allSettled([
        store.append("b", [note("boom")], { expectedVersion: "any" }),
        store.append("c", [note("2")], { expectedVersion: "any" }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
      expect(await store.streamVersion("b")).toBe(0);
      expect(await store.streamVersion("c")).toBe(1);
      await store.append("d", [note("3")], { expectedVersion: "any" });
      expect(hook.resets).toBeGreaterThanOrEqual(1);
    });

    it("an unregistered hook is no longer folded", async () => {
      const store = h.store();
      const hook = countingHook();
      const unregister = store.registerInline(hook);
      await store.append("a", [note("1")], { expectedVersion: "any" });
      unregister();
      await store.append("a", [note("2")], { expectedVersion: "any" });
      expect(hook.counts()).toEqual({ a: 1 });
    });

    it("start() runs before the first commit that folds the hook", async () => {
      const store = h.store();
      await store.append("a", [note("before")], { expectedVersion: "any" });
      const seen: string[] = [];
      store.registerInline({
        start: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          seen.push(`start at ${await store.headPosition()}`);
        },
        apply: (events) => {
          seen.push(`apply ${events.map((e) => e.position).join(",")}`);
          return [];
        },
      });
      await store.append("a", [note("after")], { expectedVersion: "any" });
      expect(seen).toEqual(["start at 1", "apply 2"]);
    });

    it("a failed append does not count toward a rejected hook's state", async () => {
      const store = h.store();
      const hook = countingHook();
      store.registerInline(hook);
      await store.append("a", [note("1")], { expectedVersion: "noStream" });
      await rejectionOf(store.append("a", [note("2")], { expectedVersion: "noStream" }));
      expect(hook.counts()).toEqual({ a: 1 });
    });
  });
};
