import { defaultRegistry, type EventEnvelope, petitionStreamId } from "@petitio/core";
import { formatInZone } from "../util/zoned-time.js";
import type { DraftPetition } from "./draft.js";

export interface BuiltLog {
  events: EventEnvelope[];
  synthesized: number;
}

/**
 * Turn drafted petitions into a log: one stream per petition (versions 1…n in
 * draft order), positions ordered by occurredAt across the whole log (ties keep
 * the draft order, so a stream never goes backwards), recordedAt = occurredAt
 * (an import records history, it does not happen now). Every envelope is
 * validated against the catalog, so an importer bug cannot write a bad log.
 */
export const buildLog = (drafts: readonly DraftPetition[], timeZone: string): BuiltLog => {
  interface Pending {
    at: number;
    order: number;
    envelope: Omit<EventEnvelope, "position">;
  }
  const pending: Pending[] = [];
  let synthesized = 0;
  for (const draft of drafts) {
    const streamId = petitionStreamId(draft.petitionId);
    let previous = Number.NEGATIVE_INFINITY;
    draft.events.forEach((event, index) => {
      if (event.at < previous) {
        throw new RangeError(
          `importer bug: ${streamId} event ${index + 1} (${event.type}) is earlier than the one before`,
        );
      }
      previous = event.at;
      const occurredAt = formatInZone(event.at, timeZone);
      if (event.synthesized) synthesized++;
      pending.push({
        at: event.at,
        order: pending.length,
        envelope: {
          streamId,
          version: index + 1,
          type: event.type,
          schemaVersion: 1,
          occurredAt,
          recordedAt: occurredAt,
          actor: event.actor,
          data: event.data,
          meta: {
            source: draft.source,
            ...(event.synthesized ? { synthesized: true } : {}),
            ...(event.adjusted ? { adjusted: event.adjusted } : {}),
          },
        },
      });
    });
  }
  pending.sort((a, b) => a.at - b.at || a.order - b.order);
  const events = pending.map((p, i) =>
    defaultRegistry.decode({ position: i + 1, ...p.envelope }, { strictTypes: true }),
  );
  return { events, synthesized };
};
