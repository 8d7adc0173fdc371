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
import type { ExpectedVersion, ProjectionSnapshot, ReadAllOptions } from "./event-store.js";

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
    registry.validateData(event.type, event.data, "append", `events.${i}.data`);
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

/**
 * Import checks for a whole batch, in order: each event against the store's
 * `head` and stream versions (`streamVersion`) and the events before it in
 * the batch. `accepted` runs for each event as soon as it passes.
 */
export const checkImportedBatch = (
  batch: readonly EventEnvelope[],
  offset: number,
  head: number,
  streamVersion: (streamId: string) => number,
  accepted: (event: EventEnvelope) => void = () => {},
): void => {
  const versions = new Map<string, number>();
  let last = head;
  batch.forEach((event, i) => {
    const current = versions.get(event.streamId) ?? streamVersion(event.streamId);
    checkImported(event, offset + i, last, current);
    accepted(event);
    versions.set(event.streamId, event.version);
    last = event.position;
  });
};

const positionSchema = z.int().min(0);

/** `readAll` options: `asOf` must be an ISO-8601 date-time with offset, `after` and `batchSize` integers. */
export const validateReadAll = (options: ReadAllOptions): void => {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ValidationError("readAll options", [
      { path: "options", message: "must be an object" },
    ]);
  }
  const issues = [];
  if (options.asOf !== undefined && !isoDateTime.safeParse(options.asOf).success) {
    issues.push({ path: "asOf", message: "must be an ISO-8601 date-time with offset" });
  }
  if (options.after !== undefined && !positionSchema.safeParse(options.after).success) {
    issues.push({ path: "after", message: "must be an integer ≥ 0" });
  }
  if (options.batchSize !== undefined && !z.int().min(1).safeParse(options.batchSize).success) {
    issues.push({ path: "batchSize", message: "must be an integer ≥ 1" });
  }
  if (issues.length > 0) throw new ValidationError("readAll options", issues);
};

/** A checkpoint is a named log position (an integer ≥ 0). */
export const validateCheckpoint = (name: string, position: number): void => {
  if (typeof name !== "string" || name.length === 0) {
    throw new ValidationError("checkpoint", [
      { path: "name", message: "must be a non-empty string" },
    ]);
  }
  if (!positionSchema.safeParse(position).success) {
    throw new ValidationError("checkpoint", [
      {
        path: "position",
        // Only numbers are echoed: String() of a hostile value may recurse or throw.
        message: `must be an integer ≥ 0${typeof position === "number" ? `, not ${position}` : ""}`,
      },
    ]);
  }
};

const snapshotSchema = z.object({
  name: z.string().min(1),
  version: z.int().min(0),
  position: positionSchema,
});

/** A projection snapshot needs a name, a version and a position ≥ 0; its state is free. */
export const validateSnapshot = (
  snapshot: ProjectionSnapshot,
  subject = "projection snapshot",
): void => {
  const result = snapshotSchema.safeParse(snapshot);
  if (!result.success) throw new ValidationError(subject, issuesOf(result.error));
};
