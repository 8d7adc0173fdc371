import {
  type CommandInput,
  chinaCalendar,
  createEngine,
  dueAt,
  type EventEnvelope,
  MemoryEventStore,
  nationalPolicy,
} from "@petitio/core";
import {
  checkLifecycle,
  dueTimesMatchPolicy,
  holidayAwareDateArb,
  instantOnDateArb,
  propertyRuns,
  replayRegression,
  validTimelineArb,
  walkChart,
} from "@petitio/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { henanPolicy } from "../src/henan-policy.js";

const runs = { seed: 20261128, numRuns: propertyRuns(100) };
const receivedAt = instantOnDateArb(holidayAwareDateArb({ from: "2024-01-01", to: "2026-10-31" }));

describe("our Henan policy, as properties", () => {
  it("a routing period never ends on a rest day, and never before five calendar days", () => {
    fc.assert(
      fc.property(receivedAt, (received) => {
        const due = dueAt(henanPolicy, "routing", received);
        // Civil Code Art. 203: a last day on a rest day moves to the next working day.
        expect(chinaCalendar.isWorkingDay(due.slice(0, 10))).toBe(true);
        expect(due.endsWith("T23:59:59+08:00")).toBe(true);
        const days =
          (Date.parse(due.slice(0, 10)) - Date.parse(received.slice(0, 10))) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(5);
      }),
      runs,
    );
  });

  it("is never slower than the national rules for routing and handling", () => {
    fc.assert(
      fc.property(receivedAt, (start) => {
        for (const stage of ["routing", "handling"] as const) {
          expect(Date.parse(dueAt(henanPolicy, stage, start))).toBeLessThanOrEqual(
            Date.parse(dueAt(nationalPolicy, stage, start)),
          );
        }
      }),
      runs,
    );
  });

  it("every lawful timeline runs on the engine and stores the due times our policy gives", async () => {
    await fc.assert(
      fc.asyncProperty(validTimelineArb({ policy: henanPolicy }), async (timeline) => {
        let now = timeline[0]!.at!;
        const clock = { now: () => now };
        const store = new MemoryEventStore({ clock });
        const engine = createEngine({ store, policy: henanPolicy, clock, channels: [] });
        for (const command of timeline) {
          now = command.at!;
          await engine.execute(command);
        }
        const log: EventEnvelope[] = [];
        for await (const e of store.readAll()) log.push(e);
        expect(dueTimesMatchPolicy(henanPolicy)(log)).toEqual([]);
      }),
      { ...runs, numRuns: propertyRuns(30) },
    );
  });

  it("the model-based lifecycle check and the chart walk pass under our policy", async () => {
    const store = (clock: { now(): string }) => new MemoryEventStore({ clock });
    const result = await checkLifecycle({ store, policy: henanPolicy, numRuns: propertyRuns(10) });
    await walkChart({ store, policy: henanPolicy, coverage: result.coverage });
    expect(result.coverage.report().missed).toEqual([]);
  }, 60_000);

  it("switching from the national rules: replay regression lists the petitions in flight it changes", async () => {
    let now = "2025-09-01T09:00:00+08:00";
    const clock = { now: () => now };
    const store = new MemoryEventStore({ clock });
    const engine = createEngine({ store, policy: nationalPolicy, clock, channels: [] });
    const intake = { id: "clerk-1", role: "intake", org: "bureau" } as const;
    const register = (petitionId: string): CommandInput => ({
      type: "register",
      petitionId,
      actor: intake,
      channel: "visit",
      title: "小区垃圾清运不及时",
      content: "垃圾桶满了好几天没人清理。",
      category: "claim",
    });
    await engine.execute(register("OPEN"));
    await engine.execute(register("MERGED"));
    now = "2025-09-02T09:00:00+08:00";
    await engine.execute({
      type: "merge",
      petitionId: "MERGED",
      actor: intake,
      intoPetitionId: "OPEN",
    });
    const log: EventEnvelope[] = [];
    for await (const e of store.readAll()) log.push(e);

    const changes = await replayRegression({
      logs: [log],
      current: { policy: nationalPolicy },
      candidate: { policy: henanPolicy },
    });
    // Only the open petition changes: its routing now ends after five days, not fifteen.
    expect(changes).toEqual([
      {
        petitionId: "OPEN",
        before: { status: "registered", stage: "routing", dueAt: "2025-09-16T23:59:59+08:00" },
        after: { status: "registered", stage: "routing", dueAt: "2025-09-08T23:59:59+08:00" },
      },
    ]);
  });
});
