import { StoreClosedError } from "../errors.js";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import type { EventRegistry } from "../events/registry.js";
import { PersonalDataKeyError } from "../privacy/errors.js";
import { checkPersonalDataKey, type PersonalDataKeys } from "../privacy/keys.js";
import { validateAppend, validateCheckpoint, validateReadAll } from "./append-checks.js";
import {
  ArgumentCheck,
  checkAppendArguments,
  checkClaim,
  checkFailOutbox,
  checkId,
  checkImportArguments,
  checkImportedEnvelope,
  checkListDeadLetters,
  checkReadStream,
  checkSnapshotArgument,
  checkSubjectId,
  checkSubscribe,
} from "./argument-checks.js";
import type {
  AppendOptions,
  AppendResult,
  ClaimOptions,
  Clock,
  DeadLetter,
  EventStore,
  ImportOptions,
  ImportResult,
  InlineHook,
  ListDeadLettersOptions,
  OutboxRow,
  ProjectionSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  TimerSpec,
} from "./event-store.js";
import { AppendPipeline, type GroupCommitOptions } from "./group-commit.js";
import { importInBatches } from "./import-batches.js";
import type { StoreBackend } from "./store-backend.js";
import { startSubscription } from "./subscription.js";

export interface StoreFrontOptions {
  /** Stamps `recordedAt` and dead letters. */
  clock: Clock;
  registry: EventRegistry;
  groupCommit?: GroupCommitOptions;
}

/**
 * The `EventStore` every adapter shares: argument checks for every method
 * (typed `ValidationError`s naming method, field and reason, before any
 * storage is touched), the append pipeline with group commit and registered
 * inline projections, subscriptions and the closed state. An adapter
 * supplies a `StoreBackend` and extends this class with what is its own.
 */
export class StoreFront implements EventStore {
  readonly kind: string;
  protected readonly clock: Clock;
  protected readonly registry: EventRegistry;
  private readonly pipeline: AppendPipeline;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(
    protected readonly backend: StoreBackend,
    options: StoreFrontOptions,
  ) {
    this.kind = backend.kind;
    this.clock = options.clock;
    this.registry = options.registry;
    this.pipeline = new AppendPipeline(backend, {
      clock: options.clock,
      registry: options.registry,
      groupCommit: options.groupCommit,
      committed: () => this.notify(),
    });
  }

