import { expect } from "vitest";
import type { Actor, EventEnvelope, NewEvent } from "../events/envelope.js";

/** Valid catalog events and small helpers shared by the conformance cases. */

export const intake: Actor = { id: "clerk-1", role: "intake", org: "bureau" };

/** Business time: minutes after a fixed morning, in China time. */
export const occurred = (minute = 0): string =>
  new Date(Date.parse("2024-03-01T09:00:00+08:00") + minute * 60_000).toISOString();

export const registered = (petitionId: string): NewEvent => ({
  type: "PetitionRegistered",
  occurredAt: occurred(),
  actor: intake,
  data: {
    petitionId,
    channel: "online",
    anonymous: false,
    petitioners: [{ name: "张三" }],
    title: "小区路灯不亮",
    content: "晚上出行不便，请尽快修复。",
    category: "claim",
    topic: "城市管理",
    receivedAt: occurred(),
    registeredBy: "bureau",
    routingDueAt: "2024-03-16T23:59:59+08:00",
  },
});

/** A small valid event that can be appended to any stream any number of times. */
export const note = (text: string, minute = 1): NewEvent => ({
  type: "MediationRecorded",
  occurredAt: occurred(minute),
  actor: intake,
  data: { outcome: "noAgreement", note: text },
});

export const range = (n: number, from = 1): number[] =>
  Array.from({ length: n }, (_, i) => from + i);

export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

export const positionsOf = (events: readonly EventEnvelope[]): number[] =>
  events.map((e) => e.position);

/** The error a promise rejects with; fails the test when it resolves. */
export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to be rejected, but it succeeded");
};

/**
 * Errors are compared by their stable `code`, not `instanceof`: an adapter may
 * load core from a different bundle (ESM vs CJS) than the suite.
 */
export const expectError = (error: unknown, code: string, fields: object = {}): void => {
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ code, ...fields });
};

/** Poll until `check` holds, failing with `what` after `timeoutMs`. */
export const eventually = async (
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
