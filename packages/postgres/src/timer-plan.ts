import type { TimerChanges, TimerSpec } from "@petitio/core";

/**
 * The net timer changes of a transaction's writes, applied in order (cancel
 * the stream's timers, cancel ids, then set), reduced to one delete and one
 * upsert: a timer set and later cancelled is never written, one cancelled and
 * set again is upserted. So one statement can carry them all.
 */
export class TimerPlan {
  readonly cancelStreams = new Set<string>();
  readonly cancelIds = new Set<string>();
  readonly upserts = new Map<string, TimerSpec>();

  add(streamId: string, changes: TimerChanges): void {
    if (changes.cancelAllForStream) {
      for (const [id, t] of this.upserts) if (t.streamId === streamId) this.upserts.delete(id);
      this.cancelStreams.add(streamId);
    }
    for (const id of changes.cancel ?? []) {
      this.upserts.delete(id);
      this.cancelIds.add(id);
    }
    for (const timer of changes.set ?? []) this.upserts.set(timer.id, timer);
  }
}
