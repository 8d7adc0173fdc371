import { describe, expect, it } from "vitest";
import type { Engine } from "../engine/engine.js";
import { commandsFor, setup } from "../engine/test-kit.testkit.js";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import { MemoryPersonalDataKeys } from "../privacy/keys.js";
import { protectPersonalData, subjectsOf } from "../privacy/personal-data.js";
import type { EventStore } from "../store/event-store.js";
import type { DeliveryTarget, NotificationChannel } from "./channel.js";
import { DeliveryError } from "./delivery-error.js";
import { createDispatcher, type DispatchTimer } from "./dispatcher.js";
import type { Notification } from "./notification.js";

/**
 * The dispatcher on the in-memory store, fed by a real engine: outbox rows
 * are the ones `execute` and `tick` write. The channel is a recorder whose
 * answers each test scripts (ok, retryable, permanent).
 */

type Answer = "ok" | "retry" | "permanent" | { retryAfterMs: number };

const recorder = (targets: DeliveryTarget[], script: (n: Notification, t: string) => Answer) => {
  const sends: { id: string; key: string; target: string; attempt: number; kind: string }[] = [];
  const channel: NotificationChannel = {
    name: "hooks",
    targets: () => targets,
    async send(n, target) {
      sends.push({ id: n.id, key: n.key, target: target.id, attempt: n.attempt, kind: n.kind });
      const answer = script(n, target.id);
      if (answer === "ok") return;
      if (answer === "permanent") throw new DeliveryError("HTTP 400 bad request", false);
      if (answer === "retry") throw new DeliveryError("HTTP 503", true);
      throw new DeliveryError("HTTP 429", true, answer.retryAfterMs);
    },
  };
  return { channel, sends };
};

/** A channel that keeps every notification it is handed. */
const keeper = () => {
  const seen: Notification[] = [];
  const channel: NotificationChannel = {
    name: "hooks",
    targets: () => [{ id: "x" }],
    send: async (n) => {
      seen.push(n);
    },
  };
  return { channel, seen };
};

/** A petition accepted by org-x (one acceptance notice), then supervised once. */
const petitionWithNotices = async () => {
  const ctx = setup("2024-03-01T09:00:00+08:00", { channels: ["hooks"] });
  const c = commandsFor("P-1");
  await ctx.engine.execute({
    ...c.register,
    petitioners: [{ id: "p-1", name: "张三", email: "zhangsan@example.cn" }],
  });
  ctx.clock.set("2024-03-04T10:00:00+08:00");
  await ctx.engine.execute(c.route);
  ctx.clock.set("2024-03-05T10:00:00+08:00");
  await ctx.engine.execute(c.accept);
  return ctx;
};

const notificationEvents = (events: readonly EventEnvelope[]) =>
  events.filter((e) => e.type.startsWith("Notification"));

/** Tick past the handling due time: `levels` supervisions a week apart; returns the last tick's time. */
const overdueTicks = async (engine: Engine, levels: number): Promise<string> => {
  const due = Date.parse((await engine.load("P-1"))!.dueAt!);
  let at = "";
  for (let level = 0; level < levels; level++) {
    at = new Date(due + (1 + 7 * level) * 86_400_000 - 1_000).toISOString();
    expect((await engine.tick(at)).supervisions).toHaveLength(1);
  }
  return at;
};

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** A timer whose sleep moves its own time: rate-limit waits take no real time. */
const fakeTimer = () => {
  let now = 0;
  const slept: number[] = [];
  const timer: DispatchTimer = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  return { timer, slept };
};