  // ---- event log ----------------------------------------------------------

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    checkAppendArguments(streamId, events, options);
    validateAppend(streamId, events, options.expectedVersion, this.registry);
    // Private copies: a caller changing its objects later never changes the log.
    // The events were just checked to be plain JSON, so a JSON round trip copies
    // them exactly, and faster than structuredClone.
    const copies = JSON.parse(JSON.stringify(events)) as NewEvent[];
    return this.pipeline.append({ streamId, events: copies, options });
  }

  registerInline(hook: InlineHook): () => void {
    this.assertOpen();
    const check = new ArgumentCheck("registerInline");
    if (check.object("hook", hook) && typeof hook.apply !== "function") {
      check.fail("hook.apply", "must be a function");
    }
    check.done();
    return this.pipeline.registerInline(hook);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    this.assertOpen();
    checkReadStream(streamId, options);
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return this.backend.readStream(streamId, from, to);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    checkId("streamVersion", "streamId", streamId);
    return this.backend.streamVersion(streamId);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<EventEnvelope> {
    this.assertOpen();
    validateReadAll(options);
    const batchSize = options.batchSize ?? 500;
    const asOfMs = options.asOf === undefined ? undefined : Date.parse(options.asOf);
    let after = options.after ?? 0;
    // Keyset pagination: each round trip holds at most `batchSize` events.
    for (;;) {
      this.assertOpen();
      const page = await this.backend.readPage(after, asOfMs, batchSize);
      for (const event of page) yield event;
      if (page.length < batchSize) return;
      after = page[page.length - 1]!.position;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.backend.headPosition();
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    checkSubscribe(options);
    return startSubscription(this, options, (wake) => {
      this.listeners.add(wake);
      const stopWatching = this.backend.watchExternal?.(wake);
      return () => {
        this.listeners.delete(wake);
        stopWatching?.();
      };
    });
  }

  async importEvents(
    events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    this.assertOpen();
    checkImportArguments(events, options);
    // Each batch is one transaction: a bad event leaves its whole batch out,
    // batches before it stay (and were reported through onProgress).
    const imported = await importInBatches(events, options, {
      decode: (event, line) => {
        checkImportedEnvelope(event, line);
        // Checked to be plain JSON just above: a JSON round trip is an exact, cheaper copy.
        return this.registry.decode(JSON.parse(JSON.stringify(event)), { line });
      },
      commit: (batch, before) => this.pipeline.importBatch(batch, before),
      committed: () => {},
    });
    return { imported, lastPosition: await this.backend.headPosition() };
  }

  // ---- checkpoints and projection snapshots -------------------------------

  async readCheckpoint(name: string): Promise<number> {
    this.assertOpen();
    checkId("readCheckpoint", "name", name);
    return this.backend.readCheckpoint(name);
  }

  async writeCheckpoint(name: string, position: number): Promise<void> {
    this.assertOpen();
    checkId("writeCheckpoint", "name", name);
    validateCheckpoint(name, position);
    await this.backend.writeCheckpoint(name, position);
  }

  async loadProjection(name: string): Promise<ProjectionSnapshot | undefined> {
    this.assertOpen();
    checkId("loadProjection", "name", name);
    return this.backend.loadProjection(name);
  }

  async saveProjection(snapshot: ProjectionSnapshot): Promise<void> {
    this.assertOpen();
    checkSnapshotArgument(snapshot);
    await this.backend.saveProjection(structuredClone(snapshot));
  }

  // ---- outbox ---------------------------------------------------------------

  async claimOutbox(options: ClaimOptions): Promise<OutboxRow[]> {
    this.assertOpen();
    checkClaim("claimOutbox", options);
    return this.backend.claimOutbox(Date.parse(options.now), options.limit, options.leaseMs);
  }

  async ackOutbox(id: string): Promise<void> {
    this.assertOpen();
    checkId("ackOutbox", "id", id);
    await this.backend.ackOutbox(id);
  }

  async failOutbox(id: string, error: string, retryAt: string): Promise<void> {
    this.assertOpen();
    checkFailOutbox(id, error, retryAt);
    await this.backend.failOutbox(id, error, retryAt);
  }

  async deadLetterOutbox(id: string, error: string): Promise<void> {
    this.assertOpen();
    new ArgumentCheck("deadLetterOutbox").id("id", id).text("error", error).done();
    await this.backend.deadLetterOutbox(id, error, this.clock.now());
  }

  async listDeadLetters(options?: ListDeadLettersOptions): Promise<DeadLetter[]> {
    this.assertOpen();
    return this.backend.listDeadLetters(checkListDeadLetters(options));
  }

  async redriveOutbox(id: string, availableAt: string): Promise<void> {
    this.assertOpen();
    new ArgumentCheck("redriveOutbox").id("id", id).time("availableAt", availableAt).done();
    await this.backend.redriveOutbox(id, availableAt);
  }

  // ---- timers ---------------------------------------------------------------

  async claimDueTimers(options: ClaimOptions): Promise<TimerSpec[]> {
    this.assertOpen();
    checkClaim("claimDueTimers", options);
    const { now, limit, leaseMs, kinds } = options;
    return this.backend.claimDueTimers(Date.parse(now), limit, leaseMs, kinds && [...kinds]);
  }

  async completeTimer(id: string): Promise<void> {
    this.assertOpen();
    checkId("completeTimer", "id", id);
    await this.backend.completeTimer(id);
  }

  async listTimers(streamId?: string): Promise<TimerSpec[]> {
    this.assertOpen();
    if (streamId !== undefined) checkId("listTimers", "streamId", streamId);
    return this.backend.listTimers(streamId);
  }

  // ---- personal-data keys -------------------------------------------------

  /** The key table, for the privacy module (`protectPersonalData(event, store.personalDataKeys)`). */
  get personalDataKeys(): PersonalDataKeys {
    return this;
  }

  async getKey(subjectId: string): Promise<Buffer | undefined> {
    this.assertOpen();
    checkSubjectId("getKey", subjectId);
    return this.backend.getKey(subjectId);
  }

  async createKey(subjectId: string, key: Buffer): Promise<Buffer> {
    this.assertOpen();
    checkSubjectId("createKey", subjectId);
    checkPersonalDataKey(subjectId, key);
    const stored = await this.backend.createKey(subjectId, Buffer.from(key));
    if (stored === "destroyed") {
      throw new PersonalDataKeyError(subjectId, "was erased; a new key is not issued");
    }
    return stored;
  }

  async destroyKey(subjectId: string): Promise<void> {
    this.assertOpen();
    checkSubjectId("destroyKey", subjectId);
    await this.backend.destroyKey(subjectId);
  }

  // ---- lifecycle ------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.listeners) wake();
    this.listeners.clear();
    await this.backend.close();
  }

  protected get isClosed(): boolean {
    return this.closed;
  }

  protected notify(): void {
    for (const wake of this.listeners) wake();
  }

  protected assertOpen(): void {
    if (this.closed) throw new StoreClosedError(this.kind);
  }
}
