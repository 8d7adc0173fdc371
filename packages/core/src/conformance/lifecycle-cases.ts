import { describe, expect, it } from "vitest";
import { collect, expectError, note, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** A closed store refuses every call with StoreClosedError; closing twice is harmless. */
export const lifecycleCases = (h: Harness): void => {
  describe("close", () => {
    it("every call on a closed store rejects with StoreClosedError", async () => {
      const store = h.store();
      await store.append("a", [note("1")], { expectedVersion: "any" });
      await store.close();
      const claim = { now: "2999-01-01T00:00:00Z", limit: 1, leaseMs: 1 };
      const calls: [string, () => Promise<unknown>][] = [
        ["append", () => store.append("a", [note("2")], { expectedVersion: "any" })],
        ["readStream", () => store.readStream("a")],
        ["streamVersion", () => store.streamVersion("a")],
        ["readAll", () => collect(store.readAll())],
        ["headPosition", () => store.headPosition()],
        ["readCheckpoint", () => store.readCheckpoint("c")],
        ["writeCheckpoint", () => store.writeCheckpoint("c", 1)],
        ["loadProjection", () => store.loadProjection("p")],
        [
          "saveProjection",
          () => store.saveProjection({ name: "p", version: 1, position: 1, state: {} }),
        ],
        ["claimOutbox", () => store.claimOutbox(claim)],
        ["ackOutbox", () => store.ackOutbox("1")],
        ["failOutbox", () => store.failOutbox("1", "x", claim.now)],
        ["claimDueTimers", () => store.claimDueTimers(claim)],
        ["completeTimer", () => store.completeTimer("t")],
        ["listTimers", () => store.listTimers()],
        ["importEvents", () => store.importEvents([])],
      ];
      for (const [name, call] of calls) {
        const error = await rejectionOf(call()).catch((e: unknown) => {
          throw new Error(`${name} on a closed store did not reject: ${String(e)}`);
        });
        expectError(error, "STORE_CLOSED");
      }
      expect(() => store.subscribe({ handler: () => undefined })).toThrow(
        expect.objectContaining({ code: "STORE_CLOSED" }),
      );
      await store.close(); // idempotent
    });

    it("closing stops a running subscription without calling its handler again", async () => {
      const store = h.store();
      const seen: number[] = [];
      const sub = store.subscribe({ handler: (e) => void seen.push(e.position) });
      await store.append("a", [note("1")], { expectedVersion: "any" });
      await sub.caughtUp();
      await store.close();
      await sub.stop();
      expect(seen).toEqual([1]);
    });
  });
};
