import type { Actor, EventEnvelope } from "../events/envelope.js";
import type { PersonalDataKeys } from "../privacy/keys.js";
import { revealPersonalData } from "../privacy/personal-data.js";
import type {
  Clock,
  DeadLetter,
  EventLog,
  OutboxRow,
  OutboxStore,
  StorePersonalDataKeys,
} from "../store/event-store.js";
import { type BackoffOptions, backoffDelay } from "./backoff.js";
import { buildNotification, type RenderSettings } from "./build-notification.js";
import type { DeliveryTarget, NotificationChannel } from "./channel.js";
import { NotifyConfigError } from "./config-error.js";
import { asDeliveryError, type DeliveryError } from "./delivery-error.js";
import {
  deliveredEvent,
  deliveredKey,
  deliveredTargets,
  failedEvent,
  failedKey,
} from "./delivery-records.js";
import { RateLimiter } from "./rate-limiter.js";

/**
 * The dispatcher (docs/notifications.md): claims outbox rows, renders them, delivers them
 * through channels and records the outcome in the log.
 *
 * Exactly once, as far as a receiver can tell: a row stays in the outbox until
 * every target acknowledged it, so a crash loses nothing (the lease runs out
 * and the row is claimed again); each acknowledgement is written to the log
 * (`NotificationDelivered`) before the row is acked, and a target with such a
 * record is never sent that row again. The one window left — the receiver
 * acknowledged, the process died before writing the record — gives a repeat
 * with the same idempotency key (the row id), which the receiver drops.
 */

/** What the dispatcher uses of a store: streams, the outbox, and its keys when it has them. */
export type DispatchStore = Pick<EventLog, "kind" | "append" | "readStream"> &
  OutboxStore &
  Partial<StorePersonalDataKeys>;

export interface DispatcherOptions extends RenderSettings {
  store: DispatchStore;
  channels: readonly NotificationChannel[];
  /** Business time for claims, retries and the records' `occurredAt`: give it the engine's clock. */
  clock: Clock;
  /** Attempts before a row is dead-lettered (default 8). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How long a claim lasts (default 5 min): a row a dead process held is retried after it. */
  leaseMs?: number;
  /** Rows claimed at once (default 10). */
  batchSize?: number;
  /** The actor of the delivery records (default `{ id: "dispatcher", role: "system" }`). */
  actor?: Actor;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Waiting for rate limits and between polls; defaults to real timers. */
  timer?: DispatchTimer;
  /** Called once per row settled: for logs and progress. */
  onOutcome?: (outcome: RowOutcome) => void;
  /**
   * The keys of protected personal data (default: the store's own key table):
   * petitioner notices then name and reach the petitioner. A value whose key
   * is missing or erased is left out, never shown as ciphertext.
   */
  personalDataKeys?: PersonalDataKeys;
}

