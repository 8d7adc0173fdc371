import { ValidationError } from "../errors.js";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ProjectionSnapshot,
  Subscription,
} from "../store/event-store.js";
import {
  type AnyProjection,
  type Projection,
  snapshotStateOf,
  stateFromSnapshot,
} from "./projection.js";
import { replay } from "./replay.js";

/**
 * Keeps projections up to date against a store (docs/metrics.md):
 *
 * - inline projections fold each append inside the store's transaction
 *   (`runner.inline` is the `AppendOptions.inline` hook), so their snapshot
 *   is never behind or ahead of the log;
 * - async projections follow the log through a checkpointed subscription,
 *   snapshot every `snapshotEvery` events, and resume from the snapshot after
 *   a restart;
 * - a stored snapshot of another `version` (or none) is rebuilt from the log.
 */

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Updated in the append transaction through `runner.inline` / `runner.append`. */
  inline?: readonly AnyProjection[];
  /** Updated after the fact by a subscription that follows a checkpoint. */
  async?: readonly AnyProjection[];
  /** Async projections save a snapshot after this many events (default 1000), on `caughtUp` and on `stop`. */
  snapshotEvery?: number;
  /**
   * Inline projections return their snapshot with every `inlineSnapshotEvery`-th
   * append (default 1: every append). The in-memory state is updated with every
   * append either way; a snapshot that lags is caught up from the log at
   * `start`. Raise it for projections with a large state (the fact table of a
   * big log), since the store contract saves whole snapshots.
   */
  inlineSnapshotEvery?: number;
  /** An async projection's `apply` threw: it stops, the error is passed here and `caughtUp()` rejects with it. */
  onError?: (name: string, error: unknown) => void;
}

interface Entry {
  projection: AnyProjection;
  mode: "inline" | "async";
  state: unknown;
  /** Last log position folded into `state`. */
  position: number;
  /** Position of the last snapshot saved. */
  savedPosition: number;
  /** Inline: appends folded since the last snapshot was returned. */
  appendsSinceSnapshot: number;
  subscription?: Subscription;
  error?: unknown;
}

/** The checkpoint an async projection's subscription keeps in the store. */
export const projectionCheckpointName = (name: string): string => `projection:${name}`;

