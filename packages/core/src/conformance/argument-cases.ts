import { describe, expect, it } from "vitest";
import type { EventStore } from "../store/event-store.js";
import { collect, expectError, note, registered, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** A call the type system would reject, made anyway (as from JavaScript or JSON input). */
const loose = (store: EventStore) =>
  store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

/** A value nested `depth` levels deep. */
const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
};

const LONE_HIGH = "\uD800";
const LONE_LOW = "\uDC00";

/**
 * Every argument of every store method is checked before the store is
 * touched: bad input gets a `ValidationError` whose `subject` names the
 * method and whose `field` names the argument, never a driver error or a
 * `TypeError`, and nothing is written.
 */
export const argumentCases = (h: Harness): void => {
  describe("argument checks", () => {
    const rejects = async (
      call: Promise<unknown> | (() => unknown),
      subject: string,
      field: string,
    ): Promise<void> => {
      const promise =
        typeof call === "function" ? (async () => call())() : (call as Promise<unknown>);
      const error = await rejectionOf(promise);
      expectError(error, "VALIDATION_FAILED", { subject });
      const actual = (error as { field: string }).field;
      // A trailing "*" accepts any deeper path (a nested value names its deepest bad level).
      if (field.endsWith("*")) expect(actual.startsWith(field.slice(0, -1))).toBe(true);
      else expect(actual).toBe(field);
    };
    const nothingWritten = async () => {
      const store = h.store();
      expect(await store.headPosition()).toBe(0);
      expect(await store.listTimers()).toEqual([]);
      expect(
        await store.claimOutbox({ now: "2999-01-01T00:00:00Z", limit: 10, leaseMs: 1 }),
      ).toEqual([]);
    };

    it("append without options, or without expectedVersion", async () => {
      const s = loose(h.store());
      await rejects(() => s.append!("a", [note("x")]), "append", "options");
      await rejects(() => s.append!("a", [note("x")], {}), "append", "expectedVersion");
      await rejects(
        () => s.append!("a", "not events", { expectedVersion: "any" }),
        "append",
        "events",
      );
      await nothingWritten();
    });

    it("an outbox message without channel, key or object payload", async () => {
      const store = h.store();
      const append = (message: unknown) =>
        store.append("a", [note("x")], { expectedVersion: "any", outbox: [message as never] });
      await rejects(append({ key: "k", payload: {} }), "append", "outbox.0.channel");
      await rejects(append({ channel: "webhook", payload: {} }), "append", "outbox.0.key");
      await rejects(
        append({ key: "k", channel: "webhook", payload: [1] }),
        "append",
        "outbox.0.payload",
      );
      await rejects(
        loose(store).append!("a", [note("x")], { expectedVersion: "any", outbox: "k" }),
        "append",
        "outbox",
      );
      await nothingWritten();
    });

    it("a timer at 2024-02-30, a cancel that is a string, a flag that is not boolean", async () => {
      const store = h.store();
      const timers = (changes: unknown) =>
        store.append("a", [note("x")], { expectedVersion: "any", timers: changes as never });
      const timer = { id: "t", streamId: "a", kind: "reminder", fireAt: "2024-02-30T00:00:00Z" };
      await rejects(timers({ set: [timer] }), "append", "timers.set.0.fireAt");
      await rejects(
        timers({ set: [{ ...timer, fireAt: "next week" }] }),
        "append",
        "timers.set.0.fireAt",
      );
      await rejects(timers({ cancel: "abc" }), "append", "timers.cancel");
      await rejects(timers({ cancel: ["ok", 7] }), "append", "timers.cancel.1");
      await rejects(timers({ cancelAllForStream: "yes" }), "append", "timers.cancelAllForStream");
      await nothingWritten();
    });

    it("claim limits: -1, 0, fractions, huge, and leases out of range", async () => {
      const store = h.store();
      await store.append("a", [note("x")], {
        expectedVersion: "any",
        outbox: [{ key: "k", channel: "webhook", payload: {} }],
      });
      const now = "2999-01-01T00:00:00Z";
      for (const limit of [-1, 0, 1.5, Number.NaN, 1e9, "5"]) {
        await rejects(
          store.claimOutbox({ now, limit: limit as number, leaseMs: 1 }),
          "claimOutbox",
          "limit",
        );
        await rejects(
          store.claimDueTimers({ now, limit: limit as number, leaseMs: 1 }),
          "claimDueTimers",
          "limit",
        );
      }
      await rejects(store.claimOutbox({ now, limit: 1, leaseMs: -5 }), "claimOutbox", "leaseMs");
      await rejects(
        store.claimOutbox({ now: "2024-13-01T00:00:00Z", limit: 1, leaseMs: 1 }),
        "claimOutbox",
        "now",
      );
      await rejects(loose(store).claimOutbox!(), "claimOutbox", "options");
      // The row was never leased by the rejected calls.
      expect(
        (await store.claimOutbox({ now, limit: 10, leaseMs: 1 })).map((r) => r.attempts),
      ).toEqual([1]);
    });

    it("an object nested 5,000 deep is refused, not a stack overflow", async () => {
      const store = h.store();
      const deep = {
        ...note("x"),
        data: { outcome: "noAgreement", note: "x", extra: nested(5_000) },
      };
      await rejects(
        store.append("a", [deep], { expectedVersion: "any" }),
        "append",
        "events.0.data.extra*",
      );
      await rejects(
        store.saveProjection({ name: "p", version: 1, position: 0, state: nested(5_000) }),
        "saveProjection",
        "state*",
      );
      await nothingWritten();
    });

    it("lone surrogates in stream ids, keys and text are refused", async () => {
      const store = h.store();
      await rejects(
        store.append(`petition-${LONE_HIGH}`, [note("x")], { expectedVersion: "any" }),
        "append",
        "streamId",
      );
      await rejects(
        store.append("a", [note(`bad ${LONE_LOW} text`)], { expectedVersion: "any" }),
        "append",
        "events.0.data.note",
      );
      await rejects(
        store.append("a", [note("x")], { expectedVersion: "any", idempotencyKey: LONE_LOW }),
        "append",
        "idempotencyKey",
      );
      await rejects(store.readStream(LONE_HIGH), "readStream", "streamId");
      await rejects(store.writeCheckpoint(LONE_HIGH, 1), "writeCheckpoint", "name");
      await rejects(
        store.failOutbox("1", `oops ${LONE_HIGH}`, "2024-01-01T00:00:00Z"),
        "failOutbox",
        "error",
      );
      // Two petitions whose ids differ only in a lone surrogate must not share a stream.
      await store.append("petition-\uFFFD", [registered("\uFFFD")], {
        expectedVersion: "noStream",
      });
      expect(await store.streamVersion("petition-\uFFFD")).toBe(1);
      expect(await store.headPosition()).toBe(1);
    });

    it("ids, names and positions of the other methods", async () => {
      const store = h.store();
      const s = loose(store);
      await rejects(store.readStream("a", { fromVersion: -1 }), "readStream", "fromVersion");
      await rejects(store.readStream(""), "readStream", "streamId");
      await rejects(s.streamVersion!(42), "streamVersion", "streamId");
      await rejects(s.readCheckpoint!(undefined), "readCheckpoint", "name");
      await rejects(store.writeCheckpoint("c", -1), "checkpoint", "position");
      await rejects(store.loadProjection(""), "loadProjection", "name");
      await rejects(
        s.saveProjection!({ name: "p", version: 1, position: 0, state: () => 1 }),
        "saveProjection",
        "state",
      );
      await rejects(s.ackOutbox!(null), "ackOutbox", "id");
      await rejects(store.failOutbox("1", "e", "2024-02-30T00:00:00Z"), "failOutbox", "retryAt");
      await rejects(s.completeTimer!({}), "completeTimer", "id");
      await rejects(s.listTimers!(""), "listTimers", "streamId");
      await rejects(() => store.subscribe({ handler: "nope" as never }), "subscribe", "handler");
      await rejects(store.importEvents([], { batchSize: 0 }), "importEvents", "batchSize");
      await rejects(s.importEvents!(42), "importEvents", "events");
      await rejects(collect(store.readAll({ after: -1 })), "readAll options", "after");
      await rejects(() => s.registerInline!({}), "registerInline", "hook.apply");
    });

    it("size limits: stream id length, string length, array length, events per append", async () => {
      const store = h.store();
      await rejects(
        store.append("x".repeat(257), [note("x")], { expectedVersion: "any" }),
        "append",
        "streamId",
      );
      await rejects(
        store.append("a", [note("x".repeat(100_001))], { expectedVersion: "any" }),
        "append",
        "events.0.data.note",
      );
      const many = {
        ...note("x"),
        data: { outcome: "noAgreement", list: Array.from({ length: 1_001 }, () => 1) },
      };
      await rejects(
        store.append("a", [many], { expectedVersion: "any" }),
        "append",
        "events.0.data.list",
      );
      const tooMany = Array.from({ length: 1_001 }, () => note("x"));
      await rejects(store.append("a", tooMany, { expectedVersion: "any" }), "append", "events");
      await nothingWritten();
    });
  });
};
