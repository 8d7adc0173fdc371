import { DeliveryError } from "@petitio/core";
import type { WebhookRequest } from "./format.js";

/**
 * POST a request and read the whole answer within `timeoutMs`: a receiver
 * that accepts the connection and then stalls, or trickles its body, times out
 * like one that never answers. 2xx is an acknowledgement; 408, 425, 429 and
 * 5xx are worth retrying (honouring `Retry-After`); any other status will not
 * change by trying again. Redirects are not followed: a signed POST must reach
 * the configured URL.
 */

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export const retryAfterMs = (value: string | null, now: number): number | undefined => {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

const RETRYABLE_STATUS = new Set([408, 425, 429]);

const networkReason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
};

export async function postJson(
  request: WebhookRequest,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // Only the origin: robot URLs carry their credential in the path or query,
  // and this text ends up in the log when a row is given up on.
  const name = new URL(request.url).origin;
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    const body = await response.text();
    if (response.status >= 200 && response.status < 300) return body;
    const retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
    throw new DeliveryError(
      `${name} answered HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ""}`,
      retryable,
      retryAfterMs(response.headers.get("retry-after"), now()),
    );
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    if (controller.signal.aborted) {
      throw new DeliveryError(`${name} did not answer within ${timeoutMs} ms`, true, undefined, {
        cause: error,
      });
    }
    throw new DeliveryError(`${name}: ${networkReason(error)}`, true, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
