import { ACTOR_ROLES } from "../src/events/envelope.js";

/**
 * PROTOTYPE, for the benchmark only: the envelope rules of LOG-FORMAT.md
 * checked by hand instead of by zod, to measure what a compiled envelope check
 * in `EventRegistry.decode` would save. Not used by the library.
 */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const ROLES = new Set<string>(ACTOR_ROLES);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isPositiveInt = (x: unknown) => Number.isInteger(x) && (x as number) >= 1;
const isText = (x: unknown) => typeof x === "string" && x.length > 0;

/** The path of the first field that breaks the envelope rules, or undefined. */
export const envelopeProblem = (raw: unknown): string | undefined => {
  if (!isObject(raw)) return "(root)";
  if (!isPositiveInt(raw.position)) return "position";
  if (!isText(raw.streamId)) return "streamId";
  if (!isPositiveInt(raw.version)) return "version";
  if (!isText(raw.type)) return "type";
  if (!isPositiveInt(raw.schemaVersion)) return "schemaVersion";
  if (typeof raw.occurredAt !== "string" || !ISO.test(raw.occurredAt)) return "occurredAt";
  if (typeof raw.recordedAt !== "string" || !ISO.test(raw.recordedAt)) return "recordedAt";
  const actor = raw.actor;
  if (!isObject(actor)) return "actor";
  if (!isText(actor.id)) return "actor.id";
  if (typeof actor.role !== "string" || !ROLES.has(actor.role)) return "actor.role";
  if (actor.org !== undefined && !isText(actor.org)) return "actor.org";
  if (!isObject(raw.data)) return "data";
  if (raw.meta !== undefined && !isObject(raw.meta)) return "meta";
  return undefined;
};
