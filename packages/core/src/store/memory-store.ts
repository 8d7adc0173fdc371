import type { EventEnvelope } from "../events/envelope.js";
import { defaultRegistry, type EventRegistry } from "../events/registry.js";
import { GENESIS_HASH } from "../integrity/chain.js";
import type { AppendFacts, FactsNeeded, PlannedWrite } from "./append-plan.js";
import type {
  AppendResult,
  Clock,
  DeadLetter,
  OutboxRow,
  ProjectionSnapshot,
  TimerSpec,
} from "./event-store.js";
import type { GroupCommitOptions } from "./group-commit.js";
import type { StoreBackend } from "./store-backend.js";
import { StoreFront } from "./store-front.js";

export interface MemoryEventStoreOptions {
  /** Stamps `recordedAt`. */
  clock: Clock;
  registry?: EventRegistry;
  groupCommit?: GroupCommitOptions;
}

type StoredOutbox = OutboxRow & { leasedUntilMs?: number; deadAt?: string };
type StoredTimer = TimerSpec & { leasedUntilMs?: number };

const visibleOutbox = ({ leasedUntilMs: _l, deadAt: _d, ...row }: StoredOutbox): OutboxRow =>
  structuredClone(row);
const visibleTimer = ({ leasedUntilMs: _l, ...timer }: StoredTimer): TimerSpec =>
  structuredClone(timer);

/**
 * The in-memory backend: plain maps. Commits are atomic because the plan is
 * complete (every check done) before the first map changes.
 */
class MemoryBackend implements StoreBackend {
  readonly kind = "memory";
  private readonly events: EventEnvelope[] = [];
  private readonly streams = new Map<string, EventEnvelope[]>();
  private readonly idempotency = new Map<string, AppendResult>();
  private readonly checkpoints = new Map<string, number>();
  private readonly projections = new Map<string, ProjectionSnapshot>();
  private readonly outbox = new Map<string, StoredOutbox>();
  private readonly outboxKeys = new Set<string>();
  private readonly timers = new Map<string, StoredTimer>();
  /** Timer ids per stream, so cancelling a stream's timers does not scan them all. */
  private readonly timerIdsByStream = new Map<string, Set<string>>();
  /** Subject → key; `null` once destroyed. */
  private readonly keys = new Map<string, Buffer | null>();
  private nextOutboxId = 1;

  private readonly facts: AppendFacts = {
    head: () => this.head(),
    streamVersion: (streamId) => this.streams.get(streamId)?.length ?? 0,
    findIdempotent: (key) => this.idempotency.get(key),
    lastHash: () => {
      const last = this.events[this.events.length - 1];
      return last === undefined ? GENESIS_HASH : (last as { hash?: string }).hash;
    },
  };

  commit(_need: FactsNeeded, plan: (facts: AppendFacts) => readonly PlannedWrite[]): void {
    for (const write of plan(this.facts)) this.write(write);
  }

  private write(write: PlannedWrite): void {
    // Stored events are frozen: nobody can change the log through an object it was handed.
    const events = write.events.map(deepFreeze);
    for (const event of events) {
      this.events.push(event);
      const stream = this.streams.get(event.streamId);
      if (stream) stream.push(event);
      else this.streams.set(event.streamId, [event]);
    }
    for (const snapshot of write.snapshots) {
      this.projections.set(snapshot.name, structuredClone(snapshot));
    }
    for (const row of write.outbox) {
      if (this.outboxKeys.has(row.key)) continue;
      this.outboxKeys.add(row.key);
      const id = String(this.nextOutboxId++);
      this.outbox.set(id, { ...structuredClone(row), id, attempts: 0 });
    }
    const timers = write.timers;
    if (timers) {
      if (timers.cancelAllForStream) {
        for (const id of [...(this.timerIdsByStream.get(timers.streamId) ?? [])]) {
          this.deleteTimer(id);
        }
      }
      for (const id of timers.cancel ?? []) this.deleteTimer(id);
      for (const timer of timers.set ?? []) this.setTimer(timer);
    }
    const key = write.idempotency;
    if (key) {
      this.idempotency.set(key.key, {
        streamId: key.streamId,
        events,
        nextExpectedVersion: key.nextExpectedVersion,
        lastPosition: key.lastPosition,
        duplicate: false,
      });
    }
  }

  readStream(streamId: string, fromVersion: number, toVersion: number): EventEnvelope[] {
    const stream = this.streams.get(streamId) ?? [];
    return stream.slice(fromVersion - 1, Math.min(stream.length, toVersion));
  }

