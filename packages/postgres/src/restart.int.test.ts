import { createEngine, type EventEnvelope, nationalPolicy } from "@petitio/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "../../../scripts/postgres/server.js";
import { StoreUnavailableError } from "./errors.js";
import { openPostgresStore, type PostgresEventStore } from "./postgres-store.js";
import { describePg } from "./test-support.js";

// The server crashes mid-run (pg_ctl stop -m immediate) and stays down for
// two seconds while commands keep coming. This file starts its own server:
// restarting the shared one would disturb the other test files.

describePg("server restart mid-run", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres({ install: false });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  }, 120_000);

  it("reconnects with backoff; in-flight commands get a typed retryable error; nothing acknowledged is lost; no notice is issued twice", async () => {
    const clock = { now: () => "2024-09-23T09:00:00+08:00" };
    const options = {
      connectionString: server.url,
      schema: "restart",
      clock,
      pollIntervalMs: 100,
      reconnect: { initialDelayMs: 20, maxDelayMs: 300, giveUpAfterMs: 800 },
    };
    const store = await openPostgresStore(options);
    const follower = await openPostgresStore(options);
    const engine = createEngine({ store, policy: nationalPolicy, clock });

    const delivered: EventEnvelope[] = [];
    const sub = follower.subscribe({ checkpoint: "audit", handler: (e) => void delivered.push(e) });

    const failures: StoreUnavailableError[] = [];
    const acknowledged = new Set<string>();
    let restarted = false;
    /** Run a command until it is acknowledged, retrying typed retryable errors with the same key. */
    const untilAcknowledged = async <T>(run: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await run();
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          expect(error.retryable).toBe(true);
          expect(error.code).toBe("STORE_UNAVAILABLE");
          failures.push(error);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const register = (id: string) =>
      untilAcknowledged(() =>
        engine.execute({
          type: "register",
          petitionId: id,
          idempotencyKey: `register-${id}`,
          actor: { id: "clerk-1", role: "intake", org: "city-bureau" },
          channel: "hotline",
          petitioners: [{ id: `citizen-${id}`, name: "赵六" }],
          title: "供暖不热",
          content: "家中暖气温度过低，请求检修。",
          category: "claim",
          topic: "供暖",
        }),
      ).then((result) => {
        acknowledged.add(id);
        return result;
      });

    const clients = 8;
    const perClient = 30;
    const crash = (async () => {
      // Crash once a good part of the run is acknowledged, stay down, come back.
      while (acknowledged.size < 60) await new Promise((r) => setTimeout(r, 5));
      await server.stopOnly("immediate");
      await new Promise((r) => setTimeout(r, 2000));
      await server.startAgain();
      restarted = true;
    })();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < perClient; i++) await register(`${c}-${i}`);
      }),
    );
    await crash;
    expect(restarted).toBe(true);
    // The crash hit commands in flight, and commands sent while the server was down.
    expect(failures.length).toBeGreaterThan(0);
    expect(store.stats().reconnects).toBeGreaterThan(0);

    // Reminders from two ticks racing each other, the second retried after errors.
    const ticks = await Promise.all([
      untilAcknowledged(() => engine.tick("2024-10-07T08:00:00+08:00")),
      untilAcknowledged(() => engine.tick("2024-10-07T08:00:00+08:00")),
    ]);
    const total = clients * perClient;
    expect(ticks[0]!.reminders.length + ticks[1]!.reminders.length).toBe(total);

    await sub.caughtUp();
    await sub.stop();
    await store.close();
    await follower.close();

    // A fresh process view: every acknowledged registration is there, once.
    const check: PostgresEventStore = await openPostgresStore(options);
    const registered = new Map<string, number>();
    const reminders = new Map<string, number>();
    const log: EventEnvelope[] = [];
    for await (const e of check.readAll()) {
      log.push(e);
      const counter =
        e.type === "PetitionRegistered"
          ? registered
          : e.type === "ReminderIssued"
            ? reminders
            : undefined;
      counter?.set(e.streamId, (counter.get(e.streamId) ?? 0) + 1);
    }
    expect(acknowledged.size).toBe(total);
    for (const id of acknowledged) expect(registered.get(`petition-${id}`)).toBe(1);
    expect(registered.size).toBe(total);
    expect([...reminders.values()].every((n) => n === 1)).toBe(true);
    expect(reminders.size).toBe(total);
    // The follower's subscription rode through the restart: every event once, in order.
    expect(delivered.map((e) => e.position)).toEqual(log.map((e) => e.position));
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    await check.close();
  }, 180_000);
});
