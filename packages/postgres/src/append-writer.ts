import {
  type AppendOptions,
  type AppendResult,
  ConcurrencyError,
  checkExpectedVersion,
  type EventEnvelope,
  type NewEvent,
  type ProjectionSnapshot,
  placeEvents,
  type TimerSpec,
  validateSnapshot,
} from "@petitio/core";
import type { Connection } from "./connection.js";
import { isLockTimeout, isUniqueViolation, StoreBusyError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { columnParams, type EventRow, rowToEnvelope, toColumns } from "./rows.js";
import type { Statements } from "./sql.js";

/**
 * Group commit. Appends queue here; one loop takes every queued append (up
 * to `maxBatch`) and commits them in one transaction: lock the head row,
 * read the streams' versions, decide each append on its own (a conflict or a
 * failing inline projection rejects that append only), write all accepted
 * ones in one statement, COMMIT, then settle every caller. A lone caller
 * waits for nobody: the loop starts at once when idle, and appends that
 * arrive while a commit is in flight form the next batch.
 *
 * Nothing is acknowledged before COMMIT has returned.
 */

interface Pending {
  streamId: string;
  events: readonly NewEvent[];
  options: AppendOptions;
  /** Set when the append failed validation: still reported as a duplicate if its key was used. */
  invalid?: unknown;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome =
  | { kind: "appended"; result: AppendResult }
  | { kind: "duplicate"; of: IdempotencyRow | Pending }
  | { kind: "failed"; error: unknown };

interface IdempotencyRow {
  key: string;
  stream_id: string;
  first_position: number;
  last_position: number;
  next_expected_version: number;
}

export interface WriterStats {
  appends: number;
  batches: number;
  largestBatch: number;
  /** Appends that waited longer than `slowLockWarningMs` for the head row. */
  slowHeadLocks: number;
  maxHeadLockWaitMs: number;
}

/** Net timer changes of a batch, applied in order: what to delete and what to upsert. */
class TimerPlan {
  readonly cancelStreams = new Set<string>();
  readonly cancelIds = new Set<string>();
  readonly upserts = new Map<string, TimerSpec>();
  add(streamId: string, changes: NonNullable<AppendOptions["timers"]>): void {
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

export class AppendWriter {
  readonly stats: WriterStats = {
    appends: 0,
    batches: 0,
    largestBatch: 0,
    slowHeadLocks: 0,
    maxHeadLockWaitMs: 0,
  };
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Connection,
    private readonly sql: Statements,
    private readonly options: ResolvedOptions,
  ) {}

  submit(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    invalid?: unknown,
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, options, invalid, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        let outcomes: Outcome[];
        try {
          outcomes = await this.commit(batch);
        } catch (error) {
          const mapped = this.mapError(error, batch);
          for (const p of batch) p.reject(mapped);
          continue;
        }
        this.settle(batch, outcomes);
      }
    } finally {
      this.running = false;
    }
  }

  private settle(batch: Pending[], outcomes: Outcome[]): void {
    const results = new Map<Pending, AppendResult>();
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind === "appended") results.set(p, outcome.result);
    });
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind === "appended") p.resolve(outcome.result);
      else if (outcome.kind === "failed") p.reject(outcome.error);
      else if ("resolve" in outcome.of) {
        const first = results.get(outcome.of)!;
        p.resolve({ ...first, events: [...first.events], duplicate: true });
      }
    });
  }

  private mapError(error: unknown, batch: Pending[]): unknown {
    if (isLockTimeout(error)) return new StoreBusyError(this.options.lockTimeoutMs);
    if (isUniqueViolation(error)) {
      // Only reachable if a writer bypassed the head lock; report the conflict it is.
      const first = batch[0]!;
      return new ConcurrencyError(first.streamId, first.options.expectedVersion, -1);
    }
    return error;
  }

  private async commit(batch: Pending[]): Promise<Outcome[]> {
    const { sql, options } = this;
    const streamIds = [...new Set(batch.map((p) => p.streamId))];
    const keys = batch.flatMap((p) =>
      p.options.idempotencyKey === undefined ? [] : [p.options.idempotencyKey],
    );
    const begin = `${sql.lockHead(options.lockTimeoutMs)}; ${sql.facts(streamIds, keys)}`;
    const started = performance.now();
    return this.db.transaction("append", begin, async (client, begun) => {
      this.noteLockWait(performance.now() - started, batch.length);
      // [BEGIN, SET, head, stream versions, idempotency rows]
      const head = (begun[2]!.rows[0] as { position: number }).position;
      const versionRows = begun[3]!.rows as { stream_id: string; version: number }[];
      const base = new Map(versionRows.map((r) => [r.stream_id, r.version]));
      const used = new Map<string, IdempotencyRow | Pending>();
      for (const row of begun[4]!.rows as IdempotencyRow[]) used.set(row.key, row);

      const versions = new Map(base);
      const placedAll: EventEnvelope[] = [];
      const snapshots = new Map<string, ProjectionSnapshot>();
      const timers = new TimerPlan();
      const outbox: unknown[][] = [[], [], [], [], [], [], []];
      const idempotency: unknown[][] = [[], [], [], [], []];
      const outboxKeys = new Set<string>();
      let position = head;

      const outcomes: Outcome[] = batch.map((p) => {
        const key = p.options.idempotencyKey;
        const seen = key === undefined ? undefined : used.get(key);
        if (seen) return { kind: "duplicate", of: seen };
        if (p.invalid !== undefined) return { kind: "failed", error: p.invalid };
        try {
          const current = versions.get(p.streamId) ?? 0;
          checkExpectedVersion(p.streamId, p.options.expectedVersion, current);
          const placed = placeEvents(
            p.streamId,
            p.events,
            current,
            position,
            options.clock.now(),
            options.registry,
          );
          const made = p.options.inline?.([...placed]) ?? [];
          for (const snapshot of made) validateSnapshot(snapshot, "inline projection snapshot");
          const first = placed[0]!;
          const last = placed[placed.length - 1]!;
          // Accepted: from here on nothing throws.
          placedAll.push(...placed);
          position = last.position;
          versions.set(p.streamId, last.version);
          for (const snapshot of made) snapshots.set(snapshot.name, snapshot);
          for (const m of p.options.outbox ?? []) {
            if (outboxKeys.has(m.key)) continue;
            outboxKeys.add(m.key);
            const row = [
              m.key,
              m.channel,
              JSON.stringify(m.payload),
              p.streamId,
              last.position,
              first.recordedAt,
              Date.parse(first.recordedAt),
            ];
            row.forEach((v, i) => {
              outbox[i]!.push(v);
            });
          }
          if (p.options.timers !== undefined) timers.add(p.streamId, p.options.timers);
          if (key !== undefined) {
            used.set(key, p);
            const row = [key, p.streamId, first.position, last.position, last.version];
            row.forEach((v, i) => {
              idempotency[i]!.push(v);
            });
          }
          return {
            kind: "appended",
            result: {
              streamId: p.streamId,
              events: placed,
              nextExpectedVersion: last.version,
              lastPosition: last.position,
              duplicate: false,
            },
          };
        } catch (error) {
          return { kind: "failed", error };
        }
      });

      if (placedAll.length > 0) {
        const touched = [...new Set(placedAll.map((e) => e.streamId))];
        const upserts = [...timers.upserts.values()];
        const params = [
          ...columnParams(toColumns(placedAll)),
          touched,
          touched.map((id) => base.get(id) ?? 0),
          position,
          head,
          ...outbox,
          ...idempotency,
          [...snapshots.values()].map((s) => s.name),
          [...snapshots.values()].map((s) => s.version),
          [...snapshots.values()].map((s) => s.position),
          [...snapshots.values()].map((s) => JSON.stringify(s.state)),
          [...timers.cancelStreams],
          [...timers.cancelIds],
          upserts.map((t) => t.id),
          upserts.map((t) => t.streamId),
          upserts.map((t) => t.fireAt),
          upserts.map((t) => Date.parse(t.fireAt)),
          upserts.map((t) => t.kind),
          upserts.map((t) => (t.payload === undefined ? null : JSON.stringify(t.payload))),
          sql.channel,
        ];
        // Named: prepared once per connection, not planned again for every batch.
        const done = await client.query<{ inserted: number; head_moved: number }>({
          name: `petitio_${sql.channel}_append`,
          text: sql.appendBatch,
          values: params,
        });
        const row = done.rows[0]!;
        if (row.inserted !== placedAll.length || row.head_moved !== 1) {
          const first = batch[0]!;
          throw new ConcurrencyError(first.streamId, first.options.expectedVersion, -1);
        }
      }
      // Duplicates of earlier appends: their first events, read in this transaction.
      for (const outcome of outcomes) {
        if (outcome.kind !== "duplicate" || "resolve" in outcome.of) continue;
        const first = outcome.of;
        const rows = await client.query<EventRow>(sql.readPositions, [
          first.first_position,
          first.last_position,
          first.stream_id,
        ]);
        const events = rows.rows.map(rowToEnvelope);
        Object.assign(outcome, {
          kind: "appended",
          result: {
            streamId: first.stream_id,
            events,
            nextExpectedVersion: first.next_expected_version,
            lastPosition: first.last_position,
            duplicate: true,
          },
        });
      }
      this.stats.batches++;
      this.stats.appends += outcomes.filter((o) => o.kind === "appended").length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
      return outcomes;
    });
  }

  private noteLockWait(ms: number, appends: number): void {
    this.stats.maxHeadLockWaitMs = Math.max(this.stats.maxHeadLockWaitMs, ms);
    if (ms > this.options.slowLockWarningMs) {
      this.stats.slowHeadLocks += appends;
      this.options.onWarning(
        `append waited ${Math.round(ms)} ms for the event log's head row: another session holds it (a long commit or a transaction left open)`,
      );
    }
  }
}
