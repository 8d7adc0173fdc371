import { createDispatcher } from "@petitio/core";
import { openStore } from "./petitions.testkit.js";
import { signedWebhook } from "./signed-json.js";
import { createWebhookChannel } from "./webhook-channel.js";

/**
 * A dispatcher process for the SIGKILL test: `node dispatch-worker.mjs <store>
 * <url> <secret> <leaseMs>` delivers the store's outbox (`sqlite:<file>` or
 * `postgres:<url>#<schema>`) to the URL until it is killed, printing one JSON
 * line per settled row.
 */
const [spec, url, secret, lease] = process.argv.slice(2);
if (!spec || !url || !secret || !lease) {
  throw new Error("usage: dispatch-worker <store> <url> <secret> <leaseMs>");
}
const clock = { now: () => new Date().toISOString() };
const store = await openStore(spec);
const dispatcher = createDispatcher({
  store,
  clock,
  channels: [
    createWebhookChannel({
      endpoints: [{ id: "hub", ...signedWebhook({ url, secret }) }],
      timeoutMs: 5_000,
    }),
  ],
  leaseMs: Number(lease),
  backoff: { baseMs: 50, maxMs: 200 },
  onOutcome: (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
});
dispatcher.start({
  intervalMs: 25,
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});
process.stdout.write("ready\n");
