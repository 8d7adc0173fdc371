import { DeliveryError } from "@petitio/core";

/**
 * Group robots answer HTTP 200 with an error code in the body. `codeField`
 * names it (`errcode` for WeCom and DingTalk, `code` for Feishu); codes in
 * `retryable` are throttling or a busy server, every other non-zero code is a
 * configuration error (bad key, bad signature, a keyword or IP rule) that
 * retrying will not fix.
 */
export const robotResponseCheck =
  (robot: string, codeField: string, retryable: ReadonlyMap<number, number | undefined>) =>
  (body: string): void => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new DeliveryError(
        `${robot} answered with a body that is not JSON: ${body.slice(0, 200)}`,
        true,
      );
    }
    const code = Number(parsed[codeField] ?? parsed.StatusCode ?? 0);
    if (code === 0) return;
    const message = String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? "");
    throw new DeliveryError(
      `${robot} refused the message: ${codeField} ${code} ${message}`.trim(),
      retryable.has(code),
      retryable.get(code),
    );
  };
