import { IdempotencyConflictError, LogOrderError } from "../errors.js";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import type { EventRegistry } from "../events/registry.js";
import { chainHash, GENESIS_HASH, isChainHash, sealEnvelope } from "../integrity/chain.js";
import {
  checkExpectedVersion,
  checkImportedBatch,
  placeEvents,
  validateSnapshot,
} from "./append-checks.js";
import type {
  AppendOptions,
  AppendResult,
  InlineHook,
  OutboxMessage,
  ProjectionSnapshot,
  TimerChanges,
} from "./event-store.js";

/**
 * The append plan (docs/storage.md "One append pipeline"): core works out
 * everything an append or import batch writes (placed envelopes with their
 * schema versions, outbox rows, timer changes, idempotency rows, inline
 * projection snapshots) from a few facts the adapter reads inside its write
 * transaction. The adapter then only writes the plan and commits; no adapter
 * repeats an append step.
 */

/** One validated `append` call, with private copies of its events. */
export interface AppendRequest {
  streamId: string;
  events: readonly NewEvent[];
  options: AppendOptions;
}

/** What an adapter reads inside its write transaction for the planner. */
export interface AppendFacts {
  /** Highest position, 0 when empty. */
  head(): number;
  /** Current version of a stream, 0 when missing. */
  streamVersion(streamId: string): number;
  /** The stored result of the first append with this key (its events included). */
  findIdempotent(key: string): AppendResult | undefined;
  /**
   * `hash` of the event at the head: `GENESIS_HASH` when the log is empty,
   * undefined when the head event was stored before the chain (unsealed).
   */
  lastHash(): string | undefined;
}

/** The streams and keys a batch touches, for adapters that load facts in bulk (PostgreSQL). */
export interface FactsNeeded {
  streamIds: readonly string[];
  idempotencyKeys: readonly string[];
}

export interface PlannedOutboxRow extends OutboxMessage {
  streamId: string;
  /** Position of the last event of its append. */
  position: number;
  /** `recordedAt` of its append: claimable at once. */
  availableAt: string;
}

export interface PlannedTimerChanges extends TimerChanges {
  /** The appended stream (`cancelAllForStream` applies to it). */
  streamId: string;
}

export interface IdempotencyRecord {
  key: string;
  streamId: string;
  firstPosition: number;
  lastPosition: number;
  nextExpectedVersion: number;
}

/**
 * One unit of writes: an append, or an import batch. Write in this order:
 * events, snapshots, outbox rows (a key already used is skipped), timer
 * changes (cancel all of the stream, cancel ids, then set), idempotency row.
 */
