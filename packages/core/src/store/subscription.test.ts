import { describe, expect, it } from "vitest";
import { ManualClock } from "../conformance/manual-clock.js";
import type { NewEvent } from "../events/envelope.js";
import { MemoryEventStore } from "./memory-store.js";

const event = (n: number): NewEvent => ({
  type: "PetitionWithdrawn",
  occurredAt: "2024-01-01T10:00:00+08:00",
  actor: { id: "p1", role: "petitioner" },
  data: { reason: `#${n}` },
});

const newStore = () => new MemoryEventStore({ clock: new ManualClock("2024-01-01T00:00:00Z") });
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("startSubscription races", () => {
  it("caughtUp() targets the head at the time of the call, so a busy writer cannot starve it", async () => {
    const store = newStore();
    for (let i = 1; i <= 5; i++) await store.append("a", [event(i)], { expectedVersion: "any" });
    const sub = store.subscribe({ handler: async () => void (await tick()) });
    let writing = true;
    const writer = (async () => {
      for (let i = 6; writing; i++) {
        await store.append("a", [event(i)], { expectedVersion: "any" });
        await tick();
      }
    })();
    await sub.caughtUp();
    expect(sub.position).toBeGreaterThanOrEqual(5);
    writing = false;
    await writer;
    await sub.stop();
  });

  it("caughtUp() called before the checkpoint is loaded waits for events after it", async () => {
    const store = newStore();
    for (let i = 1; i <= 4; i++) await store.append("a", [event(i)], { expectedVersion: "any" });
    await store.writeCheckpoint("c", 3);
    const seen: number[] = [];
    const sub = store.subscribe({ checkpoint: "c", handler: (e) => void seen.push(e.position) });
    await sub.caughtUp();
    expect(seen).toEqual([4]);
    await sub.stop();
  });

  it("stop() while a handler runs waits for it, and the next event is never handled", async () => {
    const store = newStore();
    await store.append("a", [event(1), event(2)], { expectedVersion: "any" });
    let release: () => void = () => undefined;
    const seen: number[] = [];
    let entered = false;
    const sub = store.subscribe({
      handler: async (e) => {
        entered = true;
        if (e.position === 1) await new Promise<void>((resolve) => (release = resolve));
        seen.push(e.position);
      },
    });
    while (!entered) await tick();
    let stopped = false;
    const stopping = sub.stop().then(() => {
      stopped = true;
    });
    await tick();
    expect(stopped).toBe(false); // still inside the handler
    release();
    await stopping;
    expect(seen).toEqual([1]);
    expect(sub.position).toBe(1);
  });

  it("several caughtUp() callers resolve together, and a stopped subscription resolves them", async () => {
    const store = newStore();
    await store.append("a", [event(1), event(2), event(3)], { expectedVersion: "any" });
    let release: () => void = () => undefined;
    const sub = store.subscribe({
      handler: (e) =>
        e.position === 2 ? new Promise<void>((resolve) => (release = resolve)) : undefined,
    });
    const waiting = [sub.caughtUp(), sub.caughtUp()];
    await tick();
    const stopping = sub.stop();
    release();
    await Promise.all([...waiting, stopping]);
    expect(sub.position).toBe(2);
  });
});
