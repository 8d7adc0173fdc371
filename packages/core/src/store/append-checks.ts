import { z } from "zod";
import { ConcurrencyError, LogOrderError, ValidationError } from "../errors.js";
import type { NewEvent } from "../events/envelope.js";
import {
  actorSchema,
  type EventEnvelope,
  eventMetaSchema,
  isoDateTime,
} from "../events/envelope.js";
import { type EventRegistry, issuesOf } from "../events/registry.js";
import type { ExpectedVersion } from "./event-store.js";

/**
 * The checks every store makes before it writes, shared so that all adapters
 * reject the same input with the same error.
 */

/** Throws `ConcurrencyError` unless `actual` (0 = no stream) satisfies `expected`. */
export const checkExpectedVersion = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): void => {
  const ok =
    expected === "any" ||
    (expected === "noStream" && actual === 0) ||
    (expected === "exists" && actual > 0) ||
    expected === actual;
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
};

const expectedVersionSchema = z.union([
  z.int().min(0),
  z.literal("noStream"),
  z.literal("exists"),
  z.literal("any"),
]);

const newEventSchema = z.object({
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  occurredAt: isoDateTime,
  actor: actorSchema,
  schemaVersion: z.int().min(1).optional(),
  meta: eventMetaSchema.optional(),
});

/**
 * Validate an append before touching storage: stream id, expected version, and
 * every event's envelope fields and data (catalog types against their schema;
 * custom types must be registered). Errors name the field, e.g.
 * `events.1.data.title`.
 */
export const validateAppend = (
  streamId: unknown,
  events: readonly NewEvent[],
  expectedVersion: unknown,
  registry: EventRegistry,
): void => {
  if (typeof streamId !== "string" || streamId.length === 0) {
    throw new ValidationError("append", [
      { path: "streamId", message: "must be a non-empty string" },
    ]);
  }
  const ev = expectedVersionSchema.safeParse(expectedVersion);
  if (!ev.success) {
    throw new ValidationError("append", [
      { path: "expectedVersion", message: 'must be a version ≥ 0, "noStream", "exists" or "any"' },
    ]);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError("append", [
      { path: "events", message: "at least one event is needed" },
    ]);
  }
  events.forEach((event, i) => {
    const shape = newEventSchema.safeParse(event);
    if (!shape.success) throw new ValidationError("append", issuesOf(shape.error, `events.${i}`));
    registry.validateData(event.type, event.data, `append events.${i}`);
  });
};

/** Place new events: stream versions from `fromVersion + 1`, positions from `fromPosition + 1`. */
export const placeEvents = (
  streamId: string,
  events: readonly NewEvent[],
  fromVersion: number,
  fromPosition: number,
  recordedAt: string,
  registry: EventRegistry,
): EventEnvelope[] =>
  events.map((event, i) => {
    const envelope: EventEnvelope = {
      position: fromPosition + i + 1,
      streamId,
      version: fromVersion + i + 1,
      type: event.type,
      schemaVersion: event.schemaVersion ?? registry.currentVersion(event.type),
      occurredAt: event.occurredAt,
      recordedAt,
      actor: event.actor,
      data: event.data,
    };
    if (event.meta !== undefined) envelope.meta = event.meta;
    return envelope;
  });

/**
 * Import checks: positions strictly increase above `head`, and each event
 * continues its stream (`version` = current version + 1). `streamVersion`
 * must reflect events already accepted in this import.
 */
export const checkImported = (
  event: EventEnvelope,
  index: number,
  head: number,
  currentStreamVersion: number,
): void => {
  if (event.position <= head) {
    throw new LogOrderError(
      index + 1,
      "position",
      `${event.position} is not above the store's last position ${head}`,
    );
  }
  if (event.version !== currentStreamVersion + 1) {
    throw new LogOrderError(
      index + 1,
      "version",
      `${event.streamId} is at version ${currentStreamVersion}, so the next event must be version ${
        currentStreamVersion + 1
      }, not ${event.version}`,
    );
  }
};
