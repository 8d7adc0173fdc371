import { StoreClosedError } from "../errors.js";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import { defaultRegistry, type EventRegistry } from "../events/registry.js";
import {
  checkExpectedVersion,
  checkImportedBatch,
  placeEvents,
  validateAppend,
  validateCheckpoint,
  validateReadAll,
  validateSnapshot,
} from "./append-checks.js";
import { ArgumentCheck, checkListDeadLetters } from "./argument-checks.js";
import type {
  AppendOptions,
  AppendResult,
  ClaimOptions,
  Clock,
  DeadLetter,
  EventStore,
  ImportOptions,
  ImportResult,
  ListDeadLettersOptions,
  OutboxRow,
  ProjectionSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  TimerSpec,
} from "./event-store.js";
import { importInBatches } from "./import-batches.js";
import { startSubscription } from "./subscription.js";

export interface MemoryEventStoreOptions {
  /** Stamps `recordedAt`. */
  clock: Clock;
  registry?: EventRegistry;
}

interface State {
  events: EventEnvelope[];
  streams: Map<string, EventEnvelope[]>;
  idempotency: Map<string, AppendResult>;
  checkpoints: Map<string, number>;
  projections: Map<string, ProjectionSnapshot>;
  outbox: Map<string, OutboxRow & { leasedUntil?: string; deadAt?: string }>;
  outboxKeys: Set<string>;
  timers: Map<string, TimerSpec & { leasedUntil?: string }>;
  /** Timer ids per stream, so cancelling a stream's timers does not scan them all. */
  timerIdsByStream: Map<string, Set<string>>;
}

/**
 * The in-memory store: for tests, examples and short-lived tools. It passes
 * the same conformance suite as the durable stores. Every append is atomic:
 * all checks run before anything changes, and state is swapped in one step.
 */
export class MemoryEventStore implements EventStore {
  readonly kind = "memory";
  private readonly clock: Clock;
  private readonly registry: EventRegistry;
  private readonly state: State = {
    events: [],
    streams: new Map(),
    idempotency: new Map(),
    checkpoints: new Map(),
    projections: new Map(),
    outbox: new Map(),
    outboxKeys: new Set(),
    timers: new Map(),
    timerIdsByStream: new Map(),
  };
  private readonly listeners = new Set<() => void>();
  private nextOutboxId = 1;
  private closed = false;

