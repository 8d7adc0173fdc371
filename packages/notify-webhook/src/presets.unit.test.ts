import type { Notification } from "@petitio/core";
import { renderNotice } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { dingtalkRobot } from "./dingtalk.js";
import { FEISHU_MAX_BODY_BYTES, feishuBot } from "./feishu.js";
import { feishuSign } from "./robot-signing.js";
import { signedWebhook } from "./signed-json.js";
import { verifyWebhook } from "./signing.js";
import { truncateUtf8 } from "./truncate.js";
import { WECOM_MAX_CONTENT_BYTES, wecomRobot } from "./wecom.js";

const notification = (summary = "责成物业整改"): Notification => {
  const data = { stage: "handling", dueAt: "2024-12-09T23:59:59+08:00", daysOverdue: 2, level: 1 };
  const input = { kind: "supervision", eventType: "SupervisionIssued", petitionId: "P-1", data };
  return {
    id: "42",
    key: "petition-P-1:7:webhook",
    channel: "webhook",
    kind: "supervision",
    attempt: 1,
    streamId: "petition-P-1",
    petitionId: "P-1",
    eventType: "SupervisionIssued",
    occurredAt: "2024-12-11T08:00:00+08:00",
    data,
    recipient: { role: "agency", org: "org-x" },
    petition: { anonymous: false, contacts: [], title: summary },
    message: renderNotice({ ...input, kind: "supervision", petition: { title: summary } }),
  };
};

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("truncateUtf8", () => {
  it("cuts on a character boundary, within the byte budget, marking the cut", () => {
    const cut = truncateUtf8("信访".repeat(1000), 2048);
    expect(bytes(cut)).toBeLessThanOrEqual(2048);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.slice(0, -1)).toMatch(/^(信访)+信?$/);
    expect(truncateUtf8("short", 10)).toBe("short");
    // Astral characters (surrogate pairs) are never split.
    expect(truncateUtf8("𠀀𠀀𠀀", 9)).toBe("𠀀…");
  });
});

describe("group-robot formats", () => {
  it("WeCom: markdown content to the key URL, at most 2,048 bytes, no signature, 20 a minute", () => {
    const robot = wecomRobot({ key: "abc-123" });
    expect(robot.url).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123");
    expect(robot.rateLimits).toEqual([{ limit: 20, perMs: 60_000 }]);
    const long = notification("很长的标题".repeat(400));
    const request = robot.format.request(long, robot.url, 0);
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.content.startsWith("**督办单（一级督办）**")).toBe(true);
    expect(bytes(body.markdown.content)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
    expect(request.headers).toEqual({
      "content-type": "application/json; charset=utf-8",
      "idempotency-key": "42",
    });
    const text = wecomRobot({ key: "k", msgtype: "text", mentionedMobiles: ["@all"] });
    expect(JSON.parse(text.format.request(notification(), text.url, 0).body)).toEqual({
      msgtype: "text",
      text: { content: notification().message.text, mentioned_mobile_list: ["@all"] },
    });
  });

  it("WeCom and DingTalk errcodes: throttling is retried, configuration errors are not", () => {
    const { format } = wecomRobot({ key: "k" });
    expect(() => format.checkResponse!('{"errcode":0,"errmsg":"ok"}')).not.toThrow();
    expect(() =>
      format.checkResponse!('{"errcode":45009,"errmsg":"api freq out of limit"}'),
    ).toThrow(expect.objectContaining({ retryable: true, retryAfterMs: 60_000 }));
    expect(() => format.checkResponse!('{"errcode":93000,"errmsg":"invalid webhook url"}')).toThrow(
      expect.objectContaining({
        retryable: false,
        message: "WeCom robot refused the message: errcode 93000 invalid webhook url",
      }),
    );
    const ding = dingtalkRobot({ accessToken: "t", secret: "s" }).format;
    expect(() => ding.checkResponse!('{"errcode":130101,"errmsg":"send too fast"}')).toThrow(
      expect.objectContaining({ retryable: true }),
    );
    expect(() => ding.checkResponse!('{"errcode":310000,"errmsg":"sign not match"}')).toThrow(
      expect.objectContaining({ retryable: false }),
    );
  });

  it("DingTalk 加签: timestamp (ms) and sign in the query string, markdown title and text", () => {
    const robot = dingtalkRobot({ accessToken: "tok", secret: "SECtest-secret" });
    expect(robot.rateLimits).toEqual([{ limit: 20, perMs: 60_000 }]);
    const request = robot.format.request(notification(), robot.url, 1700000000000);
    expect(request.url).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=1700000000000" +
        "&sign=LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D",
    );
    expect(new URL(request.url).searchParams.get("sign")).toBe(
      "LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g=",
    );
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      msgtype: "markdown",
      markdown: { title: notification().message.subject, text: notification().message.markdown },
    });
  });

  it("Feishu: timestamp (s) and sign in the body, 100 a minute and 5 a second, body ≤ 20 KB", () => {
    const bot = feishuBot({ hookId: "hook-1", secret: "test-secret" });
    expect(bot.url).toBe("https://open.feishu.cn/open-apis/bot/v2/hook/hook-1");
    expect(bot.rateLimits).toEqual([
      { limit: 100, perMs: 60_000 },
      { limit: 5, perMs: 1_000 },
    ]);
    const request = bot.format.request(notification(), bot.url, 1599360473_000);
    expect(JSON.parse(request.body)).toEqual({
      timestamp: "1599360473",
      sign: feishuSign("test-secret", 1599360473),
      msg_type: "text",
      content: { text: notification().message.text },
    });
    const huge = bot.format.request(notification('"引号"\n'.repeat(5000)), bot.url, 0);
    expect(bytes(huge.body)).toBeLessThanOrEqual(FEISHU_MAX_BODY_BYTES);
    expect(JSON.parse(huge.body).content.text.endsWith("…")).toBe(true);
    expect(() => bot.format.checkResponse!('{"code":19021,"msg":"sign match fail"}')).toThrow(
      expect.objectContaining({ retryable: false }),
    );
    expect(() => bot.format.checkResponse!('{"code":0,"msg":"success"}')).not.toThrow();
  });

  it("signed JSON: a receiver's verifyWebhook accepts exactly what the format sends", () => {
    const hook = signedWebhook({ url: "https://example.cn/petitio", secret: "s3cret" });
    const now = 1_764_547_200_123;
    const request = hook.format.request(notification(), hook.url, now);
    expect(
      verifyWebhook({ secret: "s3cret", headers: request.headers, body: request.body, now }),
    ).toEqual({
      timestamp: 1_764_547_200,
      idempotencyKey: "42",
    });
    expect(JSON.parse(request.body)).toMatchObject({
      id: "42",
      key: "petition-P-1:7:webhook",
      kind: "supervision",
      recipient: { role: "agency", org: "org-x" },
      message: { subject: notification().message.subject },
    });
  });
});
