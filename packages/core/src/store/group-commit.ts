import type { EventEnvelope } from "../events/envelope.js";
import type { EventRegistry } from "../events/registry.js";
import {
  type AppendFacts,
  type AppendPlan,
  type AppendRequest,
  type FactsNeeded,
  type PlannedWrite,
  planAppends,
  planImport,
} from "./append-plan.js";
import type { AppendResult, Clock, InlineHook } from "./event-store.js";

/**
 * Group commit: appends that arrive while the store is busy (or within one
 * turn of the event loop) are planned and written in one transaction, so N
 * concurrent callers pay for one fsync instead of N. Each caller still gets
 * its own result or error; nothing resolves before its transaction committed.
 */

type MaybePromise<T> = T | Promise<T>;

/** The one thing an adapter must do for appends and imports. */
export interface AppendBackend {
  /**
   * Open a write transaction, read the facts inside it, call `plan`, write
   * every `PlannedWrite` it returns in order, and commit durably. A throw
   * anywhere rolls everything back and is rethrown.
   */
  commit(
    need: FactsNeeded,
    plan: (facts: AppendFacts) => readonly PlannedWrite[],
  ): MaybePromise<void>;
}

export interface GroupCommitOptions {
  /** Batch concurrent appends into one transaction (default true). */
  enabled?: boolean;
  /** Appends per transaction at most (default 256). */
  maxBatch?: number;
  /**
   * How long the first append of a batch waits for company, in ms (default 0:
   * only until the current turn of the event loop ends, so a lone caller
   * does not wait for a timer).
   */
  maxWaitMs?: number;
}

export interface PipelineOptions {
  clock: Clock;
  registry: EventRegistry;
  groupCommit?: GroupCommitOptions;
  /** Runs after every commit that wrote events (stores wake their subscribers). */
  committed?: () => void;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A registered hook: folded into commits only while `ready` (started, not diverged). */
interface HookEntry {
  hook: InlineHook;
  ready: boolean;
  /** A start or reset under way; awaited before the next commit. */
  pending?: Promise<void>;
}

type Item =
  | ({ kind: "append"; request: AppendRequest } & Pending<AppendResult>)
  | ({ kind: "import"; batch: readonly EventEnvelope[]; offset: number } & Pending<void>);

export class AppendPipeline {
  private readonly queue: Item[] = [];
  private readonly hooks: HookEntry[] = [];
  private draining = false;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly grouped: boolean;

  constructor(
    private readonly backend: AppendBackend,
    private readonly options: PipelineOptions,
  ) {
    const group = options.groupCommit ?? {};
    this.grouped = group.enabled ?? true;
    this.maxBatch = this.grouped ? (group.maxBatch ?? 256) : 1;
    this.maxWaitMs = group.maxWaitMs ?? 0;
  }

  registerInline(hook: InlineHook): () => void {
    const entry: HookEntry = { hook, ready: hook.start === undefined };
    if (hook.start) this.prepare(entry, () => hook.start!());
    this.hooks.push(entry);
    return () => {
      const at = this.hooks.indexOf(entry);
      if (at >= 0) this.hooks.splice(at, 1);
    };
  }

  /**
   * Run a hook's start or reset now; it joins commits once that succeeded. A
   * hook whose start failed is left out of commits and started again before
   * the next one: it catches up from the log then, so nothing is lost.
   */
  private prepare(entry: HookEntry, run: () => Promise<void>): void {
    entry.ready = false;
    entry.pending = run().then(
      () => {
        entry.ready = true;
        entry.pending = undefined;
      },
      () => {
        entry.pending = undefined;
      },
    );
  }

  private async settleHooks(): Promise<void> {
    for (const entry of this.hooks) {
      if (!entry.ready && entry.pending === undefined) {
        const { hook } = entry;
        const again = hook.start ?? hook.reset;
        if (again) this.prepare(entry, () => again.call(hook));
      }
    }
    await Promise.all(this.hooks.map((entry) => entry.pending));
  }

