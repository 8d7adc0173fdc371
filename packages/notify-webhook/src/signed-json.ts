import type { Notification, RateLimit } from "@petitio/core";
import type { WebhookEndpoint, WebhookFormat } from "./format.js";
import { jsonHeaders } from "./format.js";
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./signing.js";

/** The JSON body of a plain webhook: the notice, rendered and as data. */
export const webhookBody = (n: Notification): Record<string, unknown> => ({
  id: n.id,
  key: n.key,
  kind: n.kind,
  attempt: n.attempt,
  petitionId: n.petitionId,
  streamId: n.streamId,
  eventType: n.eventType,
  occurredAt: n.occurredAt,
  recipient: n.recipient,
  petition: n.petition,
  data: n.data,
  message: { subject: n.message.subject, text: n.message.text, markdown: n.message.markdown },
});

/** Signed JSON POST (HMAC-SHA256 over timestamp and body; see `verifyWebhook`). */
export const signedJsonFormat = (secret: string): WebhookFormat => ({
  name: "signed-json",
  request(notification, url, now) {
    const body = JSON.stringify(webhookBody(notification));
    const timestamp = Math.floor(now / 1000);
    return {
      url,
      body,
      headers: {
        ...jsonHeaders(notification),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
    };
  },
});

export interface SignedWebhookOptions {
  url: string;
  secret: string;
  rateLimits?: readonly RateLimit[];
}

/** Endpoint parts of a signed JSON webhook: spread into a `WebhookEndpoint` with an id and route. */
export const signedWebhook = (
  options: SignedWebhookOptions,
): Pick<WebhookEndpoint, "url" | "format" | "rateLimits"> => ({
  url: options.url,
  format: signedJsonFormat(options.secret),
  ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
});
