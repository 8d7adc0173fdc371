import type { PetitionEvent } from "./catalog.js";
import type { EventEnvelope, NewEvent } from "./envelope.js";
import { defaultRegistry, type EventRegistry } from "./registry.js";

/**
 * New events as the envelopes they will be once appended after version
 * `fromVersion` of `streamId`: the one place the engine builds envelopes
 * before the store places them. The schema version is the registry's current
 * one for the type; `position` is 0 and `recordedAt` the business time until
 * the store assigns both.
 */
export function previewEnvelopes<E extends NewEvent>(
  streamId: string,
  fromVersion: number,
  events: readonly E[],
  registry: EventRegistry = defaultRegistry,
): Array<EventEnvelope<E["type"], E["data"]>> {
  return events.map((e, i) => {
    const envelope: EventEnvelope<E["type"], E["data"]> = {
      position: 0,
      streamId,
      version: fromVersion + i + 1,
      type: e.type,
      schemaVersion: e.schemaVersion ?? registry.currentVersion(e.type),
      occurredAt: e.occurredAt,
      recordedAt: e.occurredAt,
      actor: e.actor,
      data: e.data,
    };
    if (e.meta !== undefined) envelope.meta = e.meta;
    return envelope;
  });
}

/** A catalog event before the store placed it, discriminated on `type`. */
export type NewPetitionEvent = {
  [K in PetitionEvent["type"]]: NewEvent<K, Extract<PetitionEvent, { type: K }>["data"]>;
}[PetitionEvent["type"]];
