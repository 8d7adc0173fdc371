import type { Notification } from "@petitio/core";
import type { WebhookEndpoint, WebhookFormat } from "./format.js";
import { jsonHeaders } from "./format.js";
import { robotResponseCheck } from "./robot-response.js";
import { feishuSign } from "./robot-signing.js";
import { truncateUtf8 } from "./truncate.js";

/**
 * Feishu / Lark (飞书) custom bot: `{ timestamp, sign, msg_type: "text",
 * content: { text } }`, with `timestamp` (seconds) and `sign` in the body when
 * the bot has a secret (see `feishuSign`). 100 messages a minute and 5 a
 * second per bot; the request body at most 20 KB.
 */
export const FEISHU_MAX_BODY_BYTES = 20 * 1024;
export const FEISHU_RATE_LIMITS = [
  { limit: 100, perMs: 60_000 },
  { limit: 5, perMs: 1_000 },
] as const;

export interface FeishuBotOptions {
  /** The bot's hook id (the last part of its URL), or the whole `url`. */
  hookId?: string;
  url?: string;
  /** The signature secret, when the bot has 签名校验 switched on. */
  secret?: string;
}

export const feishuFormat = (options: Pick<FeishuBotOptions, "secret"> = {}): WebhookFormat => ({
  name: "feishu",
  request(n: Notification, url, now) {
    const timestamp = Math.floor(now / 1000);
    const signature = options.secret
      ? { timestamp: String(timestamp), sign: feishuSign(options.secret, timestamp) }
      : {};
    const envelope = (text: string) =>
      JSON.stringify({ ...signature, msg_type: "text", content: { text } });
    // Leave room for the envelope, then cut the text to fit the 20 KB body.
    const overhead = Buffer.byteLength(envelope(""), "utf8");
    let text = truncateUtf8(n.message.text, FEISHU_MAX_BODY_BYTES - overhead);
    // JSON escapes (quotes, newlines) can still push it over: trim until it fits.
    while (Buffer.byteLength(envelope(text), "utf8") > FEISHU_MAX_BODY_BYTES) {
      text = truncateUtf8(text, Buffer.byteLength(text, "utf8") - 64);
    }
    return { url, headers: jsonHeaders(n), body: envelope(text) };
  },
  // 11232: frequency limited.
  checkResponse: robotResponseCheck("Feishu bot", "code", new Map([[11232, 60_000]])),
});

export const feishuBot = (
  options: FeishuBotOptions,
): Pick<WebhookEndpoint, "url" | "format" | "rateLimits"> => {
  const url =
    options.url ??
    `https://open.feishu.cn/open-apis/bot/v2/hook/${encodeURIComponent(options.hookId ?? "")}`;
  return { url, format: feishuFormat(options), rateLimits: FEISHU_RATE_LIMITS };
};
