import type { DeliveryTarget, Notification, NotificationRoute } from "@petitio/core";

/** One HTTP request to make for a notification. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * How a notification becomes a request, and how the answer is read: the
 * plain signed JSON webhook, or a group robot's own format.
 */
export interface WebhookFormat {
  readonly name: string;
  /** `now` is the system time in ms, for signatures the receiver checks against its clock. */
  request(notification: Notification, url: string, now: number): WebhookRequest;
  /**
   * Robots answer many failures with HTTP 200 and an error code in the body:
   * throw a `DeliveryError` for those. Called only for 2xx answers.
   */
  checkResponse?(body: string): void;
}

/** A receiver of the webhook channel: where, in which format, for which notices. */
export interface WebhookEndpoint extends DeliveryTarget {
  url: string;
  format: WebhookFormat;
  route?: NotificationRoute;
  /** Whole request, answer body included (default the channel's, 10 s). */
  timeoutMs?: number;
}

export const jsonHeaders = (notification: Notification): Record<string, string> => ({
  "content-type": "application/json; charset=utf-8",
  "idempotency-key": notification.id,
});
