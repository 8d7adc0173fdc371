import type { EventEnvelope, NewEvent } from "@petitio/core";
import pg from "pg";
import { expect, it } from "vitest";
import { describePg, useTestDatabase } from "./test-support.js";

// Operational guards: a transaction left open on the head row, and named
// subscriptions shared by two processes through their lease.

const note = (text: string): NewEvent => ({
  type: "MediationRecorded",
  data: { outcome: "noAgreement", note: text },
  occurredAt: "2024-03-01T10:00:00+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
});

const eventually = async (check: () => boolean | Promise<boolean>, what: string) => {
  const until = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describePg("operations", () => {
  const db = useTestDatabase(import.meta.url);

  it("a session left idle in a transaction on the head row: appends fail typed, are reported, and resume once the server ends it", async () => {
    const warnings: string[] = [];
    const store = await db.openStore({
      lockTimeoutMs: 300,
      slowLockWarningMs: 100,
      onWarning: (m) => void warnings.push(m),
    });
    await store.append("s-1", [note("before")], { expectedVersion: "noStream" });

    const stray = new pg.Client({ connectionString: db.url() });
    await stray.connect();
    stray.on("error", () => {});
    await stray.query("SET idle_in_transaction_session_timeout = '1500ms'");
    await stray.query(`BEGIN; SELECT position FROM ${store.schema}.head WHERE id = 1 FOR UPDATE`);

    const blocked = await store
      .append("s-1", [note("blocked")], { expectedVersion: 1 })
      .catch((e: unknown) => e);
    expect(blocked).toMatchObject({ code: "STORE_BUSY", retryable: true, lockTimeoutMs: 300 });
    expect(await store.streamVersion("s-1")).toBe(1);
    const oldest = await store.oldestTransaction();
    expect(oldest.idleInTransaction).toBeGreaterThanOrEqual(1);
    expect(oldest.ageMs).toBeGreaterThan(200);
    expect(store.stats().slowHeadLocks).toBeGreaterThanOrEqual(1);
    expect(warnings.some((w) => w.includes("head row"))).toBe(true);

    // The server ends the idle session; the head row is free again.
    await eventually(
      async () =>
        (await store
          .append("s-1", [note("after")], { expectedVersion: 1 })
          .then(() => true)
          .catch(() => false)) === true,
      "the append after the idle session ended",
    );
    expect((await store.readStream("s-1")).map((e) => e.data.note)).toEqual(["before", "after"]);
    await stray.end().catch(() => undefined);
    await store.close();
  }, 120_000);

  it("a named subscription runs in one process at a time; the standby takes over from the checkpoint", async () => {
    const first = await db.openStore({ subscriptionLeaseMs: 600, pollIntervalMs: 50 });
    const second = await db.openStore({
      schema: first.schema,
      subscriptionLeaseMs: 600,
      pollIntervalMs: 50,
    });
    for (let i = 0; i < 5; i++) {
      await first.append(`s-${i}`, [note(`n${i}`)], { expectedVersion: "noStream" });
    }
    const byFirst: EventEnvelope[] = [];
    const bySecond: EventEnvelope[] = [];
    const a = first.subscribe({ checkpoint: "shared", handler: (e) => void byFirst.push(e) });
    await a.caughtUp();
    const b = second.subscribe({ checkpoint: "shared", handler: (e) => void bySecond.push(e) });
    for (let i = 5; i < 10; i++) {
      await second.append(`s-${i}`, [note(`n${i}`)], { expectedVersion: "noStream" });
    }
    await eventually(() => byFirst.length === 10, "the owner to handle the new events");
    // Well past a lease period: the standby handled nothing while the owner renewed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(bySecond).toEqual([]);

    await a.stop();
    for (let i = 10; i < 13; i++) {
      await first.append(`s-${i}`, [note(`n${i}`)], { expectedVersion: "noStream" });
    }
    await b.caughtUp();
    await eventually(() => bySecond.length === 3, "the standby to take over");
    expect(byFirst.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bySecond.map((e) => e.position)).toEqual([11, 12, 13]);
    expect(await second.readCheckpoint("shared")).toBe(13);
    await b.stop();
    await first.close();
    await second.close();
  }, 120_000);
  it("a subscriber whose LISTEN connection is killed keeps receiving: polling covers the gap, the listener reconnects", async () => {
    const writer = await db.openStore();
    const reader = await db.openStore({ schema: writer.schema, pollIntervalMs: 200 });
    const seen: number[] = [];
    const sub = reader.subscribe({ handler: (e) => void seen.push(e.position) });
    await writer.append("s-0", [note("first")], { expectedVersion: "noStream" });
    await eventually(() => seen.length === 1, "the first event");

    const admin = new pg.Client({ connectionString: db.url() });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    expect(killed.rowCount).toBeGreaterThanOrEqual(1);
    for (let i = 1; i <= 5; i++) {
      await writer.append(`s-${i}`, [note(`n${i}`)], { expectedVersion: "noStream" });
    }
    await eventually(() => seen.length === 6, "the events appended while the listener was down");
    await eventually(() => reader.stats().listenerReconnects >= 1, "the listener to reconnect");
    // Listening again (or polling): the next append arrives once.
    await writer.append("s-6", [note("last")], { expectedVersion: "noStream" });
    await eventually(() => seen.length === 7, "the last event");
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await sub.stop();
    await admin.end();
    await writer.close();
    await reader.close();
  }, 120_000);
});
