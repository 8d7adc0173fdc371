import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import type { Subscription } from "../store/event-store.js";
import { eventually, expectError, note, range, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** Subscriptions: position order, no gaps, checkpoints, stop and resume. */
export const subscriptionCases = (h: Harness): void => {
  describe("subscriptions", () => {
    const appendNotes = async (count: number, stream = "a") => {
      for (const i of range(count)) {
        await h.store().append(stream, [note(`${i}`)], { expectedVersion: "any" });
      }
    };

    it("starts after the checkpoint and delivers, in order and without gaps, events appended while subscribed", async () => {
      const store = h.store();
      await appendNotes(5);
      await store.writeCheckpoint("reader", 2);
      const seen: number[] = [];
      const sub = store.subscribe({
        checkpoint: "reader",
        handler: (e) => {
          seen.push(e.position);
        },
      });
      await sub.caughtUp();
      expect(seen).toEqual([3, 4, 5]);
      // Appends from several writers while the subscription runs.
      await Promise.all([appendNotes(4, "b"), appendNotes(4, "c")]);
      await sub.caughtUp();
      expect(seen).toEqual(range(11, 3));
      expect(sub.position).toBe(13);
      await sub.stop();
      expect(await store.readCheckpoint("reader")).toBe(13);
    });

    it("delivers events appended by its own handler", async () => {
      const store = h.store();
      await appendNotes(1);
      const seen: number[] = [];
      const sub = store.subscribe({
        handler: async (e) => {
          seen.push(e.position);
          if (e.position < 4)
            await store.append("echo", [note(`echo ${e.position}`)], { expectedVersion: "any" });
        },
      });
      await eventually(() => seen.length >= 4, "the handler's own appends to be delivered");
      await sub.caughtUp();
      expect(seen).toEqual([1, 2, 3, 4]);
      await sub.stop();
    });

    it("delivers imported events to a running subscription", async () => {
      const store = h.store();
      const seen: number[] = [];
      const sub = store.subscribe({ handler: (e) => void seen.push(e.position) });
      await sub.caughtUp();
      const imported = [4, 9].map((position, i) => ({
        position,
        streamId: "petition-imported",
        version: i + 1,
        type: "MediationRecorded",
        schemaVersion: 1,
        occurredAt: "2023-05-04T10:00:00+08:00",
        recordedAt: "2023-05-04T10:00:00+08:00",
        actor: { id: "officer-9", role: "agency" as const },
        data: { outcome: "agreement" },
      }));
      await store.importEvents(imported);
      await eventually(() => seen.length === 2, "imported events to be delivered");
      expect(seen).toEqual([4, 9]);
      await sub.stop();
    });

    it("starts after `after` when there is no checkpoint", async () => {
      const store = h.store();
      await appendNotes(4);
      const seen: number[] = [];
      const sub = store.subscribe({ after: 3, handler: (e) => void seen.push(e.position) });
      await sub.caughtUp();
      expect(seen).toEqual([4]);
      await sub.stop();
    });

    it("stop, then resume from the saved checkpoint, continues exactly after the last handled event", async () => {
      const store = h.store();
      await appendNotes(6);
      const firstRun: number[] = [];
      let sub: Subscription | undefined;
      let stopping: Promise<void> | undefined;
      sub = store.subscribe({
        checkpoint: "resumable",
        handler: (e) => {
          firstRun.push(e.position);
          // Stop from inside the handler (not awaited there: stop waits for the handler).
          if (e.position === 4) stopping = sub?.stop();
        },
      });
      await eventually(() => stopping !== undefined, "the handler to stop the subscription");
      await stopping;
      expect(firstRun).toEqual([1, 2, 3, 4]);
      expect(await store.readCheckpoint("resumable")).toBe(4);
      await appendNotes(3, "b");
      const secondRun: number[] = [];
      sub = store.subscribe({
        checkpoint: "resumable",
        handler: (e) => void secondRun.push(e.position),
      });
      await sub.caughtUp();
      expect(secondRun).toEqual([5, 6, 7, 8, 9]);
      await sub.stop();
    });

    it("stop() while idle resolves, and no event is handled after it", async () => {
      const store = h.store();
      await appendNotes(2);
      const seen: number[] = [];
      const sub = store.subscribe({ handler: (e) => void seen.push(e.position) });
      await sub.caughtUp();
      await sub.stop();
      await appendNotes(2);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(seen).toEqual([1, 2]);
      await sub.caughtUp(); // a stopped subscription has nothing left to wait for
    });

    it("caughtUp() resolves at once on an empty store and waits for a slow handler", async () => {
      const store = h.store();
      const idle = store.subscribe({ handler: () => undefined });
      await idle.caughtUp();
      expect(idle.position).toBe(0);
      await idle.stop();

      await appendNotes(3);
      const handled: EventEnvelope[] = [];
      const slow = store.subscribe({
        handler: async (e) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          handled.push(e);
        },
      });
      await slow.caughtUp();
      expect(handled.map((e) => e.position)).toEqual([1, 2, 3]);
      await slow.stop();
    });

    it("a throwing handler stops the subscription, reports the error, and keeps the checkpoint at the last success", async () => {
      const store = h.store();
      await appendNotes(5);
      const failure = new Error("handler broke on 3");
      const errors: unknown[] = [];
      const seen: number[] = [];
      const sub = store.subscribe({
        checkpoint: "fragile",
        handler: (e) => {
          if (e.position === 3) throw failure;
          seen.push(e.position);
        },
        onError: (error) => errors.push(error),
      });
      await eventually(() => errors.length > 0, "onError to be called");
      expect(errors).toEqual([failure]);
      expect(seen).toEqual([1, 2]);
      expect(await store.readCheckpoint("fragile")).toBe(2);
      // caughtUp() must not claim every event was handled.
      expect(await rejectionOf(sub.caughtUp())).toBe(failure);
      await sub.stop();
    });
  });

  describe("checkpoints", () => {
    it("round-trip by name, 0 when never written", async () => {
      const store = h.store();
      expect(await store.readCheckpoint("never")).toBe(0);
      await store.writeCheckpoint("one", 5);
      await store.writeCheckpoint("two", 9);
      await store.writeCheckpoint("one", 7);
      expect(await store.readCheckpoint("one")).toBe(7);
      expect(await store.readCheckpoint("two")).toBe(9);
    });

    it("reject a position that is not a non-negative integer", async () => {
      const store = h.store();
      for (const bad of [-1, 1.5, Number.NaN]) {
        const error = await rejectionOf(store.writeCheckpoint("x", bad));
        expectError(error, "VALIDATION_FAILED");
        expect((error as { field: string }).field).toBe("position");
      }
      expect(await store.readCheckpoint("x")).toBe(0);
    });
  });
};
