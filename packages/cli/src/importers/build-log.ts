import { defaultRegistry, type EventEnvelope, petitionStreamId, sealLog } from "@petitio/core";
import { formatInZone } from "../util/zoned-time.js";
import type { DraftPetition } from "./draft.js";

export interface BuiltLog {
  events: EventEnvelope[];
  synthesized: number;
  /** The latest time the source itself records: the log describes the world up to then. */
  horizon: number;
  /** Synthesized closing steps left out because they would happen after the horizon. */
  beyondHorizon: number;
}

/**
 * The latest time of a step the source records (not synthesized). A synthesized
 * closing step after it (a review window that had not lapsed when the data was
 * collected) would describe the future, so it is left out.
 */
const horizonOf = (drafts: readonly DraftPetition[]): number => {
  let horizon = Number.NEGATIVE_INFINITY;
  for (const d of drafts)
    for (const e of d.events) if (!e.synthesized) horizon = Math.max(horizon, e.at);
  return horizon;
};

/**
 * Turn drafted petitions into a log: one stream per petition (versions 1…n in
 * draft order), positions ordered by occurredAt across the whole log (ties keep
 * the draft order, so a stream never goes backwards), hash-chained in that
 * order, recordedAt = occurredAt
 * (an import records history, it does not happen now); synthesized closing
 * steps after the source's horizon are left out (unless the source attests
 * them: a request it records as closed stays closed). Every envelope is
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
  let beyondHorizon = 0;
  const horizon = horizonOf(drafts);
  for (const draft of drafts) {
    const streamId = petitionStreamId(draft.petitionId);
    let previous = Number.NEGATIVE_INFINITY;
    const kept = [...draft.events];
    const last = () => kept.at(-1);
    while (
      kept.length > 1 &&
      last()?.synthesized &&
      !last()?.attested &&
      (last()?.at ?? 0) > horizon
    ) {
      kept.pop();
      beyondHorizon++;
    }
    kept.forEach((event, index) => {
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
  // Sealed in position order (the hash chain of docs/log-format.md), so an edit
  // to the imported log is caught by `petitio verify` like one to a store's export.
  const events = sealLog(
    pending.map((p, i) =>
      defaultRegistry.decode({ position: i + 1, ...p.envelope }, { strictTypes: true }),
    ),
  );
  return { events, synthesized, horizon, beyondHorizon };
};
