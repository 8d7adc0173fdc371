import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { PersonalDataCiphertextError } from "./errors.js";
import { checkPersonalDataKey } from "./keys.js";

/**
 * One personal-data field as stored (docs/security.md "Personal data"):
 *
 *   pii:v1:<subject>:<base64url(iv ‖ ciphertext ‖ tag)>
 *
 * AES-256-GCM with a random 12-byte IV and a 16-byte tag; `<subject>` is the
 * data subject's id, percent-encoded (encodeURIComponent). The additional
 * authenticated data is `pii:v1:<subject>:<field>`, so a value copied to
 * another field or subject no longer decrypts. A value stays a JSON string, so
 * events keep their LOG-FORMAT shape.
 *
 * Read back without the key (destroyed, or not held), a value becomes the
 * redaction marker `pii:erased:<subject>` or `pii:redacted:<subject>`.
 */

const PREFIX = "pii:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORM = /^pii:v1:([^:]+):([A-Za-z0-9_-]+)$/;
const MARKER = /^pii:(erased|redacted):([^:]+)$/;

export interface ProtectedValue {
  subjectId: string;
  sealed: Buffer;
}

const aad = (subject: string, field: string): Buffer =>
  Buffer.from(`${PREFIX}${subject}:${field}`, "utf8");

/** True for a string in the protected form (not a marker). */
export const isProtectedValue = (value: unknown): value is string =>
  typeof value === "string" && FORM.test(value);

/** True for a redaction marker. */
export const isRedactionMarker = (value: unknown): value is string =>
  typeof value === "string" && MARKER.test(value);

/** The subject and sealed bytes of a protected value, or undefined when it is not one. */
export const parseProtectedValue = (value: string): ProtectedValue | undefined => {
  const match = FORM.exec(value);
  if (!match) return undefined;
  try {
    return {
      subjectId: decodeURIComponent(match[1] as string),
      sealed: Buffer.from(match[2] as string, "base64url"),
    };
  } catch {
    return undefined;
  }
};

/** The subject a protected value or marker belongs to. */
export const subjectOfValue = (value: string): string | undefined => {
  const marker = MARKER.exec(value);
  if (marker) return decodeURIComponent(marker[2] as string);
  return parseProtectedValue(value)?.subjectId;
};

/** `field` names where the value lives (e.g. `name`), and is bound into the ciphertext. */
export const encryptField = (
  key: Buffer,
  subjectId: string,
  field: string,
  plaintext: string,
): string => {
  checkPersonalDataKey(subjectId, key);
  const subject = encodeURIComponent(subjectId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(subject, field));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]);
  return `${PREFIX}${subject}:${sealed.toString("base64url")}`;
};

/** The plaintext of a protected value; `where` names it in errors. */
export const decryptField = (key: Buffer, value: string, field: string, where = field): string => {
  const parsed = parseProtectedValue(value);
  if (!parsed || parsed.sealed.length < IV_BYTES + TAG_BYTES) {
    throw new PersonalDataCiphertextError(where, "not a protected value (pii:v1:<subject>:<data>)");
  }
  checkPersonalDataKey(parsed.subjectId, key);
  const { sealed } = parsed;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(aad(encodeURIComponent(parsed.subjectId), field));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new PersonalDataCiphertextError(
      where,
      "does not decrypt: altered, moved from another field or subject, or under another key",
    );
  }
};

export const redactionMarker = (kind: "erased" | "redacted", subjectId: string): string =>
  `pii:${kind}:${encodeURIComponent(subjectId)}`;
