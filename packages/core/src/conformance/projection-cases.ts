import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import type { ProjectionSnapshot } from "../store/event-store.js";
import { collect, expectError, note, registered, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** Projection snapshots: saved directly, or by the inline hook inside the append. */
export const projectionCases = (h: Harness): void => {
  describe("projection snapshots", () => {
    it("round-trip, and a second save replaces the first", async () => {
      const store = h.store();
      expect(await store.loadProjection("missing")).toBeUndefined();
      const snapshot: ProjectionSnapshot = {
        name: "counts",
        version: 2,
        position: 41,
        state: { byTopic: { 城市管理: 3, 教育: 1 }, open: ["1", "2"], last: null, rate: 0.75 },
      };
      await store.saveProjection(snapshot);
      await store.saveProjection({ name: "other", version: 1, position: 1, state: [] });
      expect(await store.loadProjection("counts")).toEqual(snapshot);
      await store.saveProjection({ ...snapshot, position: 50, state: { replaced: true } });
      expect(await store.loadProjection("counts")).toEqual({
        ...snapshot,
        position: 50,
        state: { replaced: true },
      });
      expect(await store.loadProjection("other")).toEqual({
        name: "other",
        version: 1,
        position: 1,
        state: [],
      });
    });

    it("the inline hook sees the placed events and its snapshots are saved with the append", async () => {
      const store = h.store();
      let seen: EventEnvelope[] = [];
      const result = await store.append("a", [registered("a"), note("1")], {
        expectedVersion: "noStream",
        inline: (events) => {
          seen = [...events];
          return [
            {
              name: "inline-count",
              version: 1,
              position: events[events.length - 1]!.position,
              state: { count: events.length },
            },
          ];
        },
      });
      expect(seen).toEqual(result.events);
      expect(await store.loadProjection("inline-count")).toEqual({
        name: "inline-count",
        version: 1,
        position: 2,
        state: { count: 2 },
      });
    });

    it("a throwing inline hook rolls back the whole append: no events, outbox rows, timers or snapshots", async () => {
      const store = h.store();
      const failure = new Error("projection rejected the events");
      const error = await rejectionOf(
        store.append("a", [registered("a"), note("1")], {
          expectedVersion: "noStream",
          idempotencyKey: "cmd-inline",
          outbox: [{ key: "k-inline", channel: "console", payload: {} }],
          timers: {
            set: [{ id: "t-inline", streamId: "a", fireAt: "2024-04-01T00:00:00Z", kind: "x" }],
          },
          inline: () => {
            throw failure;
          },
        }),
      );
      expect(error).toBe(failure);
      expect(await store.headPosition()).toBe(0);
      expect(await store.streamVersion("a")).toBe(0);
      expect(await collect(store.readAll())).toEqual([]);
      expect(await store.listTimers()).toEqual([]);
      expect(
        await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 10, leaseMs: 1 }),
      ).toEqual([]);
      // The key was not used up, and the next append takes position 1.
      const retry = await store.append("a", [registered("a")], {
        expectedVersion: "noStream",
        idempotencyKey: "cmd-inline",
      });
      expect(retry.duplicate).toBe(false);
      expect(retry.lastPosition).toBe(1);
    });

    it("rejects a snapshot without a name or with a bad position", async () => {
      const store = h.store();
      const noName = await rejectionOf(
        store.saveProjection({ name: "", version: 1, position: 0, state: {} }),
      );
      expectError(noName, "VALIDATION_FAILED");
      expect((noName as { field: string }).field).toBe("name");
      const badPosition = await rejectionOf(
        store.saveProjection({ name: "p", version: 1, position: -3, state: {} }),
      );
      expectError(badPosition, "VALIDATION_FAILED");
      expect((badPosition as { field: string }).field).toBe("position");
      expect(await store.loadProjection("p")).toBeUndefined();
    });
  });
};
