import { describe, expect, it } from "vitest";
import { dingtalkSign, feishuSign } from "./robot-signing.js";
import { signWebhook, verifyWebhook } from "./signing.js";

describe("robot signing (加签)", () => {
  it("DingTalk: urlencode(base64(HMAC-SHA256(secret, timestamp\\nsecret)))", () => {
    expect(dingtalkSign("SECtest-secret", 1700000000000)).toBe(
      "LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D",
    );
  });

  it("Feishu: base64(HMAC-SHA256(timestamp\\nsecret, empty)) — the key and message the other way round", () => {
    expect(feishuSign("test-secret", 1599360473)).toBe(
      "wSds2BzzFIIGf/WrhUO+NI1q/9j+FRJd3JNHKAq0NZY=",
    );
  });
});

describe("signed JSON webhooks: sign and verify", () => {
  const secret = "whsec-城市信访-1";
  const body = JSON.stringify({ id: "17", kind: "reminder", text: "催办单" });
  const ts = 1_764_547_200;
  const headers = (signature = signWebhook(secret, ts, body), stamp = String(ts)) => ({
    "X-Petitio-Signature": signature,
    "X-Petitio-Timestamp": stamp,
    "Idempotency-Key": "17",
  });
  const now = ts * 1000;

  it("signs HMAC-SHA256 over '<timestamp>.<body>' as v1=<hex>", () => {
    expect(signWebhook(secret, ts, body)).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signWebhook(secret, ts, body)).not.toBe(signWebhook(secret, ts + 1, body));
    expect(signWebhook(secret, ts, Buffer.from(body))).toBe(signWebhook(secret, ts, body));
  });

  it("accepts the request as sent and returns its idempotency key", () => {
    expect(verifyWebhook({ secret, headers: headers(), body, now })).toEqual({
      timestamp: ts,
      idempotencyKey: "17",
    });
    // Headers as a fetch Headers object, a rotated secret list, and the edge of the window.
    expect(
      verifyWebhook({
        secret: ["old-secret", secret],
        headers: new Headers(headers()),
        body: Buffer.from(body),
        now: now + 300_000,
      }).timestamp,
    ).toBe(ts);
  });

  it("refuses a changed body, a wrong secret, a replay outside the window, missing headers", () => {
    expect(() =>
      verifyWebhook({ secret, headers: headers(), body: body.replace("催办", "督办"), now }),
    ).toThrow("webhook signature rejected: signature does not match the body");
    expect(() => verifyWebhook({ secret: "other", headers: headers(), body, now })).toThrow(
      "signature does not match",
    );
    expect(() => verifyWebhook({ secret, headers: headers(), body, now: now + 301_000 })).toThrow(
      "timestamp 1764547200 is 301 s old, outside the 300 s replay window",
    );
    expect(() => verifyWebhook({ secret, headers: headers(), body, now: now - 400_000 })).toThrow(
      "400 s in the future",
    );
    expect(() =>
      verifyWebhook({ secret, headers: headers(undefined, String(ts + 1)), body, now }),
    ).toThrow("signature does not match");
    expect(() => verifyWebhook({ secret, headers: {}, body, now })).toThrow(
      "missing x-petitio-signature header",
    );
    expect(() => verifyWebhook({ secret, headers: headers("v1=00", "soon"), body, now })).toThrow(
      "missing or malformed x-petitio-timestamp header",
    );
    try {
      verifyWebhook({ secret: "other", headers: headers(), body, now });
    } catch (error) {
      expect(error).toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID" });
    }
  });
});
