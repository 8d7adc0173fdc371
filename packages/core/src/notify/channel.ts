import type { Notification } from "./notification.js";

/**
 * A delivery channel (docs/notifications.md): webhook, group robot, e-mail, console, or
 * one of your own. The dispatcher asks it who should get a notification
 * (`targets`), then sends to each target that has not had it yet: a target
 * that acknowledged a row is never sent that row again.
 */

/** At most `limit` sends in any window of `perMs` milliseconds. */
export interface RateLimit {
  limit: number;
  perMs: number;
}

/** One receiver of a channel: a robot, an endpoint, a mailbox group. */
export interface DeliveryTarget {
  /** Stable id, recorded in `NotificationDelivered.target`: how a repeat is recognised. */
  id: string;
  /** This target's own limits (a group robot's quota is per robot). */
  rateLimits?: readonly RateLimit[];
}

export interface NotificationChannel<T extends DeliveryTarget = DeliveryTarget> {
  /** The outbox channel name it serves (`webhook`, `email`, `console`, …). */
  readonly name: string;
  /** Who gets this notification here; `[]` means nobody (the row is settled without a send). */
  targets(notification: Notification): readonly T[];
  /**
   * Deliver to one target; resolve once the receiver acknowledged it. Throw a
   * `DeliveryError` (retryable or not); any other error counts as retryable.
   */
  send(notification: Notification, target: T): Promise<void>;
}