  constructor(options: MemoryEventStoreOptions) {
    this.clock = options.clock;
    this.registry = options.registry ?? defaultRegistry;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const { state } = this;
    if (options.idempotencyKey !== undefined) {
      const first = state.idempotency.get(options.idempotencyKey);
      if (first) return { ...first, events: [...first.events], duplicate: true };
    }
    validateAppend(streamId, events, options.expectedVersion, this.registry);
    const stream = state.streams.get(streamId) ?? [];
    checkExpectedVersion(streamId, options.expectedVersion, stream.length);

    // Stored events are frozen copies: nobody can change the log through an object it was handed.
    const placed = placeEvents(
      streamId,
      structuredClone(events),
      stream.length,
      this.head(),
      this.clock.now(),
      this.registry,
    ).map(deepFreeze);
    // Everything that can throw runs before the first mutation.
    const snapshots = options.inline?.([...placed]) ?? [];
    for (const snapshot of snapshots) validateSnapshot(snapshot, "inline projection snapshot");
    const result: AppendResult = {
      streamId,
      events: placed,
      nextExpectedVersion: stream.length + placed.length,
      lastPosition: placed[placed.length - 1]!.position,
      duplicate: false,
    };

    state.events.push(...placed);
    state.streams.set(streamId, [...stream, ...placed]);
    if (options.idempotencyKey !== undefined) {
      state.idempotency.set(options.idempotencyKey, { ...result, events: [...placed] });
    }
    for (const snapshot of snapshots)
      state.projections.set(snapshot.name, structuredClone(snapshot));
    for (const message of options.outbox ?? []) {
      if (state.outboxKeys.has(message.key)) continue;
      state.outboxKeys.add(message.key);
      const id = String(this.nextOutboxId++);
      state.outbox.set(id, {
        ...structuredClone(message),
        id,
        streamId,
        position: result.lastPosition,
        attempts: 0,
        availableAt: placed[0]!.recordedAt,
      });
    }
    this.applyTimers(streamId, options);
    this.notify();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    this.assertOpen();
    const stream = this.state.streams.get(streamId) ?? [];
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(stream.length, options.toVersion ?? stream.length);
    return stream.slice(from - 1, to);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return this.state.streams.get(streamId)?.length ?? 0;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<EventEnvelope> {
    this.assertOpen();
    validateReadAll(options);
    const { events } = this.state;
    const asOf = options.asOf === undefined ? undefined : Date.parse(options.asOf);
    for (let i = this.indexAfter(options.after ?? 0); i < events.length; i++) {
      const event = events[i]!;
      if (asOf !== undefined && Date.parse(event.recordedAt) > asOf) continue;
      yield event;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head();
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return startSubscription(this, options, (wake) => {
      this.listeners.add(wake);
      return () => this.listeners.delete(wake);
    });
  }

  async readCheckpoint(name: string): Promise<number> {
    this.assertOpen();
    return this.state.checkpoints.get(name) ?? 0;
  }

  async writeCheckpoint(name: string, position: number): Promise<void> {
    this.assertOpen();
    validateCheckpoint(name, position);
    this.state.checkpoints.set(name, position);
  }

  async loadProjection(name: string): Promise<ProjectionSnapshot | undefined> {
    this.assertOpen();
    const snapshot = this.state.projections.get(name);
    return snapshot && structuredClone(snapshot);
  }

  async saveProjection(snapshot: ProjectionSnapshot): Promise<void> {
    this.assertOpen();
    validateSnapshot(snapshot);
    this.state.projections.set(snapshot.name, structuredClone(snapshot));
  }

  async claimOutbox({ now, limit, leaseMs }: ClaimOptions): Promise<OutboxRow[]> {
    this.assertOpen();
    const claimed: OutboxRow[] = [];
    const nowMs = Date.parse(now);
    for (const row of this.state.outbox.values()) {
      if (claimed.length >= limit) break;
      if (row.deadAt !== undefined) continue;
      if (Date.parse(row.availableAt) > nowMs) continue;
      if (row.leasedUntil !== undefined && Date.parse(row.leasedUntil) > nowMs) continue;
      row.leasedUntil = new Date(nowMs + leaseMs).toISOString();
      row.attempts++;
      const { leasedUntil: _lease, deadAt: _dead, ...visible } = row;
      claimed.push(structuredClone(visible));
    }
    return claimed;
  }

  async ackOutbox(id: string): Promise<void> {
    this.assertOpen();
    this.state.outbox.delete(id);
  }

  async failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    this.assertOpen();
    const row = this.state.outbox.get(id);
    if (!row || row.deadAt !== undefined) return;
    row.lastError = error;
    row.availableAt = retryAt;
    row.leasedUntil = undefined;
  }

  async deadLetterOutbox(id: string, error: string): Promise<void> {
    this.assertOpen();
    new ArgumentCheck("deadLetterOutbox").id("id", id).text("error", error).done();
    const row = this.state.outbox.get(id);
    if (!row || row.deadAt !== undefined) return;
    row.lastError = error;
    row.leasedUntil = undefined;
    row.deadAt = this.clock.now();
  }

  async listDeadLetters(options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    this.assertOpen();
    const limit = checkListDeadLetters(options);
    const dead: DeadLetter[] = [];
    for (const row of this.state.outbox.values()) {
      if (dead.length >= limit) break;
      if (row.deadAt === undefined) continue;
      const { leasedUntil: _lease, ...visible } = row;
      dead.push(structuredClone(visible) as DeadLetter);
    }
    return dead;
  }

  async redriveOutbox(id: string, availableAt: string): Promise<void> {
    this.assertOpen();
    new ArgumentCheck("redriveOutbox").id("id", id).time("availableAt", availableAt).done();
    const row = this.state.outbox.get(id);
    if (!row || row.deadAt === undefined) return;
    row.deadAt = undefined;
    row.attempts = 0;
    row.availableAt = availableAt;
  }

  async claimDueTimers({ now, limit, leaseMs }: ClaimOptions): Promise<TimerSpec[]> {
    this.assertOpen();
    const nowMs = Date.parse(now);
    const due = [...this.state.timers.values()]
      .filter(
        (t) =>
          Date.parse(t.fireAt) <= nowMs &&
          (t.leasedUntil === undefined || Date.parse(t.leasedUntil) <= nowMs),
      )
      .sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const timer of due) timer.leasedUntil = new Date(nowMs + leaseMs).toISOString();
    return due.map(({ leasedUntil: _lease, ...timer }) => structuredClone(timer));
  }

