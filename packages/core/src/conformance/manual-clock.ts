import type { Clock } from "../store/event-store.js";

/**
 * A clock the test moves by hand. Pass the same instance to the store under
 * test and to `describeEventStoreConformance`, so the suite controls the
 * `recordedAt` the store stamps (for `readAll({ asOf })`).
 */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: string) {
    this.ms = ManualClock.parse(start);
  }

  now(): string {
    return new Date(this.ms).toISOString();
  }

  set(at: string): void {
    this.ms = ManualClock.parse(at);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  private static parse(at: string): number {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 date-time: ${at}`);
    return ms;
  }
}