  /** The hooks folded into this commit. */
  private readyHooks(): InlineHook[] {
    return this.hooks.filter((entry) => entry.ready).map((entry) => entry.hook);
  }

  /** Some folded events were not committed: every ready hook reloads before the next commit. */
  private resetHooks(hooks: readonly InlineHook[]): void {
    for (const entry of this.hooks) {
      if (!hooks.includes(entry.hook)) continue;
      const { hook } = entry;
      const reload = hook.reset ?? hook.start;
      if (reload) this.prepare(entry, () => reload.call(hook));
      else entry.ready = false;
    }
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: "append", request, resolve, reject });
    });
  }

  importBatch(batch: readonly EventEnvelope[], offset: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: "import", batch, offset, resolve, reject });
    });
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    if (this.draining) return;
    this.draining = true;
    const drain = () => void this.drain();
    if (!this.grouped) drain();
    else if (this.maxWaitMs > 0) setTimeout(drain, this.maxWaitMs);
    // After every promise continuation of this turn has run (callers whose
    // reads resolved are then queued too), before any I/O or timer: a lone
    // caller waits for no event-loop turn.
    else process.nextTick(drain);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.settleHooks();
        const first = this.queue[0]!;
        if (first.kind === "import") {
          this.queue.shift();
          await this.commitImport(first);
        } else {
          const batch: Extract<Item, { kind: "append" }>[] = [];
          while (batch.length < this.maxBatch && this.queue[0]?.kind === "append") {
            batch.push(this.queue.shift() as Extract<Item, { kind: "append" }>);
          }
          await this.commitAppends(batch);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitAppends(batch: Extract<Item, { kind: "append" }>[]): Promise<void> {
    const requests = batch.map((item) => item.request);
    const need: FactsNeeded = {
      streamIds: [...new Set(requests.map((r) => r.streamId))],
      idempotencyKeys: requests.flatMap((r) =>
        r.options.idempotencyKey === undefined ? [] : [r.options.idempotencyKey],
      ),
    };
    let plan: AppendPlan | undefined;
    const hooks = this.readyHooks();
    try {
      await this.backend.commit(need, (facts) => {
        plan = planAppends(requests, facts, {
          registry: this.options.registry,
          now: () => this.options.clock.now(),
          hooks,
        });
        return plan.writes;
      });
    } catch (error) {
      if (plan?.writes.length) this.resetHooks(hooks);
      // A retryable failure (a lost connection: COMMIT may have landed) is
      // every append's: running them again one by one could append twice.
      const retryable = (error as { retryable?: unknown } | null)?.retryable === true;
      if (batch.length > 1 && !retryable) {
        // The transaction failed as a whole (the disk, the lock, a bug): try
        // each append alone, so the error reaches only the append it belongs to.
        for (const item of batch) {
          await this.settleHooks();
          await this.commitAppends([item]);
        }
        return;
      }
      for (const item of batch) item.reject(error);
      return;
    }
    if (plan!.hooksDiverged) this.resetHooks(hooks);
    if (plan!.writes.length > 0) this.options.committed?.();
    plan!.outcomes.forEach((outcome, i) => {
      if (outcome.ok) batch[i]!.resolve(outcome.result);
      else batch[i]!.reject(outcome.error);
    });
  }

  private async commitImport(item: Extract<Item, { kind: "import" }>): Promise<void> {
    let folded = false;
    const hooks = this.readyHooks();
    try {
      // The batch's streams, for backends that load facts in bulk (PostgreSQL).
      const streamIds = [...new Set(item.batch.map((e) => e.streamId))];
      await this.backend.commit({ streamIds, idempotencyKeys: [] }, (facts) => {
        folded = true;
        return [planImport(item.batch, item.offset, facts, hooks)];
      });
    } catch (error) {
      if (folded) this.resetHooks(hooks);
      item.reject(error);
      return;
    }
    this.options.committed?.();
    item.resolve();
  }
}
