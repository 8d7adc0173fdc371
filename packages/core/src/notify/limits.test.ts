import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";
import type { Notification } from "./notification.js";
import { RateLimiter } from "./rate-limiter.js";
import { routeMatches } from "./routing.js";

describe("backoffDelay: exponential with jitter", () => {
  it("doubles per attempt between half and all of the ceiling, and stops at the maximum", () => {
    const opts = { baseMs: 1_000, maxMs: 60_000 };
    expect(backoffDelay(1, opts, () => 0)).toBe(500);
    expect(backoffDelay(1, opts, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(4, opts, () => 0)).toBe(4_000);
    expect(backoffDelay(4, opts, () => 0.5)).toBe(6_000);
    expect(backoffDelay(20, opts, () => 0)).toBe(30_000);
    expect(backoffDelay(20, opts, () => 0.999_999)).toBe(60_000);
  });

  it("spreads rows that failed together over the whole jitter range", () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, { baseMs: 1_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe("RateLimiter: sliding windows", () => {
  it("lets 20 a minute through and makes the 21st wait for the first to leave the window", () => {
    const limiter = new RateLimiter([{ limit: 20, perMs: 60_000 }]);
    const waits = Array.from({ length: 20 }, (_, i) => limiter.reserve(i * 100));
    expect(waits.every((w) => w === 0)).toBe(true);
    expect(limiter.reserve(2_000)).toBe(58_000);
    // The 22nd waits for the second send (at 100 ms) to leave.
    expect(limiter.reserve(2_000)).toBe(58_100);
  });

  it("keeps both of Feishu's limits: 5 a second and 100 a minute", () => {
    const limiter = new RateLimiter([
      { limit: 100, perMs: 60_000 },
      { limit: 5, perMs: 1_000 },
    ]);
    let now = 0;
    const sendTimes: number[] = [];
    for (let i = 0; i < 130; i++) {
      now += limiter.reserve(now);
      sendTimes.push(now);
    }
    for (let i = 5; i < sendTimes.length; i++) {
      expect(sendTimes[i]! - sendTimes[i - 5]!).toBeGreaterThanOrEqual(1_000);
    }
    for (let i = 100; i < sendTimes.length; i++) {
      expect(sendTimes[i]! - sendTimes[i - 100]!).toBeGreaterThanOrEqual(60_000);
    }
    // 100 in the first minute (19.x s at 5/s), then the 101st waits for the minute.
    expect(sendTimes[99]).toBe(19_000);
    expect(sendTimes[100]).toBe(60_000);
  });
});

describe("routeMatches: per-org routing", () => {
  const notice = (
    org: string | undefined,
    kind: Notification["kind"],
    role: "agency" | "petitioner",
  ) => ({ kind, recipient: org === undefined ? { role } : { role, org } }) as Notification;

  it("takes a notice only when every criterion given matches", () => {
    const housing = { orgs: ["housing-bureau"], kinds: ["reminder", "supervision"] as const };
    expect(routeMatches(housing, notice("housing-bureau", "supervision", "agency"))).toBe(true);
    expect(routeMatches(housing, notice("transport-bureau", "supervision", "agency"))).toBe(false);
    expect(routeMatches(housing, notice("housing-bureau", "reply", "petitioner"))).toBe(false);
    expect(routeMatches(housing, notice(undefined, "reminder", "agency"))).toBe(false);
    expect(routeMatches({ roles: ["petitioner"] }, notice("x", "reply", "petitioner"))).toBe(true);
    expect(routeMatches(undefined, notice(undefined, "reply", "petitioner"))).toBe(true);
  });
});