export interface PlannedWrite {
  events: EventEnvelope[];
  snapshots: ProjectionSnapshot[];
  outbox: PlannedOutboxRow[];
  timers?: PlannedTimerChanges;
  idempotency?: IdempotencyRecord;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface AppendPlan {
  /** What to write, in order, in one transaction. */
  writes: PlannedWrite[];
  /** One per request, in request order: its result, or the error only it gets. */
  outcomes: AppendOutcome[];
  /** An inline hook folded events that are not in `writes`: reset the hooks after the commit. */
  hooksDiverged: boolean;
}

export interface PlanContext {
  registry: EventRegistry;
  /** Store time for `recordedAt`, read once per append. */
  now: () => string;
  hooks: readonly InlineHook[];
}

/** Fold `events` through every hook (and the call's own `inline`), collecting snapshots. */
const foldInline = (
  hooks: readonly InlineHook[],
  own: AppendOptions["inline"],
  events: readonly EventEnvelope[],
): ProjectionSnapshot[] => {
  const snapshots: ProjectionSnapshot[] = [];
  for (const hook of hooks) snapshots.push(...(hook.apply(events) ?? []));
  if (own) snapshots.push(...(own([...events]) ?? []));
  for (const snapshot of snapshots) validateSnapshot(snapshot, "inline projection snapshot");
  return snapshots;
};

/**
 * Plan a batch of appends in order. Each request is checked against the
 * facts plus the requests before it in the batch, so a version conflict or a
 * throwing inline projection fails that request alone and the others still
 * commit. A repeated idempotency key (in the store or earlier in the batch)
 * is answered with the first result and writes nothing; the same key on
 * another stream is an `IdempotencyConflictError` (a key is unique per store).
 */
export const planAppends = (
  requests: readonly AppendRequest[],
  facts: AppendFacts,
  context: PlanContext,
): AppendPlan => {
  const versions = new Map<string, number>();
  const keys = new Map<string, AppendResult>();
  const writes: PlannedWrite[] = [];
  const outcomes: AppendOutcome[] = [];
  let head = facts.head();
  // An unsealed head (stored before the chain) cannot be linked to: start from genesis.
  let prevHash = facts.lastHash() ?? GENESIS_HASH;
  let hooksDiverged = false;
  for (const { streamId, events, options } of requests) {
    const key = options.idempotencyKey;
    const first = key === undefined ? undefined : (keys.get(key) ?? facts.findIdempotent(key));
    if (first) {
      // A key is unique per store: a repeat on another stream is not the same command.
      outcomes.push(
        first.streamId === streamId
          ? { ok: true, result: { ...first, events: [...first.events], duplicate: true } }
          : {
              ok: false,
              error: new IdempotencyConflictError(key!, { streamId: first.streamId }, { streamId }),
            },
      );
      continue;
    }
    let folded = false;
    try {
      const current = versions.get(streamId) ?? facts.streamVersion(streamId);
      checkExpectedVersion(streamId, options.expectedVersion, current);
      // Sealed inside the transaction, so the chain follows the commit order (decision 1).
      let link = prevHash;
      const placed = placeEvents(
        streamId,
        events,
        current,
        head,
        context.now(),
        context.registry,
      ).map((envelope) => {
        const sealed = sealEnvelope(link, envelope);
        link = sealed.hash;
        return sealed;
      });
      folded = true;
      const snapshots = foldInline(context.hooks, options.inline, placed);
      const last = placed[placed.length - 1]!;
      const result: AppendResult = {
        streamId,
        events: placed,
        nextExpectedVersion: last.version,
        lastPosition: last.position,
        duplicate: false,
      };
      const write: PlannedWrite = {
        events: placed,
        snapshots,
        outbox: (options.outbox ?? []).map((message) => ({
          ...message,
          streamId,
          position: last.position,
          availableAt: placed[0]!.recordedAt,
        })),
      };
      if (options.timers !== undefined) write.timers = { ...options.timers, streamId };
      if (key !== undefined) {
        write.idempotency = {
          key,
          streamId,
          firstPosition: placed[0]!.position,
          lastPosition: last.position,
          nextExpectedVersion: last.version,
        };
        keys.set(key, result);
      }
      writes.push(write);
      outcomes.push({ ok: true, result });
      versions.set(streamId, last.version);
      head = last.position;
      prevHash = link;
    } catch (error) {
      if (folded) hooksDiverged = true;
      outcomes.push({ ok: false, error });
    }
  }
  return { writes, outcomes, hooksDiverged };
};

/**
 * Imported events keep the chain fields they carry, and those are checked:
 * each sealed event's `hash` must be its content's hash, and its `prevHash`
 * the `hash` of the event before it (the store's head for the first; genesis
 * for an empty store). Unsealed events (logs from before the chain) are
 * imported as they are; an event after one is not linked.
 */
const checkImportedChain = (
  batch: readonly EventEnvelope[],
  offset: number,
  headHash: string | undefined,
): void => {
  let expected = headHash;
  batch.forEach((event, i) => {
    const { prevHash, hash } = event as { prevHash?: unknown; hash?: unknown };
    const line = offset + i + 1;
    if (prevHash === undefined && hash === undefined) {
      expected = undefined;
      return;
    }
    if (!isChainHash(prevHash) || !isChainHash(hash)) {
      throw new LogOrderError(
        line,
        "hash",
        "prevHash and hash must both be 64 lowercase hex digits",
      );
    }
    if (expected !== undefined && prevHash !== expected) {
      throw new LogOrderError(
        line,
        "prevHash",
        `does not follow the hash of the event before it (${expected.slice(0, 12)}…): an event was removed, reordered or inserted`,
      );
    }
    if (chainHash(prevHash, event) !== hash) {
      throw new LogOrderError(
        line,
        "hash",
        "does not match the event's content: it was changed after it was sealed",
      );
    }
    expected = hash;
  });
};

/**
 * Plan one import batch: every event continues its stream and the log
 * (checked against the facts and the events before it), then is folded
 * through the inline hooks. A bad event throws and the batch writes nothing.
 */
export const planImport = (
  batch: readonly EventEnvelope[],
  offset: number,
  facts: AppendFacts,
  hooks: readonly InlineHook[],
): PlannedWrite => {
  checkImportedBatch(batch, offset, facts.head(), (streamId) => facts.streamVersion(streamId));
  checkImportedChain(batch, offset, facts.lastHash());
  return { events: [...batch], snapshots: foldInline(hooks, undefined, batch), outbox: [] };
};
