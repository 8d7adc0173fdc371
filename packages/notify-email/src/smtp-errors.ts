import { DeliveryError } from "@petitio/core";

/**
 * An SMTP failure as a delivery error. A 4xx reply ("try again later",
 * greylisting, a full mailbox) and a lost or refused connection are retried;
 * a 5xx reply (no such mailbox, policy refusal) and a failed login will not
 * change by trying again, so the row is dead-lettered for an operator.
 */
const RETRYABLE_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPROTOCOL",
]);

export const smtpDeliveryError = (
  error: unknown,
  to: string,
  /** Addresses to keep out of the message (it is written to the log). */
  redact: readonly string[] = [],
): DeliveryError => {
  const e = error as { responseCode?: number; code?: string; response?: string; message?: string };
  let what = e.response ?? e.message ?? String(error);
  for (const address of redact) what = what.split(address).join("<address withheld>");
  if (typeof e.responseCode === "number") {
    return new DeliveryError(
      `SMTP ${e.responseCode} for ${to}: ${what}`,
      e.responseCode < 500,
      undefined,
      { cause: error },
    );
  }
  if (e.code === "EAUTH") {
    return new DeliveryError(`SMTP login failed: ${what}`, false, undefined, { cause: error });
  }
  const retryable = e.code === undefined || RETRYABLE_CODES.has(e.code);
  return new DeliveryError(`SMTP ${e.code ?? "error"} for ${to}: ${what}`, retryable, undefined, {
    cause: error,
  });
};
