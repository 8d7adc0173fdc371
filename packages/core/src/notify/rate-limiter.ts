import type { RateLimit } from "./channel.js";

/**
 * Sliding-window rate limits for one target: `reserve()` says how long to
 * wait before the next send fits every window, and books that send. Time is
 * a monotonic millisecond counter passed in, so tests need no real clock.
 */
export class RateLimiter {
  /** Times of past sends, oldest first, kept as long as the longest window. */
  private readonly sent: number[] = [];
  private readonly longest: number;

  constructor(private readonly limits: readonly RateLimit[]) {
    this.longest = Math.max(0, ...limits.map((l) => l.perMs));
  }

  /** Milliseconds to wait from `now` before sending; the send is booked at now + wait. */
  reserve(now: number): number {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.longest) this.sent.shift();
    // Bookings never go back in time, so `sent` stays sorted and every send in it is ≤ at.
    let at = Math.max(now, this.sent[this.sent.length - 1] ?? now);
    for (let moved = true; moved; ) {
      moved = false;
      for (const { limit, perMs } of this.limits) {
        const inWindow = this.sent.filter((t) => t > at - perMs);
        if (inWindow.length >= limit) {
          // The limit-th newest send must leave the window first.
          at = inWindow[inWindow.length - limit]! + perMs;
          moved = true;
        }
      }
    }
    this.sent.push(at);
    return at - now;
  }
}
