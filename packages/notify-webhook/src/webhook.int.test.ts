import { createDispatcher, type EventStore, type RowOutcome } from "@petitio/core";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  type FlakyReceiver,
  type Misbehaviour,
  startFlakyReceiver,
} from "./flaky-receiver.testkit.js";
import {
  acceptedPetitions,
  eventually,
  storeKinds,
  tempDir,
  wallClock,
} from "./petitions.testkit.js";
import { signedWebhook } from "./signed-json.js";
import { createWebhookChannel } from "./webhook-channel.js";

/**
 * Real peers: a SQLite file written by the engine, the dispatcher, and an
 * HTTP receiver on 127.0.0.1 that checks every signature and misbehaves on
 * purpose. Whatever the receiver does for a while, in the end it has taken
 * every notice exactly once, and the log records each delivery once.
 */

const secret = "whsec-integration";
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const dispatcherFor = (store: EventStore, url: string, outcomes: RowOutcome[]) =>
  createDispatcher({
    store,
    clock: wallClock,
    channels: [
      createWebhookChannel({
        endpoints: [{ id: "city-hub", ...signedWebhook({ url, secret }) }],
        timeoutMs: 400,
      }),
    ],
    backoff: { baseMs: 50, maxMs: 400 },
    maxAttempts: 30,
    onOutcome: (o) => outcomes.push(o),
  });

/** Every notice taken once, every request signed, one id ↔ one delivery key, one record each. */
const expectExactlyOnce = async (store: EventStore, receiver: FlakyReceiver, ids: string[]) => {
  const { received, refused } = receiver.handler;
  expect(refused).toEqual([]);
  const taken = received.filter((r) => !r.duplicate);
  expect(taken.map((r) => r.body.petitionId).sort()).toEqual(ids);
  expect(new Set(taken.map((r) => r.idempotencyKey)).size).toBe(ids.length);
  // A repeat carries the id of the row it repeats, and the same delivery key.
  const keyOf = new Map(taken.map((r) => [r.idempotencyKey, r.body.key]));
  for (const r of received) expect(r.body.key).toBe(keyOf.get(r.idempotencyKey));
  for (const id of ids) {
    const events = await store.readStream(`petition-${id}`);
    const delivered = events.filter((e) => e.type === "NotificationDelivered");
    expect(delivered.map((e) => [e.data.channel, e.data.target])).toEqual([
      ["webhook", "city-hub"],
    ]);
    expect(events.filter((e) => e.type === "NotificationFailed")).toEqual([]);
  }
  expect(await store.listDeadLetters()).toEqual([]);
};

const kinds = storeKinds(tmp.dir, inject("pgAdminUrl"));
if (inject("pgMissing")) console.warn(`PostgreSQL runs skipped: ${inject("pgMissing")}`);

describe.each(kinds)("webhook delivery against a misbehaving receiver, on $kind", ({ spec }) => {
  it("500s, hung answers, reset connections and trickling bodies: each notice is taken exactly once", async () => {
    const { store, ids } = await acceptedPetitions(spec(), 8);
    const modes: Misbehaviour[] = ["500", "hang", "reset", "slow"];
    let request = 0;
    // The first two arrivals of every row misbehave, each row in its own way.
    const receiver = await startFlakyReceiver(secret, (_key, arrival) =>
      arrival <= 2 ? modes[request++ % modes.length]! : "ok",
    );
    const outcomes: RowOutcome[] = [];
    const dispatcher = dispatcherFor(store, receiver.url, outcomes);
    try {
      dispatcher.start({ intervalMs: 25 });
      await eventually(
        () => outcomes.filter((o) => o.status === "delivered").length === ids.length,
        60_000,
      );
      await dispatcher.stop();
      const seen = new Set(receiver.log.map((l) => l.mode));
      expect([...seen].sort()).toEqual(["500", "hang", "ok", "reset", "slow"]);
      const errors = outcomes.flatMap((o) => (o.error ? [o.error] : []));
      expect(errors.some((e) => e.includes("answered HTTP 500"))).toBe(true);
      expect(errors.some((e) => e.includes("did not answer within 400 ms"))).toBe(true);
      // Errors name the origin only: a robot's URL path or query holds its credential.
      expect(errors.filter((e) => e.includes("/hooks/petitio"))).toEqual([]);
      await expectExactlyOnce(store, receiver, ids);
      // The "slow" rows were taken on their first arrival: their repeats were dropped.
      expect(receiver.handler.received.filter((r) => r.duplicate).length).toBeGreaterThan(0);
    } finally {
      await dispatcher.stop();
      await receiver.close();
      await store.close();
    }
  }, 90_000);

  it("with the receiver down for a while, every notice arrives exactly once after it is back", async () => {
    const { store, ids } = await acceptedPetitions(spec(), 6);
    const receiver = await startFlakyReceiver(secret, () => "ok");
    await receiver.down();
    const outcomes: RowOutcome[] = [];
    const dispatcher = dispatcherFor(store, receiver.url, outcomes);
    try {
      dispatcher.start({ intervalMs: 25 });
      // Down long enough for every row to fail more than once.
      await eventually(
        () => outcomes.filter((o) => o.status === "retrying").length >= 2 * ids.length,
        30_000,
      );
      expect(outcomes.every((o) => o.status === "retrying")).toBe(true);
      expect(outcomes[0]!.error).toMatch(/city-hub: .*ECONNREFUSED/);
      expect(receiver.log).toEqual([]);
      await receiver.up();
      await eventually(() => receiver.handler.received.length === ids.length, 30_000);
      // Nothing more arrives once every row is acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dispatcher.stop();
      expect(receiver.handler.received.filter((r) => r.duplicate)).toEqual([]);
      await expectExactlyOnce(store, receiver, ids);
      expect(
        await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 10, leaseMs: 1 }),
      ).toEqual([]);
    } finally {
      await dispatcher.stop();
      await receiver.close();
      await store.close();
    }
  }, 90_000);
});
