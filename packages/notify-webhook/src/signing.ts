import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookSignatureError } from "./signature-error.js";

/**
 * Signed JSON webhooks. Every request carries
 *
 * - `X-Petitio-Timestamp`: Unix time in seconds when it was signed;
 * - `X-Petitio-Signature`: `v1=` + hex HMAC-SHA256, keyed with the shared
 *   secret, over `<timestamp>.<raw body>`;
 * - `Idempotency-Key`: the outbox row id, the same on every repeat.
 *
 * A receiver recomputes the HMAC over the raw bytes it received (before any
 * JSON parsing), compares in constant time, and refuses a timestamp outside
 * its replay window (default 5 minutes either way), so a captured request
 * cannot be played again later.
 */

export const SIGNATURE_HEADER = "x-petitio-signature";
export const TIMESTAMP_HEADER = "x-petitio-timestamp";
export const IDEMPOTENCY_HEADER = "idempotency-key";
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

const hmacHex = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");

/** The `X-Petitio-Signature` value for a body signed at `timestamp` (seconds). */
export const signWebhook = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  `v1=${hmacHex(secret, timestamp, body)}`;

export interface VerifyOptions {
  /** The shared secret; several during a rotation (any one may match). */
  secret: string | readonly string[];
  /** Request headers (Node's `IncomingHttpHeaders`, a `Headers`, or a plain record). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body exactly as received. */
  body: string | Uint8Array;
  /** Now, in milliseconds (default the system clock). */
  now?: number;
  replayWindowSeconds?: number;
}

export interface VerifiedWebhook {
  /** Signing time, seconds. */
  timestamp: number;
  /** The outbox row id: drop a request whose key was seen before. */
  idempotencyKey: string | undefined;
}

const header = (headers: VerifyOptions["headers"], name: string): string | undefined => {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
};

/** Check a received webhook; throws `WebhookSignatureError` saying why it is refused. */
export function verifyWebhook(options: VerifyOptions): VerifiedWebhook {
  const signature = header(options.headers, SIGNATURE_HEADER);
  const stamp = header(options.headers, TIMESTAMP_HEADER);
  if (!signature) throw new WebhookSignatureError(`missing ${SIGNATURE_HEADER} header`);
  if (!stamp || !/^\d{1,12}$/.test(stamp)) {
    throw new WebhookSignatureError(`missing or malformed ${TIMESTAMP_HEADER} header`);
  }
  const timestamp = Number(stamp);
  const window = options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const age = nowSeconds - timestamp;
  if (Math.abs(age) > window) {
    const when = age > 0 ? `${age} s old` : `${-age} s in the future`;
    throw new WebhookSignatureError(
      `timestamp ${timestamp} is ${when}, outside the ${window} s replay window`,
    );
  }
  const given = Buffer.from(signature.replace(/^v1=/, ""), "hex");
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(hmacHex(secret, timestamp, options.body), "hex");
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) throw new WebhookSignatureError("signature does not match the body");
  return { timestamp, idempotencyKey: header(options.headers, IDEMPOTENCY_HEADER) };
}