  streamVersion(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  headPosition(): number {
    return this.head();
  }

  readPage(after: number, asOfMs: number | undefined, limit: number): EventEnvelope[] {
    const page: EventEnvelope[] = [];
    for (let i = this.indexAfter(after); i < this.events.length && page.length < limit; i++) {
      const event = this.events[i]!;
      if (asOfMs !== undefined && Date.parse(event.recordedAt) > asOfMs) continue;
      page.push(event);
    }
    return page;
  }

  readCheckpoint(name: string): number {
    return this.checkpoints.get(name) ?? 0;
  }

  writeCheckpoint(name: string, position: number): void {
    this.checkpoints.set(name, position);
  }

  loadProjection(name: string): ProjectionSnapshot | undefined {
    const snapshot = this.projections.get(name);
    return snapshot && structuredClone(snapshot);
  }

  saveProjection(snapshot: ProjectionSnapshot): void {
    this.projections.set(snapshot.name, snapshot);
  }

  claimOutbox(nowMs: number, limit: number, leaseMs: number): OutboxRow[] {
    const claimed: OutboxRow[] = [];
    for (const row of this.outbox.values()) {
      if (claimed.length >= limit) break;
      if (row.deadAt !== undefined || Date.parse(row.availableAt) > nowMs) continue;
      if (row.leasedUntilMs !== undefined && row.leasedUntilMs > nowMs) continue;
      row.leasedUntilMs = nowMs + leaseMs;
      row.attempts++;
      claimed.push(visibleOutbox(row));
    }
    return claimed;
  }

  ackOutbox(id: string): void {
    // The key stays in `outboxKeys`: a delivery key is used once for good.
    this.outbox.delete(id);
  }

  failOutbox(id: string, error: string, retryAt: string): void {
    const row = this.outbox.get(id);
    if (!row || row.deadAt !== undefined) return;
    row.lastError = error;
    row.availableAt = retryAt;
    row.leasedUntilMs = undefined;
  }

  deadLetterOutbox(id: string, error: string, deadAt: string): void {
    const row = this.outbox.get(id);
    if (!row || row.deadAt !== undefined) return;
    row.lastError = error;
    row.leasedUntilMs = undefined;
    row.deadAt = deadAt;
  }

  listDeadLetters(limit: number): DeadLetter[] {
    const dead: DeadLetter[] = [];
    for (const row of this.outbox.values()) {
      if (dead.length >= limit) break;
      if (row.deadAt === undefined) continue;
      dead.push({ ...visibleOutbox(row), lastError: row.lastError ?? "", deadAt: row.deadAt });
    }
    return dead;
  }

  redriveOutbox(id: string, availableAt: string): void {
    const row = this.outbox.get(id);
    if (!row || row.deadAt === undefined) return;
    row.deadAt = undefined;
    row.attempts = 0;
    row.availableAt = availableAt;
  }

  claimDueTimers(
    nowMs: number,
    limit: number,
    leaseMs: number,
    kinds: readonly string[] | undefined,
  ): TimerSpec[] {
    const due = [...this.timers.values()]
      .filter(
        (t) =>
          (kinds === undefined || kinds.includes(t.kind)) &&
          Date.parse(t.fireAt) <= nowMs &&
          (t.leasedUntilMs === undefined || t.leasedUntilMs <= nowMs),
      )
      .sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const timer of due) timer.leasedUntilMs = nowMs + leaseMs;
    return due.map(visibleTimer);
  }

  completeTimer(id: string): void {
    this.deleteTimer(id);
  }

  listTimers(streamId: string | undefined): TimerSpec[] {
    return [...this.timers.values()]
      .filter((t) => streamId === undefined || t.streamId === streamId)
      .map(visibleTimer)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  getKey(subjectId: string): Buffer | undefined {
    const key = this.keys.get(subjectId);
    return key ? Buffer.from(key) : undefined;
  }

  createKey(subjectId: string, key: Buffer): Buffer | "destroyed" {
    const existing = this.keys.get(subjectId);
    if (existing === null) return "destroyed";
    if (existing) return Buffer.from(existing);
    this.keys.set(subjectId, Buffer.from(key));
    return Buffer.from(key);
  }

  destroyKey(subjectId: string): void {
    this.keys.get(subjectId)?.fill(0);
    this.keys.set(subjectId, null);
  }

  close(): void {}

  private head(): number {
    return this.events[this.events.length - 1]?.position ?? 0;
  }

  /** Index of the first event with position > `after` (positions increase, not always densely). */
  private indexAfter(after: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.position <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private setTimer(timer: TimerSpec): void {
    this.deleteTimer(timer.id);
    this.timers.set(timer.id, structuredClone(timer));
    const ids = this.timerIdsByStream.get(timer.streamId);
    if (ids) ids.add(timer.id);
    else this.timerIdsByStream.set(timer.streamId, new Set([timer.id]));
  }

  private deleteTimer(id: string): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    this.timers.delete(id);
    const ids = this.timerIdsByStream.get(timer.streamId);
    ids?.delete(id);
    if (ids?.size === 0) this.timerIdsByStream.delete(timer.streamId);
  }
}

/**
 * The in-memory store: for tests, examples and short-lived tools. It passes
 * the same conformance suite as the durable stores and shares their append
 * pipeline (`StoreFront`); only the maps are its own.
 */
export class MemoryEventStore extends StoreFront {
  constructor(options: MemoryEventStoreOptions) {
    super(new MemoryBackend(), {
      clock: options.clock,
      registry: options.registry ?? defaultRegistry,
      groupCommit: options.groupCommit,
    });
  }
}

/** Freeze an object graph in place (JSON-like values only, as events are). */
const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};
