import { type Clock, createDispatcher, type EventStore } from "@petitio/core";

/**
 * Where the demo's notices go: a webhook receiver the demo starts on
 * 127.0.0.1, reached through the real dispatcher and the signed-webhook
 * channel. The receiver checks every signature and counts each notice once
 * (by its idempotency key), so the summary can say what arrived.
 */

export interface DemoNotices {
  /** The receiver's address. */
  url: string;
  /** Notices the receiver took, each once, by kind. */
  byKind: Record<string, number>;
  delivered: number;
  /** Requests the receiver got again under a key it had seen (dropped). */
  repeats: number;
  deadLettered: number;
}

export interface DemoNoticeRun {
  /** Outbox channels for the engine. */
  channels: readonly string[];
  /** Deliver what is due at the clock's now. */
  deliver(): Promise<void>;
  /** Deliver the rest, stop the receiver, and say what it took. */
  finish(): Promise<DemoNotices>;
  /** Stop the receiver (also after a failure). */
  close(): Promise<void>;
}

const KIND_LABELS: Record<string, string> = {
  acceptanceNotice: "受理告知",
  notAcceptedNotice: "不予受理告知",
  extensionNotice: "延期告知",
  reply: "处理意见",
  decision: "复查/复核意见",
  reminder: "催办",
  supervision: "督办",
};

/** One line for the demo's summary: where the notices went. */
export const describeNotices = (n: DemoNotices): string =>
  `${n.delivered} notices delivered as signed webhooks to the local receiver ${n.url} (` +
  Object.entries(n.byKind)
    .map(([kind, count]) => `${count} ${KIND_LABELS[kind] ?? kind}`)
    .join(", ") +
  `); each taken once (${n.repeats} repeats dropped, ${n.deadLettered} dead letters), ` +
  "each recorded in the log as NotificationDelivered.";

export async function startDemoNotices(store: EventStore, clock: Clock): Promise<DemoNoticeRun> {
  const hooks = await import("@petitio/notify-webhook");
  const secret = "petitio-demo-secret";
  const receiver = await hooks.startWebhookReceiver({ secret });
  let deadLettered = 0;
  const dispatcher = createDispatcher({
    store,
    // The demo's simulated clock: delivery records fit each petition's timeline.
    clock,
    channels: [
      hooks.createWebhookChannel({
        endpoints: [{ id: "demo-receiver", ...hooks.signedWebhook({ url: receiver.url, secret }) }],
      }),
    ],
    onOutcome: (o) => {
      if (o.status === "deadLettered") deadLettered++;
    },
  });
  let open = true;
  const close = async () => {
    if (open) await receiver.close();
    open = false;
  };
  return {
    channels: ["webhook"],
    close,
    deliver: async () => {
      await dispatcher.drain();
    },
    async finish() {
      await dispatcher.drain();
      await close();
      const byKind: Record<string, number> = {};
      const taken = receiver.received.filter((r) => !r.duplicate);
      for (const r of taken) byKind[String(r.body.kind)] = (byKind[String(r.body.kind)] ?? 0) + 1;
      return {
        url: receiver.url,
        byKind,
        delivered: taken.length,
        repeats: receiver.received.length - taken.length,
        deadLettered,
      };
    },
  };
}