describe("createDispatcher", () => {
  it("delivers each row once, records NotificationDelivered, acks, and leaves the lifecycle alone", async () => {
    const { store, clock, engine } = await petitionWithNotices();
    const before = await engine.load("P-1");
    const { channel, sends } = recorder([{ id: "robot-a" }], () => "ok");
    const dispatcher = createDispatcher({ store, clock, channels: [channel] });
    const summary = await dispatcher.drain();
    expect(summary).toMatchObject({ claimed: 1, delivered: 1, retrying: 0, deadLettered: 0 });
    expect(sends).toEqual([
      {
        id: summary.outcomes[0]!.id,
        key: "petition-P-1:3:hooks",
        target: "robot-a",
        attempt: 1,
        kind: "acceptanceNotice",
      },
    ]);
    const events = await store.readStream("petition-P-1");
    expect(notificationEvents(events).map((e) => [e.type, e.data, e.actor])).toEqual([
      [
        "NotificationDelivered",
        {
          outboxId: summary.outcomes[0]!.id,
          channel: "hooks",
          attempt: 1,
          key: "petition-P-1:3:hooks",
          target: "robot-a",
        },
        { id: "dispatcher", role: "system" },
      ],
    ]);
    const after = await engine.load("P-1");
    expect(after!.status).toBe(before!.status);
    expect(after!.stage).toBe(before!.stage);
    expect(after!.dueAt).toBe(before!.dueAt);
    clock.set(later(clock.now(), 3_600_000));
    expect((await dispatcher.drain()).claimed).toBe(0);
    expect(sends).toHaveLength(1);
  });

  it("gives the channel the rendered notice and the petitioner's address, never for staff notices", async () => {
    const { store, clock, engine } = await petitionWithNotices();
    clock.set(await overdueTicks(engine, 1));
    const { channel, seen } = keeper();
    await createDispatcher({ store, clock, channels: [channel] }).drain();
    expect(seen.map((n) => n.kind)).toEqual(["acceptanceNotice", "supervision"]);
    const [notice, supervision] = seen;
    expect(notice!.recipient).toEqual({ role: "petitioner", org: "org-x" });
    expect(notice!.petition.contacts).toEqual([{ name: "张三", email: "zhangsan@example.cn" }]);
    expect(notice!.message.subject).toBe("【受理告知】您的信访事项 P-1 已受理");
    expect(supervision!.recipient).toEqual({ role: "agency", org: "org-x" });
    expect(supervision!.petition.contacts).toEqual([]);
    expect(supervision!.petition.title).toBe("小区供暖不达标");
    expect(supervision!.message.subject).toMatch(
      /^【督办单·一级督办】信访事项 P-1 办理已超期 1 天/,
    );
  });

  it("retries a retryable failure after an exponential, jittered delay, keeping the error", async () => {
    const { store, clock } = await petitionWithNotices();
    let fail = 2;
    const { channel, sends } = recorder([{ id: "a" }], () => (fail-- > 0 ? "retry" : "ok"));
    const dispatcher = createDispatcher({
      store,
      clock,
      channels: [channel],
      backoff: { baseMs: 10_000, maxMs: 3_600_000 },
      random: () => 0.5,
    });
    const first = await dispatcher.drain();
    expect(first.outcomes[0]).toMatchObject({ status: "retrying", error: "a: HTTP 503" });
    // Attempt 1: half of 10 s plus half of the random half: 7.5 s.
    expect(first.outcomes[0]!.retryAt).toBe(later(clock.now(), 7_500));
    clock.set(later(clock.now(), 7_499));
    expect((await dispatcher.drain()).claimed).toBe(0);
    clock.set(later(clock.now(), 1));
    const second = await dispatcher.drain();
    // Attempt 2 doubles: 15 s.
    expect(second.outcomes[0]!.retryAt).toBe(later(clock.now(), 15_000));
    clock.set(later(clock.now(), 15_000));
    const third = await dispatcher.drain();
    expect(third.outcomes.map((o) => [o.status, o.attempt])).toEqual([["delivered", 3]]);
    expect(sends.map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(new Set(sends.map((s) => s.id)).size).toBe(1);
  });

  it("waits as long as the receiver asks (Retry-After) when that is longer than the backoff", async () => {
    const { store, clock } = await petitionWithNotices();
    const { channel } = recorder([{ id: "a" }], () => ({ retryAfterMs: 120_000 }));
    const dispatcher = createDispatcher({ store, clock, channels: [channel] });
    const { outcomes } = await dispatcher.drain();
    expect(outcomes[0]!.retryAt).toBe(later(clock.now(), 120_000));
  });

  it("dead-letters after maxAttempts with one NotificationFailed; a re-drive delivers it", async () => {
    const { store, clock } = await petitionWithNotices();
    let up = false;
    const { channel, sends } = recorder([{ id: "a" }], () => (up ? "ok" : "retry"));
    const dispatcher = createDispatcher({
      store,
      clock,
      channels: [channel],
      maxAttempts: 3,
      backoff: { baseMs: 1_000, maxMs: 1_000 },
    });
    for (let i = 0; i < 3; i++) {
      await dispatcher.drain();
      clock.set(later(clock.now(), 1_000));
    }
    expect(sends).toHaveLength(3);
    const dead = await dispatcher.listDeadLetters();
    expect(dead.map((d) => [d.key, d.lastError])).toEqual([
      ["petition-P-1:3:hooks", "a: HTTP 503"],
    ]);
    expect((await dispatcher.drain()).claimed).toBe(0);
    const failed = notificationEvents(await store.readStream("petition-P-1"));
    expect(failed.map((e) => [e.type, e.data.attempt, e.data.deadLettered])).toEqual([
      ["NotificationFailed", 3, true],
    ]);
    up = true;
    await dispatcher.redrive(dead[0]!.id);
    const redriven = await dispatcher.drain();
    expect(redriven.outcomes.map((o) => [o.status, o.attempt])).toEqual([["delivered", 1]]);
    expect(await dispatcher.listDeadLetters()).toEqual([]);
  });

  it("dead-letters a permanent failure at once", async () => {
    const { store, clock } = await petitionWithNotices();
    const { channel, sends } = recorder([{ id: "a" }], () => "permanent");
    const dispatcher = createDispatcher({ store, clock, channels: [channel] });
    const { outcomes } = await dispatcher.drain();
    expect(outcomes.map((o) => [o.status, o.attempt, o.error])).toEqual([
      ["deadLettered", 1, "a: HTTP 400 bad request"],
    ]);
    expect(sends).toHaveLength(1);
    // Re-driven and refused again: the log has a second record, not a swallowed repeat.
    await dispatcher.redrive(outcomes[0]!.id);
    expect((await dispatcher.drain()).outcomes.map((o) => [o.status, o.attempt])).toEqual([
      ["deadLettered", 1],
    ]);
    const failed = notificationEvents(await store.readStream("petition-P-1"));
    expect(failed.map((e) => [e.type, e.data.attempt])).toEqual([
      ["NotificationFailed", 1],
      ["NotificationFailed", 1],
    ]);
  });

  it("with two targets, retries only the one that failed: each gets the row exactly once", async () => {
    const { store, clock } = await petitionWithNotices();
    let bDown = true;
    const { channel, sends } = recorder([{ id: "a" }, { id: "b" }], (_n, t) =>
      t === "b" && bDown ? "retry" : "ok",
    );
    const dispatcher = createDispatcher({ store, clock, channels: [channel] });
    expect((await dispatcher.drain()).outcomes[0]).toMatchObject({
      status: "retrying",
      deliveredTo: ["a"],
    });
    bDown = false;
    clock.set(later(clock.now(), 60_000));
    expect((await dispatcher.drain()).outcomes[0]).toMatchObject({
      status: "delivered",
      deliveredTo: ["b"],
    });
    expect(sends.map((s) => [s.target, s.attempt])).toEqual([
      ["a", 1],
      ["b", 1],
      ["b", 2],
    ]);
  });

  it("a process that died after recording a delivery, before acking, does not send it again", async () => {
    const { store, clock } = await petitionWithNotices();
    const { channel, sends } = recorder([{ id: "a" }], () => "ok");
    // The first ack never happens: the process "dies" there.
    let dies = true;
    const dying: EventStore = Object.create(store, {
      ackOutbox: {
        value: async (id: string) => {
          if (dies) {
            dies = false;
            throw new Error("killed");
          }
          return store.ackOutbox(id);
        },
      },
    });
    const leaseMs = 30_000;
    await expect(
      createDispatcher({ store: dying, clock, channels: [channel], leaseMs }).drain(),
    ).rejects.toThrow("killed");
    clock.set(later(clock.now(), leaseMs + 1));
    const restarted = createDispatcher({ store, clock, channels: [channel], leaseMs });
    const { outcomes } = await restarted.drain();
    expect(outcomes.map((o) => [o.status, o.attempt, o.deliveredTo])).toEqual([
      ["delivered", 2, []],
    ]);
    expect(sends).toHaveLength(1);
    expect(notificationEvents(await store.readStream("petition-P-1"))).toHaveLength(1);
  });

  it("keeps a target's rate limit, waiting between sends", async () => {
    const { store, clock, engine } = await petitionWithNotices();
    // Three more rows: supervisions of the handling stage, levels 1 to 3.
    clock.set(await overdueTicks(engine, 3));
    const { timer, slept } = fakeTimer();
    const { channel, sends } = recorder(
      [{ id: "robot", rateLimits: [{ limit: 2, perMs: 60_000 }] }],
      () => "ok",
    );
    const dispatcher = createDispatcher({ store, clock, channels: [channel], timer });
    const summary = await dispatcher.drain();
    expect(summary.delivered).toBe(4);
    expect(sends).toHaveLength(4);
    // Two at once, then the window of the first two ends and the next two go.
    expect(slept).toEqual([60_000]);
  });

  it("hands a row back when its rate-limit wait would outlast the claim", async () => {
    const { store, clock, engine } = await petitionWithNotices();
    clock.set(await overdueTicks(engine, 1));
    const { timer } = fakeTimer();
    const { channel } = recorder(
      [{ id: "robot", rateLimits: [{ limit: 1, perMs: 60_000 }] }],
      () => "ok",
    );
    const dispatcher = createDispatcher({
      store,
      clock,
      channels: [channel],
      timer,
      leaseMs: 10_000,
    });
    const { outcomes } = await dispatcher.drain();
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "retrying"]);
    expect(outcomes[1]!.retryAt).toBe(later(clock.now(), 60_000));
  });

  it("dead-letters a row for a channel nobody configured, and settles one with no target", async () => {
    const { store, clock } = await petitionWithNotices();
    const dispatcher = createDispatcher({ store, clock, channels: [] });
    const { outcomes } = await dispatcher.drain();
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ["deadLettered", 'no channel named "hooks" is configured'],
    ]);
    const dead = await dispatcher.listDeadLetters();
    await dispatcher.redrive(dead[0]!.id);
    const { channel, sends } = recorder([], () => "ok");
    const nobody = createDispatcher({ store, clock, channels: [channel] });
    expect((await nobody.drain()).outcomes.map((o) => o.status)).toEqual(["skipped"]);
    expect(sends).toEqual([]);
    expect((await nobody.drain()).claimed).toBe(0);
  });

  it("names the petitioner only with the keys of protected personal data; never ciphertext or an erased value", async () => {
    const { store, clock } = setup("2024-03-01T09:00:00+08:00");
    const keys = new MemoryPersonalDataKeys();
    const plain: NewEvent = {
      type: "PetitionRegistered",
      occurredAt: clock.now(),
      actor: { id: "clerk-1", role: "intake", org: "bureau" },
      data: {
        petitionId: "P-9",
        channel: "letter",
        anonymous: false,
        petitioners: [{ id: "p-9", name: "王小明", phone: "13800000000", email: "w@example.cn" }],
        title: "噪音扰民",
        content: "夜间施工。",
        category: "claim",
        receivedAt: clock.now(),
        registeredBy: "bureau",
        routingDueAt: "2024-03-18T23:59:59+08:00",
      },
    };
    const registered = await protectPersonalData(plain, keys);
    expect(JSON.stringify(registered)).not.toMatch(/王小明|w@example/);
    const notice = (key: string) => ({
      key,
      channel: "hooks",
      payload: {
        kind: "acceptanceNotice",
        petitionId: "P-9",
        eventType: "PetitionAccepted",
        recipient: { role: "petitioner", petitionId: "P-9" },
        data: { org: "org-x", handlingDueAt: "2024-05-06T23:59:59+08:00" },
      },
    });
    await store.append("petition-P-9", [registered], {
      expectedVersion: "noStream",
      outbox: [notice("n-1"), notice("n-2"), notice("n-3")],
    });
    const { channel, seen } = keeper();
    const withKeys = createDispatcher({
      store,
      clock,
      channels: [channel],
      personalDataKeys: keys,
      batchSize: 1,
    });
    await createDispatcher({ store, clock, channels: [channel], batchSize: 1 }).dispatchOnce();
    // Without the keys: no ciphertext in the salutation, the e-mail or the phone.
    expect(seen[0]!.petition.contacts).toEqual([{}]);
    expect(seen[0]!.message.text).toContain("信访人：");
    await withKeys.dispatchOnce();
    expect(seen[1]!.petition.contacts).toEqual([
      { name: "王小明", email: "w@example.cn", phone: "13800000000" },
    ]);
    expect(seen[1]!.message.text).toContain("王小明：");
    // Erased: the key is gone, and so is the name.
    for (const subject of subjectsOf(registered)) await keys.destroyKey(subject);
    await withKeys.dispatchOnce();
    expect(seen[2]!.petition.contacts).toEqual([{}]);
  });

  it("refuses options that cannot work, naming the field", () => {
    const { store, clock } = setup();
    const channel = recorder([], () => "ok").channel;
    expect(() => createDispatcher({ store, clock, channels: [channel, channel] })).toThrow(
      'notification config: channels: two channels are named "hooks"',
    );
    expect(() => createDispatcher({ store, clock, channels: [], maxAttempts: 0 })).toThrow(
      "maxAttempts: must be an integer ≥ 1; got 0",
    );
  });
});
