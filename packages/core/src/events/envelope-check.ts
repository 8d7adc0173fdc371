import { ACTOR_ROLES } from "./envelope.js";

/**
 * A hand-written accept check for the envelope, used on the replay hot path
 * before zod: zod's envelope parse costs about four times the JSON.parse of a
 * line (docs/performance.md). It only ever says "valid" for what the zod
 * `envelopeSchema` accepts too (a property test holds it to that); anything it
 * does not accept goes through zod, which names the failing field.
 */

const ISO =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ROLES = new Set<string>(ACTOR_ROLES);
const META_STRING_KEYS = ["correlationId", "causationId", "idempotencyKey"] as const;

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isPositiveInt = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 1;
const isText = (x: unknown): boolean => typeof x === "string" && x.length > 0;

/** ISO-8601 date-time with offset, a real calendar date (29 Feb only in leap years). */
export const isIsoDateTime = (x: unknown): boolean => {
  if (typeof x !== "string") return false;
  const m = ISO.exec(x);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= last;
};

/** True when `raw` certainly satisfies `envelopeSchema`. False means "ask zod". */
export const envelopeLooksValid = (raw: unknown): boolean => {
  if (!isPlainObject(raw)) return false;
  if (!isPositiveInt(raw.position) || !isPositiveInt(raw.version)) return false;
  if (!isPositiveInt(raw.schemaVersion)) return false;
  if (!isText(raw.streamId) || !isText(raw.type)) return false;
  if (!isIsoDateTime(raw.occurredAt) || !isIsoDateTime(raw.recordedAt)) return false;
  const { actor, meta } = raw;
  if (!isPlainObject(actor) || !isText(actor.id)) return false;
  if (typeof actor.role !== "string" || !ROLES.has(actor.role)) return false;
  if (actor.org !== undefined && !isText(actor.org)) return false;
  if (!isPlainObject(raw.data)) return false;
  if (meta !== undefined) {
    if (!isPlainObject(meta)) return false;
    for (const key of META_STRING_KEYS) {
      if (meta[key] !== undefined && typeof meta[key] !== "string") return false;
    }
  }
  return true;
};