  async completeTimer(id: string): Promise<void> {
    this.assertOpen();
    this.deleteTimer(id);
  }

  async listTimers(streamId?: string): Promise<TimerSpec[]> {
    this.assertOpen();
    return [...this.state.timers.values()]
      .filter((t) => streamId === undefined || t.streamId === streamId)
      .map(({ leasedUntil: _lease, ...timer }) => structuredClone(timer))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async importEvents(
    events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    this.assertOpen();
    const imported = await importInBatches(events, options, {
      decode: (event, line) => this.registry.decode(structuredClone(event), { line }),
      commit: (batch, before) => {
        // Check the whole batch against the committed state plus the batch
        // itself, then commit it in one step: a bad event leaves the batch out.
        checkImportedBatch(
          batch,
          before,
          this.head(),
          (streamId) => this.state.streams.get(streamId)?.length ?? 0,
        );
        for (const event of batch.map(deepFreeze)) {
          this.state.events.push(event);
          const stream = this.state.streams.get(event.streamId);
          if (stream) stream.push(event);
          else this.state.streams.set(event.streamId, [event]);
        }
      },
      // Wake subscribers per committed batch: a later batch may still fail.
      committed: () => this.notify(),
    });
    return { imported, lastPosition: this.head() };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.listeners) wake();
    this.listeners.clear();
  }

  private head(): number {
    return this.state.events[this.state.events.length - 1]?.position ?? 0;
  }

  /** Index of the first event with position > `after` (positions increase, not always densely). */
  private indexAfter(after: number): number {
    const { events } = this.state;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid]!.position <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private applyTimers(streamId: string, options: AppendOptions): void {
    const changes = options.timers;
    if (!changes) return;
    if (changes.cancelAllForStream) {
      for (const id of [...(this.state.timerIdsByStream.get(streamId) ?? [])]) this.deleteTimer(id);
    }
    for (const id of changes.cancel ?? []) this.deleteTimer(id);
    for (const timer of changes.set ?? []) {
      this.deleteTimer(timer.id);
      this.state.timers.set(timer.id, structuredClone(timer));
      const ids = this.state.timerIdsByStream.get(timer.streamId);
      if (ids) ids.add(timer.id);
      else this.state.timerIdsByStream.set(timer.streamId, new Set([timer.id]));
    }
  }

  private deleteTimer(id: string): void {
    const timer = this.state.timers.get(id);
    if (!timer) return;
    this.state.timers.delete(id);
    const ids = this.state.timerIdsByStream.get(timer.streamId);
    ids?.delete(id);
    if (ids?.size === 0) this.state.timerIdsByStream.delete(timer.streamId);
  }

  private notify(): void {
    for (const wake of this.listeners) wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.kind);
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
