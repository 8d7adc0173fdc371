import type { Notification } from "@petitio/core";
import type { WebhookEndpoint, WebhookFormat } from "./format.js";
import { jsonHeaders } from "./format.js";
import { robotResponseCheck } from "./robot-response.js";
import { truncateUtf8 } from "./truncate.js";

/**
 * WeCom (企业微信) group robot: POST `{ msgtype, text|markdown: { content } }`
 * to the robot's key URL. No signature — the key in the URL is the
 * credential, so keep it secret. Content at most 2,048 bytes of UTF-8; 20
 * messages a minute per robot (errcode 45009 when exceeded).
 */
export const WECOM_MAX_CONTENT_BYTES = 2048;
export const WECOM_RATE_LIMITS = [{ limit: 20, perMs: 60_000 }] as const;

export interface WecomRobotOptions {
  /** The robot's key (the `key=` of its webhook URL), or the whole `url`. */
  key?: string;
  url?: string;
  msgtype?: "markdown" | "text";
  /** text only: mobile numbers to @ (`"@all"` for everyone). */
  mentionedMobiles?: readonly string[];
}

export const wecomFormat = (
  options: Pick<WecomRobotOptions, "msgtype" | "mentionedMobiles"> = {},
): WebhookFormat => {
  const msgtype = options.msgtype ?? "markdown";
  return {
    name: "wecom",
    request(n: Notification, url) {
      const content = truncateUtf8(
        msgtype === "markdown" ? n.message.markdown : n.message.text,
        WECOM_MAX_CONTENT_BYTES,
      );
      const body =
        msgtype === "markdown"
          ? { msgtype, markdown: { content } }
          : {
              msgtype,
              text: {
                content,
                ...(options.mentionedMobiles
                  ? { mentioned_mobile_list: [...options.mentionedMobiles] }
                  : {}),
              },
            };
      return { url, headers: jsonHeaders(n), body: JSON.stringify(body) };
    },
    // 45009: frequency limit; -1: system busy.
    checkResponse: robotResponseCheck(
      "WeCom robot",
      "errcode",
      new Map([
        [45009, 60_000],
        [-1, undefined],
      ]),
    ),
  };
};

export const wecomRobot = (
  options: WecomRobotOptions,
): Pick<WebhookEndpoint, "url" | "format" | "rateLimits"> => {
  const url =
    options.url ??
    `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${encodeURIComponent(options.key ?? "")}`;
  return { url, format: wecomFormat(options), rateLimits: WECOM_RATE_LIMITS };
};
