import { z } from "zod";

/**
 * The envelope every event is stored in (docs/log-format.md "Envelope").
 * Extra fields are allowed and kept, so an older reader never drops what a newer
 * writer added.
 */

/** ISO-8601 date-time with an explicit offset (`Z` or `+08:00`). */
export const isoDateTime = z.iso.datetime({ offset: true, local: false });

export const ACTOR_ROLES = ["petitioner", "intake", "agency", "supervisor", "system"] as const;
export const actorRoleSchema = z.enum(ACTOR_ROLES);
export type ActorRole = z.infer<typeof actorRoleSchema>;

export const actorSchema = z.looseObject({
  id: z.string().min(1),
  role: actorRoleSchema,
  org: z.string().min(1).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const eventMetaSchema = z.looseObject({
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  idempotencyKey: z.string().optional(),
});
export type EventMeta = z.infer<typeof eventMetaSchema>;

/** Envelope fields only; `data` is checked per type by the catalog. */
export const envelopeSchema = z.looseObject({
  position: z.int().min(1),
  streamId: z.string().min(1),
  version: z.int().min(1),
  type: z.string().min(1),
  schemaVersion: z.int().min(1),
  occurredAt: isoDateTime,
  recordedAt: isoDateTime,
  actor: actorSchema,
  data: z.record(z.string(), z.unknown()),
  meta: eventMetaSchema.optional(),
});

/** A stored event: what every store returns and what a JSONL log line holds. */
export interface EventEnvelope<TType extends string = string, TData = Record<string, unknown>> {
  position: number;
  streamId: string;
  version: number;
  type: TType;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  data: TData;
  meta?: EventMeta;
}

/** An event before the store has placed it: no stream, version, position or recordedAt yet. */
export interface NewEvent<TType extends string = string, TData = Record<string, unknown>> {
  type: TType;
  data: TData;
  occurredAt: string;
  actor: Actor;
  /** Defaults to the catalog's current version for the type (1 for everything in v1). */
  schemaVersion?: number;
  meta?: EventMeta;
}

/** `petition-<petitionId>`: the stream of one petition (docs/log-format.md). */
export const petitionStreamId = (petitionId: string): string => `petition-${petitionId}`;

/** The petition id of a petition stream, or undefined for other stream kinds. */
export const petitionIdOf = (streamId: string): string | undefined =>
  streamId.startsWith("petition-") ? streamId.slice("petition-".length) : undefined;

/**
 * Field order of the canonical serialisation. Export → import → export gives
 * identical bytes because every writer emits the envelope in this order.
 */
export const ENVELOPE_FIELD_ORDER = [
  "position",
  "streamId",
  "version",
  "type",
  "schemaVersion",
  "occurredAt",
  "recordedAt",
  "actor",
  "data",
  "meta",
] as const;