export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly entries = new Map<string, Entry>();
  private readonly snapshotEvery: number;
  private readonly inlineSnapshotEvery: number;
  private readonly onError: ((name: string, error: unknown) => void) | undefined;
  private started = false;

  constructor(options: ProjectionRunnerOptions) {
    this.store = options.store;
    this.snapshotEvery = options.snapshotEvery ?? 1000;
    this.inlineSnapshotEvery = options.inlineSnapshotEvery ?? 1;
    this.onError = options.onError;
    for (const field of ["snapshotEvery", "inlineSnapshotEvery"] as const) {
      const value = this[field];
      if (!Number.isInteger(value) || value < 1) {
        throw new ValidationError("projection runner options", [
          { path: field, message: `must be an integer ≥ 1, got ${JSON.stringify(value)}` },
        ]);
      }
    }
    const add = (projection: AnyProjection, mode: Entry["mode"], i: number) => {
      if (this.entries.has(projection.name)) {
        throw new ValidationError("projection runner options", [
          { path: `${mode}.${i}.name`, message: `projection "${projection.name}" is listed twice` },
        ]);
      }
      this.entries.set(projection.name, {
        projection,
        mode,
        state: undefined,
        position: 0,
        savedPosition: 0,
        appendsSinceSnapshot: 0,
      });
    };
    for (const [i, p] of (options.inline ?? []).entries()) add(p, "inline", i);
    for (const [i, p] of (options.async ?? []).entries()) add(p, "async", i);
  }

  /**
   * Load every snapshot (rebuilding those of another version), bring inline
   * projections up to the head, and start the async subscriptions. Call it
   * before the first append that uses `inline`.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const entry of this.entries.values()) {
      await this.load(entry);
      if (entry.mode === "inline") await this.catchUpInline(entry);
      else await this.follow(entry);
    }
  }

  /**
   * The `AppendOptions.inline` hook: folds the appended events into every
   * inline projection and returns their snapshots for the store to save in
   * the same transaction. If the append then fails, call `reload()` (or use
   * `append`, which does).
   */
  readonly inline = (events: readonly EventEnvelope[]): ProjectionSnapshot[] => {
    const snapshots: ProjectionSnapshot[] = [];
    for (const entry of this.entries.values()) {
      if (entry.mode !== "inline") continue;
      for (const event of events) {
        if (event.position <= entry.position) continue;
        entry.state = entry.projection.apply(entry.state, event);
        entry.position = event.position;
      }
      if (++entry.appendsSinceSnapshot >= this.inlineSnapshotEvery) {
        entry.appendsSinceSnapshot = 0;
        entry.savedPosition = entry.position;
        snapshots.push(this.snapshotOf(entry));
      }
    }
    return snapshots;
  };

  /** `store.append` with the inline hook; a failed append restores the inline states from the store. */
  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: Omit<AppendOptions, "inline">,
  ): Promise<AppendResult> {
    try {
      return await this.store.append(streamId, events, { ...options, inline: this.inline });
    } catch (error) {
      await this.reload();
      throw error;
    }
  }

  /** Reload inline projections from their stored snapshots (after a failed append). */
  async reload(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.mode !== "inline") continue;
      await this.load(entry);
      await this.catchUpInline(entry);
    }
  }

  /** Current state of a projection (inline: up to the last append; async: as far as it has followed). */
  state<TState>(name: string): TState {
    return this.entry(name).state as TState;
  }

  /** Last log position folded into a projection. */
  position(name: string): number {
    return this.entry(name).position;
  }

  /** Run a projection's own `query` on its current state. */
  query<TState, TQuery, TResult>(
    projection: Projection<TState, TQuery, TResult>,
    query: TQuery,
  ): TResult {
    const entry = this.entry(projection.name);
    if (!projection.query) {
      throw new ValidationError("projection query", [
        { path: "projection", message: `"${projection.name}" has no query` },
      ]);
    }
    return projection.query(entry.state as TState, query);
  }

  /**
   * What a projection showed at `asOf`: a replay of the store's log that
   * skips events that occurred after `asOf`. Independent of the live state.
   */
  async stateAsOf<TState>(name: string, asOf: string): Promise<TState> {
    const projection = this.entry(name).projection as Projection<TState>;
    return replay(projection, this.store.readAll(), { asOf });
  }

  /** Resolves once every async projection has handled the store's head, and saves their snapshots. */
  async caughtUp(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.mode !== "async") continue;
      await entry.subscription?.caughtUp();
      if (entry.error !== undefined) throw entry.error;
      await this.save(entry);
    }
  }

  /** Forget a projection's state and fold the whole log again. */
  async rebuild(name: string): Promise<void> {
    const entry = this.entry(name);
    await entry.subscription?.stop();
    entry.subscription = undefined;
    entry.state = entry.projection.init();
    entry.position = 0;
    entry.savedPosition = -1;
    if (entry.mode === "inline") await this.catchUpInline(entry);
    else await this.follow(entry);
  }

  /** Stop async subscriptions and save their snapshots. */
  async stop(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.mode !== "async" || !entry.subscription) continue;
      await entry.subscription.stop();
      entry.subscription = undefined;
      if (entry.error === undefined) await this.save(entry);
    }
    this.started = false;
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new ValidationError("projection", [
        { path: "name", message: `no projection named "${name}" in this runner` },
      ]);
    }
    if (entry.state === undefined) {
      entry.state = entry.projection.init();
    }
    return entry;
  }

  /** Load the stored snapshot, or start from scratch when there is none or its version differs. */
  private async load(entry: Entry): Promise<void> {
    const { projection } = entry;
    entry.appendsSinceSnapshot = 0;
    const snapshot = await this.store.loadProjection(projection.name);
    if (snapshot && snapshot.version === projection.version) {
      entry.state = stateFromSnapshot(projection, snapshot.state);
      entry.position = snapshot.position;
      entry.savedPosition = snapshot.position;
    } else {
      entry.state = projection.init();
      entry.position = 0;
      // Force a save: an old-version snapshot must be replaced even if the log is empty.
      entry.savedPosition = -1;
    }
  }

  /** Fold what the log holds beyond the inline projection's position, then save. */
  private async catchUpInline(entry: Entry): Promise<void> {
    for await (const event of this.store.readAll({ after: entry.position })) {
      entry.state = entry.projection.apply(entry.state, event);
      entry.position = event.position;
    }
    if (entry.position !== entry.savedPosition) await this.save(entry);
  }

  /** Start the subscription of an async projection from its loaded position. */
  private async follow(entry: Entry): Promise<void> {
    const checkpoint = projectionCheckpointName(entry.projection.name);
    // The checkpoint may be ahead of the snapshot (saved less often): rewind it
    // so the events in between are folded again rather than lost.
    await this.store.writeCheckpoint(checkpoint, entry.position);
    if (entry.savedPosition === -1) await this.save(entry);
    let sinceSave = 0;
    entry.subscription = this.store.subscribe({
      checkpoint,
      after: entry.position,
      handler: async (event) => {
        entry.state = entry.projection.apply(entry.state, event);
        entry.position = event.position;
        if (++sinceSave >= this.snapshotEvery) {
          sinceSave = 0;
          await this.save(entry);
        }
      },
      onError: (error) => {
        entry.error = error;
        if (this.onError) this.onError(entry.projection.name, error);
      },
    });
  }

  private snapshotOf(entry: Entry): ProjectionSnapshot {
    return {
      name: entry.projection.name,
      version: entry.projection.version,
      position: entry.position,
      state: snapshotStateOf(entry.projection, entry.state),
    };
  }

  private async save(entry: Entry): Promise<void> {
    if (entry.position === entry.savedPosition) return;
    await this.store.saveProjection(this.snapshotOf(entry));
    entry.savedPosition = entry.position;
  }
}
