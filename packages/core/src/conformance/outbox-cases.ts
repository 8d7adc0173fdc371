import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../store/event-store.js";
import { expectError, note, registered, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

const ms = (iso: string, plus: number): string => new Date(Date.parse(iso) + plus).toISOString();

const message = (key: string, payload: Record<string, unknown> = { key }): OutboxMessage => ({
  key,
  channel: "webhook",
  payload,
});

/** Outbox rows: written with the append, claimed with a lease, acked or failed and retried. */
export const outboxCases = (h: Harness): void => {
  describe("outbox", () => {
    /** Appends with outbox rows and returns the moment the rows became available. */
    const appendWith = async (stream: string, messages: OutboxMessage[]) => {
      const result = await h.store().append(stream, [note(stream)], {
        expectedVersion: "any",
        outbox: messages,
      });
      return { result, at: result.events[0]!.recordedAt };
    };

    it("rows are written with the append, oldest first, with stream and position", async () => {
      const store = h.store();
      const first = await appendWith("a", [
        message("k1", { to: "张三", n: [1, 2] }),
        message("k2"),
      ]);
      const second = await appendWith("b", [message("k3")]);
      const rows = await store.claimOutbox({ now: second.at, limit: 10, leaseMs: 60_000 });
      expect(rows.map((r) => r.key)).toEqual(["k1", "k2", "k3"]);
      expect(rows[0]).toMatchObject({
        channel: "webhook",
        payload: { to: "张三", n: [1, 2] },
        streamId: "a",
        position: first.result.lastPosition,
        attempts: 1,
      });
      expect(rows[2]).toMatchObject({ streamId: "b", position: second.result.lastPosition });
      expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    });

    it("a failed append writes no rows", async () => {
      const store = h.store();
      await store.append("a", [registered("a")], { expectedVersion: "noStream" });
      await rejectionOf(
        store.append("a", [note("x")], { expectedVersion: "noStream", outbox: [message("lost")] }),
      );
      const rows = await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 10, leaseMs: 1 });
      expect(rows).toEqual([]);
    });

    it("a claimed row is leased: nobody else gets it until the lease ends", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("k1"), message("k2"), message("k3")]);
      const lease = 30_000;
      const firstClaim = await store.claimOutbox({ now: at, limit: 2, leaseMs: lease });
      expect(firstClaim.map((r) => r.key)).toEqual(["k1", "k2"]);
      const secondClaim = await store.claimOutbox({
        now: ms(at, 1_000),
        limit: 10,
        leaseMs: lease,
      });
      expect(secondClaim.map((r) => r.key)).toEqual(["k3"]);
      expect(
        await store.claimOutbox({ now: ms(at, lease - 1), limit: 10, leaseMs: lease }),
      ).toEqual([]);
      // k1 and k2's lease has ended; k3, claimed a second later, is still leased.
      const afterLease = await store.claimOutbox({
        now: ms(at, lease + 1),
        limit: 10,
        leaseMs: lease,
      });
      expect(afterLease.map((r) => [r.key, r.attempts])).toEqual([
        ["k1", 2],
        ["k2", 2],
      ]);
    });

    it("an acked row is gone for good", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("k1"), message("k2")]);
      const [row] = await store.claimOutbox({ now: at, limit: 1, leaseMs: 1_000 });
      await store.ackOutbox(row!.id);
      const later = await store.claimOutbox({ now: ms(at, 10_000), limit: 10, leaseMs: 1_000 });
      expect(later.map((r) => r.key)).toEqual(["k2"]);
    });

    it("a failed row is released and retried at retryAt, with its error", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("k1")]);
      const lease = 10 * 60_000;
      const [row] = await store.claimOutbox({ now: at, limit: 1, leaseMs: lease });
      const retryAt = ms(at, 60_000);
      await store.failOutbox(row!.id, "HTTP 503", retryAt);
      expect(await store.claimOutbox({ now: ms(at, 59_999), limit: 1, leaseMs: lease })).toEqual(
        [],
      );
      // Failing releases the lease: the retry does not wait for it to end.
      const [retried] = await store.claimOutbox({ now: retryAt, limit: 1, leaseMs: lease });
      expect(retried).toMatchObject({ id: row!.id, key: "k1", attempts: 2, lastError: "HTTP 503" });
    });

    it("a delivery key is written once: later rows with the same key are ignored, even after ack", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("same", { v: 1 }), message("same", { v: 2 })]);
      await appendWith("b", [message("same", { v: 3 })]);
      const rows = await store.claimOutbox({ now: ms(at, 60_000), limit: 10, leaseMs: 1_000 });
      expect(rows.map((r) => r.payload)).toEqual([{ v: 1 }]);
      await store.ackOutbox(rows[0]!.id);
      const again = await appendWith("c", [message("same", { v: 4 })]);
      expect(
        await store.claimOutbox({ now: ms(again.at, 60_000), limit: 10, leaseMs: 1_000 }),
      ).toEqual([]);
    });
    it("a dead-lettered row is never claimed again and is listed with its error", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("k1"), message("k2"), message("k3")]);
      const [first, second] = await store.claimOutbox({ now: at, limit: 2, leaseMs: 1_000 });
      await store.deadLetterOutbox(first!.id, "HTTP 410 gone");
      await store.failOutbox(second!.id, "HTTP 503", at);
      await store.deadLetterOutbox(second!.id, "gave up after 1 attempt");
      // Dead-lettering twice, or a row that is not there, changes nothing.
      await store.deadLetterOutbox(first!.id, "again");
      await store.deadLetterOutbox("999999", "unknown");
      const day = 24 * 3_600_000;
      const later = await store.claimOutbox({ now: ms(at, 3_600_000), limit: 10, leaseMs: day });
      expect(later.map((r) => r.key)).toEqual(["k3"]);
      // Failing a dead row does not bring it back.
      await store.failOutbox(first!.id, "late failure", at);
      expect(await store.claimOutbox({ now: ms(at, 7_200_000), limit: 10, leaseMs: 1 })).toEqual(
        [],
      );
      const dead = await store.listDeadLetters();
      expect(dead.map((r) => [r.key, r.lastError, r.attempts])).toEqual([
        ["k1", "HTTP 410 gone", 1],
        ["k2", "gave up after 1 attempt", 1],
      ]);
      expect(dead[0]).toMatchObject({ id: first!.id, channel: "webhook", streamId: "a" });
      expect(Number.isNaN(Date.parse(dead[0]!.deadAt))).toBe(false);
      expect((await store.listDeadLetters({ limit: 1 })).map((r) => r.key)).toEqual(["k1"]);
    });

    it("a redriven row is pending again from availableAt, attempts reset, key still used", async () => {
      const store = h.store();
      const { at } = await appendWith("a", [message("k1")]);
      const [row] = await store.claimOutbox({ now: at, limit: 1, leaseMs: 1_000 });
      await store.deadLetterOutbox(row!.id, "HTTP 500");
      const retryAt = ms(at, 60_000);
      await store.redriveOutbox(row!.id, retryAt);
      expect(await store.listDeadLetters()).toEqual([]);
      expect(await store.claimOutbox({ now: ms(at, 59_999), limit: 1, leaseMs: 1 })).toEqual([]);
      const [again] = await store.claimOutbox({ now: retryAt, limit: 1, leaseMs: 1 });
      expect(again).toMatchObject({ id: row!.id, key: "k1", attempts: 1, lastError: "HTTP 500" });
      // Redriving a row that is not dead changes nothing.
      await store.redriveOutbox(row!.id, at);
      await store.ackOutbox(again!.id);
      await store.redriveOutbox(row!.id, at);
      expect(await store.claimOutbox({ now: ms(at, 3_600_000), limit: 1, leaseMs: 1 })).toEqual([]);
      const reused = await appendWith("b", [message("k1")]);
      expect(await store.claimOutbox({ now: ms(reused.at, 1), limit: 1, leaseMs: 1 })).toEqual([]);
    });

    it("dead-letter arguments are checked", async () => {
      const store = h.store();
      expectError(await rejectionOf(store.deadLetterOutbox("", "x")), "VALIDATION_FAILED", {
        subject: "deadLetterOutbox",
        field: "id",
      });
      expectError(
        await rejectionOf(store.deadLetterOutbox("1", 42 as unknown as string)),
        "VALIDATION_FAILED",
        { field: "error" },
      );
      expectError(await rejectionOf(store.listDeadLetters({ limit: -1 })), "VALIDATION_FAILED", {
        subject: "listDeadLetters",
        field: "limit",
      });
      expectError(
        await rejectionOf(store.redriveOutbox("1", "2024-02-30T00:00:00Z")),
        "VALIDATION_FAILED",
        { subject: "redriveOutbox", field: "availableAt" },
      );
    });
  });
};
