import type { Actor, EventEnvelope, NewEvent } from "../events/envelope.js";
import type { OutboxRow } from "../store/event-store.js";

/**
 * The log's record of deliveries: `NotificationDelivered` / `NotificationFailed`
 * appended to the stream the outbox row came from. They are bookkeeping: the
 * lifecycle ignores them, so they never change a petition's status. Besides the
 * catalog fields (`outboxId`, `channel`, `attempt`, `error`) they carry `key`
 * (the row's delivery key) and `target` (which receiver), so a dispatcher that
 * restarts can tell which receivers already acknowledged the row.
 */

/** Targets that acknowledged this row, as recorded in its stream. */
export const deliveredTargets = (events: readonly EventEnvelope[], row: OutboxRow): Set<string> => {
  const done = new Set<string>();
  for (const e of events) {
    if (e.type !== "NotificationDelivered") continue;
    if (e.data.outboxId !== row.id || e.data.key !== row.key) continue;
    if (typeof e.data.target === "string") done.add(e.data.target);
  }
  return done;
};

/** Store idempotency key of a delivery record: writing it twice appends it once. */
export const deliveredKey = (row: OutboxRow, target: string): string =>
  `notify:${row.key}:${target}:delivered`;

/**
 * Store idempotency key of a give-up record: numbered by the records already
 * there, since a re-driven row counts its attempts from 1 again.
 */
export const failedKey = (row: OutboxRow, events: readonly EventEnvelope[]): string => {
  const before = events.filter(
    (e) => e.type === "NotificationFailed" && e.data.outboxId === row.id && e.data.key === row.key,
  ).length;
  return `notify:${row.key}:failed:${before + 1}`;
};

export const deliveredEvent = (
  row: OutboxRow,
  target: string,
  at: string,
  actor: Actor,
): NewEvent => ({
  type: "NotificationDelivered",
  occurredAt: at,
  actor,
  data: { outboxId: row.id, channel: row.channel, attempt: row.attempts, key: row.key, target },
});

export const failedEvent = (
  row: OutboxRow,
  error: string,
  targets: readonly string[],
  at: string,
  actor: Actor,
): NewEvent => ({
  type: "NotificationFailed",
  occurredAt: at,
  actor,
  data: {
    outboxId: row.id,
    channel: row.channel,
    attempt: row.attempts,
    error,
    key: row.key,
    targets: [...targets],
    deadLettered: true,
  },
});
