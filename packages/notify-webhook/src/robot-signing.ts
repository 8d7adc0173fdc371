import { createHmac } from "node:crypto";

/**
 * The group robots' own signing schemes ("加签"). They are mirror images:
 * DingTalk keys the HMAC with the secret and signs `timestamp\nsecret`;
 * Feishu keys it with `timestamp\nsecret` and signs nothing.
 */

/** DingTalk: `urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))`, timestamp in ms. */
export const dingtalkSign = (secret: string, timestampMs: number): string =>
  encodeURIComponent(
    createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64"),
  );

/** Feishu / Lark: `base64(HMAC-SHA256(timestamp + "\n" + secret, ""))`, timestamp in seconds. */
export const feishuSign = (secret: string, timestampSeconds: number): string =>
  createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
