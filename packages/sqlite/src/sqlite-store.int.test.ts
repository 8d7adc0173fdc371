import { writeFileSync } from "node:fs";
import {
  ConcurrencyError,
  type EventEnvelope,
  StoreClosedError,
  ValidationError,
} from "@petitio/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotAPetitioStoreError, StoreBusyError } from "./errors.js";
import { openSqliteStore, type SqliteEventStore } from "./sqlite-store.js";
import { registered, steppingClock, tempDir, withdrawn } from "./test-support.js";

let tmp: ReturnType<typeof tempDir>;
const open: SqliteEventStore[] = [];
const openStore = (name = "store.db", options: Parameters<typeof openSqliteStore>[1] = {}) => {
  const store = openSqliteStore(tmp.file(name), { clock: steppingClock(), ...options });
  open.push(store);
  return store;
};

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  tmp.cleanup();
});

const collect = async (events: AsyncIterable<EventEnvelope>) => {
  const out: EventEnvelope[] = [];
  for await (const e of events) out.push(e);
  return out;
};

describe("SqliteEventStore: appends", () => {
  it("keeps what it acknowledged across a reopen, with gapless positions and versions", async () => {
    const store = openStore();
    await store.append("petition-1", [registered("1")], { expectedVersion: "noStream" });
    await store.append("petition-2", [registered("2")], { expectedVersion: "noStream" });
    const r = await store.append("petition-1", [withdrawn("a"), withdrawn("b")], {
      expectedVersion: 1,
    });
    expect(r).toMatchObject({ nextExpectedVersion: 3, lastPosition: 4, duplicate: false });
    const written = await collect(store.readAll());
    await store.close();

    const again = openStore();
    const read = await collect(again.readAll());
    expect(read).toEqual(written);
    expect(read.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect((await again.readStream("petition-1")).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(read[0]!.recordedAt).toBe("2024-03-01T09:00:00.000+08:00");
    expect(read[0]!.meta).toEqual({ correlationId: "c-1" });
    expect(await again.streamVersion("petition-1")).toBe(3);
    expect(await again.streamVersion("petition-9")).toBe(0);
    expect(await again.headPosition()).toBe(4);
  });

  it("rejects a stale expected version, changes nothing, and accepts the right one next", async () => {
    const store = openStore();
    await store.append("petition-1", [registered("1")], { expectedVersion: "noStream" });
    const error = await store
      .append("petition-1", [withdrawn("x")], { expectedVersion: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as ConcurrencyError).actualVersion).toBe(1);
    expect(await store.headPosition()).toBe(1);
    await expect(
      store.append("petition-1", [withdrawn("x")], { expectedVersion: 1 }),
    ).resolves.toMatchObject({ nextExpectedVersion: 2 });
    await expect(
      store.append("petition-1", [withdrawn("y")], { expectedVersion: "noStream" }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      store.append("petition-7", [withdrawn("y")], { expectedVersion: "exists" }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it("gives the loser of a two-connection race a ConcurrencyError", async () => {
    const a = openStore();
    const b = openStore();
    await a.append("petition-1", [registered("1")], { expectedVersion: 0 });
    const error = await b
      .append("petition-1", [registered("1")], { expectedVersion: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(await b.headPosition()).toBe(1);
  });

  it("returns the first result for a repeated idempotency key and appends nothing", async () => {
    const store = openStore();
    const first = await store.append("petition-1", [registered("1")], {
      expectedVersion: "noStream",
      idempotencyKey: "cmd-1",
    });
    const again = await store.append("petition-1", [withdrawn("other")], {
      expectedVersion: 5,
      idempotencyKey: "cmd-1",
    });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.headPosition()).toBe(1);
  });

  it("validates input and names the field", async () => {
    const store = openStore();
    const bad = { ...registered("1"), occurredAt: "yesterday" };
    const error = await store
      .append("petition-1", [bad], { expectedVersion: "any" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("events.0.occurredAt");
    expect(await store.headPosition()).toBe(0);
  });

  it("commits events, inline snapshots, outbox rows and timers together, or none of them", async () => {
    const store = openStore();
    const timer = {
      id: "petition-1:routing:reminder",
      streamId: "petition-1",
      fireAt: "2024-03-13T00:00:00+08:00",
      kind: "reminder",
      payload: { stage: "routing" },
    };
    await expect(
      store.append("petition-1", [registered("1")], {
        expectedVersion: "noStream",
        outbox: [{ key: "notice-1", channel: "console", payload: { to: "p" } }],
        timers: { set: [timer] },
        inline: () => {
          throw new Error("projection bug");
        },
      }),
    ).rejects.toThrow("projection bug");
    expect(await store.headPosition()).toBe(0);
    expect(await store.listTimers()).toEqual([]);
    expect(await store.claimOutbox({ now: "2030-01-01T00:00:00Z", limit: 10, leaseMs: 1 })).toEqual(
      [],
    );

    await store.append("petition-1", [registered("1")], {
      expectedVersion: "noStream",
      outbox: [{ key: "notice-1", channel: "console", payload: { to: "p" } }],
      timers: { set: [timer] },
      inline: (events) => [{ name: "count", version: 1, position: 1, state: { n: events.length } }],
    });
    await store.close();
    const again = openStore();
    expect(await again.loadProjection("count")).toEqual({
      name: "count",
      version: 1,
      position: 1,
      state: { n: 1 },
    });
    expect(await again.listTimers("petition-1")).toEqual([timer]);
    const [row] = await again.claimOutbox({
      now: "2030-01-01T00:00:00Z",
      limit: 10,
      leaseMs: 1000,
    });
    expect(row).toMatchObject({
      key: "notice-1",
      streamId: "petition-1",
      position: 1,
      attempts: 1,
    });
  });

  it("fails cleanly with StoreBusyError while another connection holds the write lock", async () => {
    const store = openStore("store.db", { busyTimeoutMs: 50 });
    const other = new Database(tmp.file("store.db"));
    other.exec("BEGIN IMMEDIATE");
    const error = await store
      .append("petition-1", [registered("1")], { expectedVersion: "any" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreBusyError);
    other.exec("ROLLBACK");
    other.close();
    await expect(
      store.append("petition-1", [registered("1")], { expectedVersion: "noStream" }),
    ).resolves.toMatchObject({ lastPosition: 1 });
  });

  it("rejects use after close", async () => {
    const store = openStore();
    await store.close();
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreClosedError);
  });
});

describe("SqliteEventStore: opening", () => {
  it("uses WAL and FULL by default, NORMAL on request", () => {
    const full = openStore("a.db");
    expect(full.synchronous).toBe("FULL");
    const normal = openStore("b.db", { synchronous: "NORMAL" });
    expect(normal.synchronous).toBe("NORMAL");
    const probe = new Database(tmp.file("a.db"), { readonly: true });
    expect(probe.pragma("journal_mode", { simple: true })).toBe("wal");
    probe.close();
  });

  it("rejects bad options with the field named", () => {
    const error = (() => {
      try {
        openSqliteStore(tmp.file("x.db"), { synchronous: "OFF" as "FULL" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("synchronous");
  });

  it("refuses a file that is not a SQLite database", () => {
    writeFileSync(tmp.file("junk.db"), "this is not a database, just text ".repeat(200));
    expect(() => openSqliteStore(tmp.file("junk.db"))).toThrow(NotAPetitioStoreError);
  });
});

describe("SqliteEventStore: reading", () => {
  it("streams readAll in batches from a position, and as of a moment across offsets", async () => {
    const store = openStore();
    for (let i = 1; i <= 25; i++) {
      await store.append(`petition-${i}`, [registered(String(i))], { expectedVersion: 0 });
    }
    const all = await collect(store.readAll({ batchSize: 4 }));
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const tail = await collect(store.readAll({ after: 20, batchSize: 3 }));
    expect(tail.map((e) => e.position)).toEqual([21, 22, 23, 24, 25]);
    // The clock stamps +08:00 one second apart from 09:00:00; 01:00:09Z is the 10th.
    const asOf = await collect(store.readAll({ asOf: "2024-03-01T01:00:09Z", batchSize: 4 }));
    expect(asOf.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const versions = await store.readStream("petition-3", { fromVersion: 1, toVersion: 1 });
    expect(versions).toHaveLength(1);
  });
});

describe("SqliteEventStore: outbox and timers", () => {
  it("leases outbox rows, retries failed ones later, and deletes acknowledged ones", async () => {
    const store = openStore();
    await store.append("petition-1", [registered("1")], {
      expectedVersion: 0,
      outbox: [
        { key: "k1", channel: "webhook", payload: { n: 1 } },
        { key: "k2", channel: "email", payload: { n: 2 } },
      ],
    });
    await store.append("petition-2", [registered("2")], {
      expectedVersion: 0,
      outbox: [{ key: "k1", channel: "webhook", payload: { n: 99 } }],
    });
    const now = "2024-03-02T00:00:00+08:00";
    const claimed = await store.claimOutbox({ now, limit: 10, leaseMs: 60_000 });
    expect(claimed.map((r) => r.key)).toEqual(["k1", "k2"]);
    expect(await store.claimOutbox({ now, limit: 10, leaseMs: 60_000 })).toEqual([]);
    await store.ackOutbox(claimed[0]!.id);
    await store.failOutbox(claimed[1]!.id, "smtp down", "2024-03-02T01:00:00+08:00");
    expect(await store.claimOutbox({ now, limit: 10, leaseMs: 60_000 })).toEqual([]);
    const retried = await store.claimOutbox({
      now: "2024-03-02T01:00:00+08:00",
      limit: 10,
      leaseMs: 60_000,
    });
    expect(retried).toEqual([
      expect.objectContaining({ key: "k2", attempts: 2, lastError: "smtp down" }),
    ]);
  });

  it("claims due timers in fireAt order, leases them, and replaces, cancels and completes", async () => {
    const store = openStore();
    const t = (id: string, fireAt: string) => ({ id, streamId: "petition-1", fireAt, kind: "k" });
    await store.append("petition-1", [registered("1")], {
      expectedVersion: 0,
      timers: {
        set: [
          t("b", "2024-03-04T07:00:00+08:00"),
          t("a", "2024-03-04T00:00:00Z"),
          t("c", "2024-04-01T00:00:00Z"),
        ],
      },
    });
    const now = "2024-03-10T00:00:00Z";
    const due = await store.claimDueTimers({ now, limit: 10, leaseMs: 60_000 });
    expect(due.map((x) => x.id)).toEqual(["b", "a"]);
    expect(await store.claimDueTimers({ now, limit: 10, leaseMs: 60_000 })).toEqual([]);
    await store.completeTimer("b");
    await store.append("petition-1", [withdrawn("w")], {
      expectedVersion: 1,
      timers: { cancel: ["c"], set: [t("d", "2024-05-01T00:00:00Z")] },
    });
    expect((await store.listTimers()).map((x) => x.id)).toEqual(["a", "d"]);
    await store.append("petition-1", [withdrawn("w")], {
      expectedVersion: 2,
      timers: { cancelAllForStream: true },
    });
    expect(await store.listTimers()).toEqual([]);
  });
});

describe("SqliteEventStore: subscriptions", () => {
  it("delivers in order from a checkpoint, and sees appends made by another connection", async () => {
    const store = openStore("s.db", { pollIntervalMs: 20 });
    await store.append("petition-1", [registered("1")], { expectedVersion: 0 });
    await store.writeCheckpoint("mailer", 0);
    const seen: number[] = [];
    const sub = store.subscribe({
      checkpoint: "mailer",
      handler: (e) => void seen.push(e.position),
    });
    await sub.caughtUp();
    expect(seen).toEqual([1]);

    const writer = openStore("s.db");
    await writer.append("petition-2", [registered("2")], { expectedVersion: 0 });
    await expect.poll(() => seen, { timeout: 2000 }).toEqual([1, 2]);
    await store.append("petition-3", [registered("3")], { expectedVersion: 0 });
    await expect.poll(() => seen, { timeout: 2000 }).toEqual([1, 2, 3]);
    await sub.stop();
    expect(await writer.readCheckpoint("mailer")).toBe(3);
  });
});
