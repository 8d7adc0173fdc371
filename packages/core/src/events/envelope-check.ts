import { readIsoDateTime } from "../time/instant-ms.js";
import { ACTOR_ROLES } from "./envelope.js";

/**
 * A hand-written accept check for the envelope, used on the replay hot path
 * before zod: zod's envelope parse costs about four times the JSON.parse of a
 * line (docs/performance.md). It only ever says "valid" for what the zod
 * `envelopeSchema` accepts too (a property test holds it to that); anything it
 * does not accept goes through zod, which names the failing field.
 */

const ROLES = new Set<string>(ACTOR_ROLES);
const META_STRING_KEYS = ["correlationId", "causationId", "idempotencyKey"] as const;

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isPositiveInt = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 1;
const isText = (x: unknown): boolean => typeof x === "string" && x.length > 0;

/**
 * ISO-8601 date-time with offset, a real calendar date (29 Feb only in leap
 * years): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Read character by
 * character (time/instant-ms.ts), not with a regular expression: it runs twice
 * or more for every event replayed.
 */
export const isIsoDateTime = (x: unknown): boolean =>
  typeof x === "string" && !Number.isNaN(readIsoDateTime(x));

/** True when `raw` certainly satisfies `envelopeSchema`. False means "ask zod". */
export const envelopeLooksValid = (raw: unknown): boolean => {
  if (!isPlainObject(raw)) return false;
  if (!isPositiveInt(raw.position) || !isPositiveInt(raw.version)) return false;
  if (!isPositiveInt(raw.schemaVersion)) return false;
  if (!isText(raw.streamId) || !isText(raw.type)) return false;
  // Most events are recorded as they occur: one string, checked once.
  if (!isIsoDateTime(raw.occurredAt)) return false;
  if (raw.recordedAt !== raw.occurredAt && !isIsoDateTime(raw.recordedAt)) return false;
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