export interface DispatchTimer {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: DispatchTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type RowStatus = "delivered" | "retrying" | "deadLettered" | "skipped";

export interface RowOutcome {
  id: string;
  key: string;
  channel: string;
  attempt: number;
  status: RowStatus;
  /** Targets that acknowledged the row in this run. */
  deliveredTo: string[];
  error?: string;
  /** When `retrying`: the moment the row may be claimed again. */
  retryAt?: string;
}

export interface DispatchSummary {
  claimed: number;
  delivered: number;
  retrying: number;
  deadLettered: number;
  skipped: number;
  outcomes: RowOutcome[];
}

export interface Dispatcher {
  /** Claim one batch and settle every row of it. */
  dispatchOnce(): Promise<DispatchSummary>;
  /** Batches until no row is claimable now (rows waiting for a retry stay for later). */
  drain(): Promise<DispatchSummary>;
  /** Keep draining, polling every `intervalMs` (default 1 s) when idle, until `stop()`. */
  start(options?: { intervalMs?: number; onError?: (error: unknown) => void }): void;
  /** Finish the row in hand and stop polling. */
  stop(): Promise<void>;
  listDeadLetters(options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Make a dead-lettered row pending again (default: claimable now). */
  redrive(id: string, availableAt?: string): Promise<void>;
}

const addMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

const emptySummary = (): DispatchSummary => ({
  claimed: 0,
  delivered: 0,
  retrying: 0,
  deadLettered: 0,
  skipped: 0,
  outcomes: [],
});

const count = (summary: DispatchSummary, outcome: RowOutcome): void => {
  summary.outcomes.push(outcome);
  summary[outcome.status]++;
};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, clock } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 10;
  const actor: Actor = options.actor ?? { id: "dispatcher", role: "system" };
  const random = options.random ?? Math.random;
  const timer = options.timer ?? realTimer;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new NotifyConfigError("maxAttempts", `must be an integer ≥ 1; got ${maxAttempts}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new NotifyConfigError("batchSize", `must be an integer ≥ 1; got ${batchSize}`);
  if (!(leaseMs > 0)) throw new NotifyConfigError("leaseMs", `must be > 0; got ${leaseMs}`);

  const personalDataKeys: PersonalDataKeys | undefined =
    options.personalDataKeys ??
    (typeof store.getKey === "function" ? (store as StorePersonalDataKeys) : undefined);
  const channels = new Map<string, NotificationChannel>();
  for (const channel of options.channels) {
    if (channels.has(channel.name))
      throw new NotifyConfigError("channels", `two channels are named "${channel.name}"`);
    channels.set(channel.name, channel);
  }
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (channel: string, target: DeliveryTarget): RateLimiter | undefined => {
    if (!target.rateLimits || target.rateLimits.length === 0) return undefined;
    const id = `${channel}\u0000${target.id}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiter(target.rateLimits);
      limiters.set(id, limiter);
    }
    return limiter;
  };

  /** Give up on a row: the log says so, then the row is parked. */
  const deadLetter = async (
    row: OutboxRow,
    events: readonly EventEnvelope[],
    error: string,
    targets: readonly string[],
  ): Promise<void> => {
    await store.append(row.streamId, [failedEvent(row, error, targets, clock.now(), actor)], {
      expectedVersion: "any",
      idempotencyKey: failedKey(row, events),
    });
    await store.deadLetterOutbox(row.id, error);
  };

  const settle = async (row: OutboxRow, claimedAt: number): Promise<RowOutcome> => {
    const base = { id: row.id, key: row.key, channel: row.channel, attempt: row.attempts };
    const deliveredTo: string[] = [];
    const stored = await store.readStream(row.streamId);
    const channel = channels.get(row.channel);
    if (!channel) {
      const error = `no channel named "${row.channel}" is configured`;
      await deadLetter(row, stored, error, []);
      return { ...base, status: "deadLettered", deliveredTo, error };
    }
    const keys = personalDataKeys;
    const events = keys
      ? await Promise.all(
          stored.map((e) => (e.type === "PetitionRegistered" ? revealPersonalData(e, keys) : e)),
        )
      : stored;
    let targets: readonly DeliveryTarget[];
    let notification: ReturnType<typeof buildNotification>;
    try {
      notification = buildNotification(row, events, options);
      targets = channel.targets(notification);
    } catch (thrown) {
      const error = asDeliveryError(thrown).message;
      await deadLetter(row, stored, error, []);
      return { ...base, status: "deadLettered", deliveredTo, error };
    }
    if (targets.length === 0) {
      await store.ackOutbox(row.id);
      return { ...base, status: "skipped", deliveredTo, error: "no target takes this notice" };
    }
    const done = deliveredTargets(events, row);
    const failures: { target: string; error: DeliveryError }[] = [];
    for (const target of targets) {
      if (done.has(target.id)) continue;
      const wait = limiterFor(row.channel, target)?.reserve(timer.now()) ?? 0;
      if (timer.now() + wait > claimedAt + leaseMs * 0.8) {
        // Waiting out the rate limit would outlast the claim: hand the row back for then.
        const retryAt = addMs(clock.now(), wait);
        const error = `rate limit of ${target.id}: next send in ${wait} ms`;
        await store.failOutbox(row.id, error, retryAt);
        return { ...base, status: "retrying", deliveredTo, error, retryAt };
      }
      if (wait > 0) await timer.sleep(wait);
      try {
        await channel.send(notification, target);
      } catch (thrown) {
        failures.push({ target: target.id, error: asDeliveryError(thrown) });
        continue;
      }
      await store.append(row.streamId, [deliveredEvent(row, target.id, clock.now(), actor)], {
        expectedVersion: "any",
        idempotencyKey: deliveredKey(row, target.id),
      });
      deliveredTo.push(target.id);
    }
    if (failures.length === 0) {
      await store.ackOutbox(row.id);
      return { ...base, status: "delivered", deliveredTo };
    }
    const error = failures.map((f) => `${f.target}: ${f.error.message}`).join("; ");
    const permanent = failures.some((f) => !f.error.retryable);
    if (permanent || row.attempts >= maxAttempts) {
      await deadLetter(
        row,
        stored,
        error,
        failures.map((f) => f.target),
      );
      return { ...base, status: "deadLettered", deliveredTo, error };
    }
    const asked = Math.max(0, ...failures.map((f) => f.error.retryAfterMs ?? 0));
    const retryAt = addMs(
      clock.now(),
      Math.max(asked, backoffDelay(row.attempts, options.backoff, random)),
    );
    await store.failOutbox(row.id, error, retryAt);
    return { ...base, status: "retrying", deliveredTo, error, retryAt };
  };

  const dispatchOnce = async (): Promise<DispatchSummary> => {
    const summary = emptySummary();
    const rows = await store.claimOutbox({ now: clock.now(), limit: batchSize, leaseMs });
    const claimedAt = timer.now();
    summary.claimed = rows.length;
    for (const row of rows) {
      const outcome = await settle(row, claimedAt);
      count(summary, outcome);
      options.onOutcome?.(outcome);
    }
    return summary;
  };

  const drain = async (): Promise<DispatchSummary> => {
    const total = emptySummary();
    for (;;) {
      const batch = await dispatchOnce();
      total.claimed += batch.claimed;
      for (const outcome of batch.outcomes) count(total, outcome);
      if (batch.claimed === 0 || stopping) return total;
    }
  };

  let loop: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  return {
    dispatchOnce,
    drain,
    start({ intervalMs = 1_000, onError } = {}) {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          try {
            const { claimed } = await drain();
            if (claimed > 0) continue;
          } catch (error) {
            onError?.(error);
          }
          if (stopping) break;
          await Promise.race([
            timer.sleep(intervalMs),
            new Promise<void>((resolve) => {
              wake = resolve;
            }),
          ]);
        }
      })();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
    listDeadLetters: (o) => store.listDeadLetters(o),
    redrive: (id, availableAt) => store.redriveOutbox(id, availableAt ?? clock.now()),
  };
}
