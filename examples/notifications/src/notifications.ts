import { createDispatcher, createEngine, nationalPolicy } from "@petitio/core";
import { createWebhookChannel, signedWebhook, startWebhookReceiver } from "@petitio/notify-webhook";
import { openSqliteStore } from "@petitio/sqlite";

/**
 * Notices from the log to a receiver: the engine writes outbox rows in the
 * same transaction as the events (an acceptance notice for the petitioner, a
 * 催办 and a 督办 for the bureau), the dispatcher delivers them as signed
 * JSON webhooks, and a receiver on 127.0.0.1 checks each signature and drops
 * repeats by their idempotency key.
 */
export async function notificationsExample(dbFile: string): Promise<string[]> {
  const lines: string[] = [];
  const secret = "example-shared-secret";
  // The receiver: in production, your system's endpoint calling verifyWebhook().
  const receiver = await startWebhookReceiver({
    secret,
    onNotification: ({ idempotencyKey, body }) => {
      const message = body.message as { subject: string };
      lines.push(`receiver got #${idempotencyKey}: ${message.subject}`);
    },
  });

  // One simulated clock for the engine and the dispatcher: business time.
  let now = "2024-09-23T09:00:00+08:00";
  const clock = { now: () => now };
  const store = openSqliteStore(dbFile, { clock });
  const engine = createEngine({ store, clock, policy: nationalPolicy, channels: ["webhook"] });
  const dispatcher = createDispatcher({
    store,
    clock,
    channels: [
      createWebhookChannel({
        endpoints: [
          // Per-org routing: this endpoint takes the housing bureau's notices only.
          {
            id: "housing-system",
            route: { orgs: ["housing-bureau"] },
            ...signedWebhook({ url: receiver.url, secret }),
          },
        ],
      }),
    ],
    orgName: (org) => (org === "housing-bureau" ? "市住房和城乡建设局" : org),
  });
  const intake = { id: "clerk-1", role: "intake", org: "city-bureau" } as const;
  const agency = { id: "officer-7", role: "agency", org: "housing-bureau" } as const;

  try {
    await engine.execute({
      type: "register",
      petitionId: "2024-0001",
      actor: intake,
      channel: "online",
      petitioners: [{ id: "citizen-42", name: "李四" }],
      title: "老旧小区加装电梯进度缓慢",
      content: "我们小区去年已签字同意加装电梯，至今未开工，希望尽快推进。",
      category: "claim",
    });
    now = "2024-09-24T10:00:00+08:00";
    await engine.execute({
      type: "route",
      petitionId: "2024-0001",
      actor: intake,
      toOrg: "housing-bureau",
    });
    now = "2024-10-08T10:00:00+08:00";
    await engine.execute({ type: "accept", petitionId: "2024-0001", actor: agency });
    // Three days before the handling limit (9 Dec) a 催办; the day after it a 督办.
    await engine.tick("2024-12-06T08:00:00+08:00");
    await engine.tick("2024-12-10T08:00:00+08:00");
    now = "2024-12-10T08:05:00+08:00";

    const before = (await engine.load("2024-0001"))!.status;
    const summary = await dispatcher.drain();
    lines.push(`dispatcher: ${summary.claimed} claimed, ${summary.delivered} delivered`);
    // A second run finds nothing: each row was acknowledged once and acked.
    const again = await dispatcher.drain();
    lines.push(`second run: ${again.claimed} claimed`);
    const recorded = (await store.readStream("petition-2024-0001")).filter(
      (e) => e.type === "NotificationDelivered",
    );
    // Delivery records are bookkeeping: the petition's status does not move.
    const after = (await engine.load("2024-0001"))!.status;
    lines.push(`log: ${recorded.length} NotificationDelivered; status ${before} → ${after}`);
  } finally {
    await store.close();
    await receiver.close();
  }
  return lines;
}
