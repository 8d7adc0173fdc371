import { describe, expect, it } from "vitest";
import { StoreClosedError } from "../errors.js";
import type { EventStore } from "../store/event-store.js";
import { createEngine } from "./engine.js";
import { commandsFor, setup } from "./test-kit.testkit.js";

/** Registered 2024-03-01: routing is due Mon 18 Mar (15 days end Sat 16 Mar, rolled to the next working day). */
const registered = async () => {
  const ctx = setup("2024-03-01T09:00:00+08:00");
  const c = commandsFor("P-1");
  const { events } = await ctx.engine.execute(c.register);
  expect(events[0]!.data.routingDueAt).toBe("2024-03-18T23:59:59+08:00");
  return { ...ctx, c };
};

describe("tick: 催办 and 督办 from durable timers", () => {
  it("issues a reminder 3 days before the due time, once, and writes its outbox row", async () => {
    const { engine, store } = await registered();
    expect((await engine.tick("2024-03-14T23:59:59+08:00")).reminders).toEqual([]);
    const first = await engine.tick("2024-03-15T00:00:00+08:00");
    expect(first.reminders.map((e) => e.data)).toEqual([
      { stage: "routing", dueAt: "2024-03-18T23:59:59+08:00", daysLeft: 3 },
    ]);
    expect(first.reminders[0]!.actor.role).toBe("system");
    expect((await engine.tick("2024-03-15T00:00:00+08:00")).reminders).toEqual([]);
    expect((await engine.tick("2024-03-17T12:00:00+08:00")).reminders).toEqual([]);
    const rows = await store.claimOutbox({
      now: "2024-03-16T00:00:00+08:00",
      limit: 10,
      leaseMs: 1,
    });
    expect(
      rows.map((r) => [r.key, r.payload.kind, (r.payload.recipient as { org: string }).org]),
    ).toEqual([["petition-P-1:2:console", "reminder", "bureau"]]);
  });

  it("supervises after the due time and raises the level every 7 days, up to the highest level (W22 Art. 40)", async () => {
    const { engine } = await registered();
    const t1 = await engine.tick("2024-03-19T00:00:00+08:00");
    // The reminder's window was missed entirely: past due, only supervision is issued.
    expect(t1.reminders).toEqual([]);
    expect(t1.supervisions.map((e) => e.data)).toEqual([
      { stage: "routing", dueAt: "2024-03-18T23:59:59+08:00", daysOverdue: 1, level: 1 },
    ]);
    expect((await engine.tick("2024-03-25T23:59:59+08:00")).supervisions).toEqual([]);
    const t2 = await engine.tick("2024-03-26T00:00:00+08:00");
    expect(t2.supervisions.map((e) => [e.data.level, e.data.daysOverdue])).toEqual([[2, 8]]);
    // Long after: level 3, and nothing above maxSupervisionLevel.
    const t3 = await engine.tick("2024-05-01T00:00:00+08:00");
    expect(t3.supervisions.map((e) => e.data.level)).toEqual([3]);
    expect((await engine.tick("2024-06-01T00:00:00+08:00")).supervisions).toEqual([]);
    const state = await engine.load("P-1");
    expect(state!.supervisions).toHaveLength(3);
  });

  it("a manual 督办 before the due time does not suppress the automatic one after it (W22 Art. 40)", async () => {
    const { engine, c } = await registered();
    const early = await engine.execute({ ...c.issueSupervision, at: "2024-03-10T10:00:00+08:00" });
    expect(early.events[0]!.data).toEqual({
      stage: "routing",
      dueAt: "2024-03-18T23:59:59+08:00",
      daysOverdue: 0,
      level: 1,
    });
    // Early levels count among themselves: the next manual one is level 2, level 1 is not repeated.
    const again = await engine.execute({ ...c.issueSupervision, at: "2024-03-11T10:00:00+08:00" });
    expect(again.events[0]!.data.level).toBe(2);
    await expect(
      engine.execute({ ...c.issueSupervision, level: 1, at: "2024-03-12T10:00:00+08:00" }),
    ).rejects.toThrow(/already issued before the due time/);
    // After the due time the automatic levels start at 1.
    const t1 = await engine.tick("2024-03-19T00:00:00+08:00");
    expect(t1.supervisions.map((e) => [e.data.level, e.data.daysOverdue])).toEqual([[1, 1]]);
    const t2 = await engine.tick("2024-03-26T00:00:00+08:00");
    expect(t2.supervisions.map((e) => e.data.level)).toEqual([2]);
  });

  it("a new stage starts new deadlines: routing stops the routing timers", async () => {
    const { engine, store, clock, c } = await registered();
    clock.set("2024-03-05T10:00:00+08:00");
    await engine.execute(c.route);
    const timers = await store.listTimers("petition-P-1");
    expect(timers.map((t) => [t.id, t.fireAt])).toEqual([
      ["petition-P-1:acceptance:reminder", "2024-03-17T00:00:00+08:00"],
      ["petition-P-1:acceptance:supervision:1", "2024-03-21T00:00:00+08:00"],
    ]);
  });

  it("two concurrent ticks, and a tick run twice, issue each notice exactly once", async () => {
    const { engine, store, clock } = await registered();
    const other = createEngine({ store, clock, policy: engine.policy });
    const [a, b] = await Promise.all([
      engine.tick("2024-03-15T08:00:00+08:00"),
      other.tick("2024-03-15T08:00:00+08:00"),
    ]);
    expect(a.reminders.length + b.reminders.length).toBe(1);
    // A worker whose lease expired claims the same timer again: the idempotency key holds.
    const twice = Object.create(store) as EventStore;
    twice.claimDueTimers = async (o) => {
      const claimed = await store.claimDueTimers(o);
      return [...claimed, ...claimed];
    };
    const replay = createEngine({ store: twice, clock, policy: engine.policy });
    const [c1, c2] = await Promise.all([
      replay.tick("2024-03-19T08:00:00+08:00"),
      replay.tick("2024-03-19T08:00:00+08:00"),
    ]);
    expect(c1.supervisions.length + c2.supervisions.length).toBe(1);
    const all = await store.readStream("petition-P-1");
    expect(all.map((e) => e.type)).toEqual([
      "PetitionRegistered",
      "ReminderIssued",
      "SupervisionIssued",
    ]);
  });

  it("concludes a petition at 00:00 the day after its review window lapsed (W22 Art. 35)", async () => {
    const ctx = setup("2024-03-01T09:00:00+08:00");
    const c = commandsFor("P-1");
    for (const command of [c.register, c.route, c.accept]) await ctx.engine.execute(command);
    ctx.clock.set("2024-04-01T10:00:00+08:00");
    const { events } = await ctx.engine.execute(c.reply);
    expect(events[0]!.data.reviewRequestDueAt).toBe("2024-05-06T23:59:59+08:00");
    expect((await ctx.engine.tick("2024-05-06T23:59:59+08:00")).concluded).toEqual([]);
    const { concluded } = await ctx.engine.tick("2024-05-20T10:00:00+08:00");
    expect(concluded.map((e) => [e.type, e.occurredAt, e.data.reason])).toEqual([
      ["PetitionConcluded", "2024-05-07T00:00:00+08:00", "reviewWindowLapsed"],
    ]);
    expect((await ctx.engine.load("P-1"))!.status).toBe("concluded");
    expect(await ctx.store.listTimers("petition-P-1")).toEqual([]);
  });

  it("does not swallow a store failure as 'the state moved on': the error reaches the caller, the timer stays", async () => {
    const { engine, store, clock } = await registered();
    const failing = Object.create(store) as EventStore;
    failing.append = async () => {
      throw new StoreClosedError("test");
    };
    const broken = createEngine({ store: failing, clock, policy: engine.policy });
    await expect(broken.tick("2024-03-15T00:00:00+08:00")).rejects.toBeInstanceOf(StoreClosedError);
    expect(await store.readStream("petition-P-1")).toHaveLength(1);
    // The timer was not completed: once its lease ends, a working engine issues the reminder.
    const later = await engine.tick("2024-03-15T00:01:01+08:00");
    expect(later.reminders.map((e) => e.type)).toEqual(["ReminderIssued"]);
  });
});
