import type { Notification } from "@petitio/core";
import type { WebhookEndpoint, WebhookFormat } from "./format.js";
import { jsonHeaders } from "./format.js";
import { robotResponseCheck } from "./robot-response.js";
import { dingtalkSign } from "./robot-signing.js";

/**
 * DingTalk (钉钉) custom robot with 加签: `timestamp` (ms) and `sign` in the
 * query string (see `dingtalkSign`); the body is `{ msgtype: "markdown",
 * markdown: { title, text } }` or `{ msgtype: "text", text: { content } }`.
 * 20 messages a minute per robot (errcode 130101 when sent too fast).
 */
export const DINGTALK_RATE_LIMITS = [{ limit: 20, perMs: 60_000 }] as const;

export interface DingtalkRobotOptions {
  /** The robot's `access_token`, or the whole `url`. */
  accessToken?: string;
  url?: string;
  /** The 加签 secret (`SEC…`). */
  secret: string;
  msgtype?: "markdown" | "text";
  atMobiles?: readonly string[];
}

export const dingtalkFormat = (
  options: Pick<DingtalkRobotOptions, "secret" | "msgtype" | "atMobiles">,
): WebhookFormat => {
  const msgtype = options.msgtype ?? "markdown";
  return {
    name: "dingtalk",
    request(n: Notification, url, now) {
      const signed = new URL(url);
      signed.searchParams.set("timestamp", String(now));
      // The sign is already URL-encoded; set it raw so it is not encoded twice.
      const href = `${signed.href}&sign=${dingtalkSign(options.secret, now)}`;
      const body =
        msgtype === "markdown"
          ? { msgtype, markdown: { title: n.message.subject, text: n.message.markdown } }
          : { msgtype, text: { content: n.message.text } };
      const at = options.atMobiles ? { at: { atMobiles: [...options.atMobiles] } } : {};
      return { url: href, headers: jsonHeaders(n), body: JSON.stringify({ ...body, ...at }) };
    },
    // 130101: sent too fast (DingTalk then throttles the robot for 10 minutes); -1: busy.
    checkResponse: robotResponseCheck(
      "DingTalk robot",
      "errcode",
      new Map([
        [130101, 10 * 60_000],
        [-1, undefined],
      ]),
    ),
  };
};

export const dingtalkRobot = (
  options: DingtalkRobotOptions,
): Pick<WebhookEndpoint, "url" | "format" | "rateLimits"> => {
  const url =
    options.url ??
    `https://oapi.dingtalk.com/robot/send?access_token=${encodeURIComponent(options.accessToken ?? "")}`;
  return { url, format: dingtalkFormat(options), rateLimits: DINGTALK_RATE_LIMITS };
};
