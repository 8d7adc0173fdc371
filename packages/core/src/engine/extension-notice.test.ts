import { describe, expect, it } from "vitest";
import { foldStream } from "../lifecycle/evolve.js";
import type { NotificationChannel } from "../notify/channel.js";
import { createDispatcher } from "../notify/dispatcher.js";
import type { Notification } from "../notify/notification.js";
import { computeMetrics } from "../projections/metrics.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/**
 * W22 Art. 34: an extension is approved by the org's head "并告知信访人延期理由"
 * — the petitioner is told, as of an acceptance (Art. 23). The delivery
 * records the dispatcher appends are bookkeeping: they move no business time.
 */

const accepted = async (anonymous = false) => {
  const ctx = setup("2024-03-01T09:00:00+08:00", { channels: ["hooks"] });
  const c = commandsFor("P-1");
  await ctx.engine.execute(
    anonymous ? { ...c.register, anonymous: true, petitioners: [] } : c.register,
  );
  ctx.clock.set("2024-03-04T10:00:00+08:00");
  await ctx.engine.execute(c.route);
  ctx.clock.set("2024-03-05T10:00:00+08:00");
  await ctx.engine.execute(c.accept);
  return { ...ctx, c };
};

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

const claimAll = (ctx: Awaited<ReturnType<typeof accepted>>, now: string) =>
  ctx.store.claimOutbox({ now, limit: 50, leaseMs: 1 });

describe("extension notice to the petitioner (W22 Art. 34)", () => {
  it("HandlingExtended writes an extensionNotice row with the reason and the new due date, rendered by the dispatcher", async () => {
    const ctx = await accepted();
    ctx.clock.set("2024-04-20T10:00:00+08:00");
    const { events } = await ctx.engine.execute({ ...ctx.c.extend, reason: "需多部门会商" });
    const extended = events[0]!;
    const rows = (await claimAll(ctx, "2024-04-20T10:00:00+08:00")).filter(
      (r) => r.payload.eventType === "HandlingExtended",
    );
    expect(rows.map((r) => [r.key, r.payload.kind, r.payload.recipient])).toEqual([
      [
        `petition-P-1:${extended.version}:hooks`,
        "extensionNotice",
        { role: "petitioner", petitionId: "P-1" },
      ],
    ]);
    expect(rows[0]!.payload.data).toMatchObject({
      days: 30,
      reason: "需多部门会商",
      handlingDueAt: extended.data.handlingDueAt,
    });

    // The dispatcher knows the kind and renders the reason and the new due date.
    const { channel, seen } = keeper();
    ctx.clock.set("2024-04-20T10:05:00+08:00");
    await createDispatcher({ store: ctx.store, clock: ctx.clock, channels: [channel] }).drain();
    const notice = seen.find((n) => n.kind === "extensionNotice")!;
    expect(notice.recipient.role).toBe("petitioner");
    expect(notice.message.subject).toContain("延长 30 日");
    expect(notice.message.text).toContain("延期理由：需多部门会商");
    expect(notice.message.text).toContain("第三十四条");
  });

  it("an anonymous petition gets no extension notice (no one to tell)", async () => {
    const ctx = await accepted(true);
    ctx.clock.set("2024-04-20T10:00:00+08:00");
    await ctx.engine.execute(ctx.c.extend);
    const rows = await claimAll(ctx, "2024-04-20T10:00:00+08:00");
    expect(rows.filter((r) => r.payload.kind === "extensionNotice")).toEqual([]);
  });
});

describe("delivery records move no business time", () => {
  it("NotificationDelivered leaves lastOccurredAt, the stage and its due time as they were; a command dated before the delivery is still in order", async () => {
    const ctx = await accepted();
    const before = (await ctx.engine.load("P-1"))!;
    const { channel } = keeper();
    ctx.clock.set("2024-03-09T18:00:00+08:00");
    const summary = await createDispatcher({
      store: ctx.store,
      clock: ctx.clock,
      channels: [channel],
    }).drain();
    expect(summary.delivered).toBeGreaterThan(0);
    const stream = await ctx.store.readStream("petition-P-1");
    expect(stream.at(-1)!.type).toBe("NotificationDelivered");
    expect(stream.at(-1)!.occurredAt).toBe("2024-03-09T18:00:00+08:00");

    const after = (await ctx.engine.load("P-1"))!;
    expect(after.lastOccurredAt).toBe(before.lastOccurredAt);
    expect(after.lastOccurredAt).toBe("2024-03-05T10:00:00+08:00");
    expect([after.status, after.stage, after.dueAt]).toEqual([
      before.status,
      before.stage,
      before.dueAt,
    ]);
    expect(after.version).toBe(stream.at(-1)!.version);
    // The office's own time is what counts: a reply dated before the dispatcher ran is in order.
    const reply = await ctx.engine.execute({ ...ctx.c.reply, at: "2024-03-08T09:00:00+08:00" });
    expect(reply.events[0]!.occurredAt).toBe("2024-03-08T09:00:00+08:00");
    expect(reply.state.lastOccurredAt).toBe("2024-03-08T09:00:00+08:00");
  });

  it("a supervision issued by tick is dated at the tick, not at a later delivery record", async () => {
    const ctx = await accepted();
    const { channel } = keeper();
    // A delivery recorded late (the dispatcher ran after the due time).
    ctx.clock.set("2024-05-10T12:00:00+08:00");
    await createDispatcher({ store: ctx.store, clock: ctx.clock, channels: [channel] }).drain();
    const due = (await ctx.engine.load("P-1"))!.dueAt!;
    expect(due).toBe("2024-05-06T23:59:59+08:00");
    const { supervisions } = await ctx.engine.tick("2024-05-07T08:00:00+08:00");
    expect(supervisions.map((e) => [e.occurredAt, e.actor.id])).toEqual([
      ["2024-05-07T08:00:00+08:00", actors.system.id],
    ]);
  });

  it("a NotificationFailed record moves nothing either, and the metrics as of a date are the same with or without delivery records", async () => {
    const ctx = await accepted();
    const stream = await ctx.store.readStream("petition-P-1");
    const last = stream.at(-1)!;
    const failed = {
      ...last,
      version: last.version + 1,
      position: last.position + 1,
      type: "NotificationFailed",
      occurredAt: "2024-04-01T08:00:00+08:00",
      recordedAt: "2024-04-01T08:00:00+08:00",
      actor: { id: "dispatcher", role: "system" as const },
      data: { outboxId: "1", channel: "hooks", attempt: 8, error: "HTTP 400" },
    };
    const before = foldStream(stream)!;
    const after = foldStream([...stream, failed])!;
    expect({ ...after, version: before.version, position: before.position }).toEqual(before);
    const asOf = "2024-04-02T00:00:00+08:00";
    const withRecord = await computeMetrics([...stream, failed], { asOf });
    expect(withRecord.counts.open).toBe(1);
    expect(withRecord).toEqual(await computeMetrics(stream, { asOf }));
  });
});
