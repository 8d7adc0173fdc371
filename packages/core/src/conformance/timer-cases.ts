import { describe, expect, it } from "vitest";
import type { TimerSpec } from "../store/event-store.js";
import { note, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

const timer = (
  id: string,
  streamId: string,
  fireAt: string,
  payload?: Record<string, unknown>,
): TimerSpec => ({
  id,
  streamId,
  fireAt,
  kind: "reminder",
  ...(payload ? { payload } : {}),
});

const at = (hour: number): string => new Date(Date.UTC(2024, 3, 1, hour)).toISOString();
const ids = (timers: readonly TimerSpec[]): string[] => timers.map((t) => t.id);

/** Durable timers: changed with the append, claimed when due with a lease, completed. */
export const timerCases = (h: Harness): void => {
  describe("timers", () => {
    const appendTimers = (
      stream: string,
      timers: Parameters<ReturnType<Harness["store"]>["append"]>[2]["timers"],
    ) => h.store().append(stream, [note(stream)], { expectedVersion: "any", timers });

    it("set, replace and cancel timers with the append", async () => {
      const store = h.store();
      await appendTimers("a", {
        set: [timer("a:1", "a", at(2), { stage: "handling" }), timer("a:2", "a", at(3))],
      });
      await appendTimers("b", { set: [timer("b:1", "b", at(1))] });
      expect(await store.listTimers("a")).toEqual([
        timer("a:1", "a", at(2), { stage: "handling" }),
        timer("a:2", "a", at(3)),
      ]);
      expect(ids(await store.listTimers())).toEqual(["a:1", "a:2", "b:1"]);
      await appendTimers("a", { cancel: ["a:1"], set: [timer("a:2", "a", at(5))] });
      expect(await store.listTimers("a")).toEqual([timer("a:2", "a", at(5))]);
    });

    it("cancelAllForStream clears that stream's timers before setting new ones, and no other stream's", async () => {
      const store = h.store();
      await appendTimers("a", { set: [timer("a:1", "a", at(1)), timer("a:2", "a", at(2))] });
      await appendTimers("b", { set: [timer("b:1", "b", at(1))] });
      await appendTimers("a", { cancelAllForStream: true, set: [timer("a:3", "a", at(3))] });
      expect(ids(await store.listTimers())).toEqual(["a:3", "b:1"]);
    });

    it("a failed append changes no timer", async () => {
      const store = h.store();
      await appendTimers("a", { set: [timer("a:1", "a", at(1))] });
      await rejectionOf(
        store.append("a", [note("x")], {
          expectedVersion: "noStream",
          timers: { cancelAllForStream: true, set: [timer("a:9", "a", at(9))] },
        }),
      );
      expect(await store.listTimers()).toEqual([timer("a:1", "a", at(1))]);
    });

    it("claimDueTimers returns due timers, earliest first, leased; completeTimer removes them", async () => {
      const store = h.store();
      await appendTimers("a", {
        set: [timer("late", "a", at(5)), timer("early", "a", at(1)), timer("mid", "a", at(3))],
      });
      const lease = 60_000;
      expect(
        await store.claimDueTimers({
          now: new Date(Date.parse(at(1)) - 1).toISOString(),
          limit: 10,
          leaseMs: lease,
        }),
      ).toEqual([]);
      expect(ids(await store.claimDueTimers({ now: at(3), limit: 1, leaseMs: lease }))).toEqual([
        "early",
      ]);
      expect(ids(await store.claimDueTimers({ now: at(3), limit: 10, leaseMs: lease }))).toEqual([
        "mid",
      ]);
      // Both are leased now; after the lease they are due again.
      expect(await store.claimDueTimers({ now: at(3), limit: 10, leaseMs: lease })).toEqual([]);
      const again = new Date(Date.parse(at(3)) + lease + 1).toISOString();
      expect(ids(await store.claimDueTimers({ now: again, limit: 10, leaseMs: lease }))).toEqual([
        "early",
        "mid",
      ]);
      await store.completeTimer("early");
      expect(ids(await store.listTimers())).toEqual(["late", "mid"]);
      const muchLater = at(9);
      expect(
        ids(await store.claimDueTimers({ now: muchLater, limit: 10, leaseMs: lease })),
      ).toEqual(["mid", "late"]);
      await store.completeTimer("no-such-timer"); // completing twice or late is harmless
    });
    it("claimDueTimers with kinds claims only timers of those kinds", async () => {
      const store = h.store();
      await appendTimers("a", {
        set: [
          { ...timer("petition", "a", at(1)), kind: "reminder" },
          { ...timer("practice", "a", at(1)), kind: "practice:reminder" },
          { ...timer("other", "a", at(2)), kind: "practice:supervision" },
        ],
      });
      const claim = (kinds?: string[]) =>
        store.claimDueTimers({
          now: at(3),
          limit: 10,
          leaseMs: 60_000,
          ...(kinds ? { kinds } : {}),
        });
      expect(ids(await claim(["practice:reminder", "practice:supervision"]))).toEqual([
        "practice",
        "other",
      ]);
      expect(await claim(["unknown-kind"])).toEqual([]);
      expect(ids(await claim())).toEqual(["petition"]);
      const error = await rejectionOf(claim(["reminder", 3 as never]));
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", field: "kinds.1" });
    });
  });
};
