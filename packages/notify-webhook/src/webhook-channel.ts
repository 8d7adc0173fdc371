import {
  type Notification,
  type NotificationChannel,
  NotifyConfigError,
  routeMatches,
} from "@petitio/core";
import type { WebhookEndpoint } from "./format.js";
import { postJson } from "./post-json.js";

export interface WebhookChannelOptions {
  /** Outbox channel name it serves (default `webhook`). */
  name?: string;
  endpoints: readonly WebhookEndpoint[];
  /** Default per-request timeout, answer body included (default 10 s). */
  timeoutMs?: number;
  /** System time in ms for signatures (default Date.now). */
  now?: () => number;
}

/**
 * The webhook channel: each notification goes to every endpoint whose route
 * takes it (per-org routing), each endpoint once. Rate limits are per endpoint.
 */
export function createWebhookChannel(
  options: WebhookChannelOptions,
): NotificationChannel<WebhookEndpoint> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ids = new Set<string>();
  options.endpoints.forEach((endpoint, i) => {
    if (!endpoint.id) throw new NotifyConfigError(`endpoints.${i}.id`, "is required");
    if (ids.has(endpoint.id))
      throw new NotifyConfigError(`endpoints.${i}.id`, `"${endpoint.id}" is used twice`);
    ids.add(endpoint.id);
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      throw new NotifyConfigError(`endpoints.${i}.url`, `not a URL: ${endpoint.url}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new NotifyConfigError(`endpoints.${i}.url`, `must be http(s); got ${url.protocol}`);
  });
  return {
    name: options.name ?? "webhook",
    targets: (notification: Notification) =>
      options.endpoints.filter((e) => routeMatches(e.route, notification)),
    async send(notification, endpoint) {
      const request = endpoint.format.request(notification, endpoint.url, now());
      const body = await postJson(request, endpoint.timeoutMs ?? timeoutMs, now);
      endpoint.format.checkResponse?.(body);
    },
  };
}
