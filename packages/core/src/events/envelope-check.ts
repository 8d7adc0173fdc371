import { ACTOR_ROLES } from "./envelope.js";

/**
 * A hand-written accept check for the envelope, used on the replay hot path
 * before zod: zod's envelope parse costs about four times the JSON.parse of a
 * line (docs/performance.md). It only ever says "valid" for what the zod
 * `envelopeSchema` accepts too (a property test holds it to that); anything it
 * does not accept goes through zod, which names the failing field.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ROLES = new Set<string>(ACTOR_ROLES);
const META_STRING_KEYS = ["correlationId", "causationId", "idempotencyKey"] as const;

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isPositiveInt = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 1;
const isText = (x: unknown): boolean => typeof x === "string" && x.length > 0;

/** The two-digit number at `i`, or -1 when either character is not an ASCII digit. */
const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * ISO-8601 date-time with offset, a real calendar date (29 Feb only in leap
 * years): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Read character by
 * character, not with a regular expression: it runs twice or more for every
 * event replayed.
 */
export const isIsoDateTime = (x: unknown): boolean => {
  if (typeof x !== "string" || x.length < 20) return false;
  const century = twoDigits(x, 0);
  const yy = twoDigits(x, 2);
  const month = twoDigits(x, 5);
  const day = twoDigits(x, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1) return false;
  if (x[4] !== "-" || x[7] !== "-" || x[10] !== "T" || x[13] !== ":" || x[16] !== ":") return false;
  const hour = twoDigits(x, 11);
  const minute = twoDigits(x, 14);
  const second = twoDigits(x, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i = 19;
  if (x[i] === ".") {
    i++;
    const start = i;
    while (i < x.length && x.charCodeAt(i) >= 48 && x.charCodeAt(i) <= 57) i++;
    if (i === start) return false;
  }
  if (x[i] === "Z") {
    if (i + 1 !== x.length) return false;
  } else if (x[i] === "+" || x[i] === "-") {
    if (i + 6 !== x.length || x[i + 3] !== ":") return false;
    const offsetHour = twoDigits(x, i + 1);
    const offsetMinute = twoDigits(x, i + 4);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return false;
  } else return false;
  const year = century * 100 + yy;
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
