import { type Actor, type EventEnvelope, petitionStreamId } from "@petitio/core";

/** One event of a hand-written log: the petition it belongs to and what happened. */
export interface LogEntry {
  petitionId: string;
  type: string;
  occurredAt: string;
  data?: Record<string, unknown>;
  actor?: Actor;
}

const defaultActor: Actor = { id: "tester", role: "system" };

/**
 * Place hand-written entries as a store would: positions 1, 2, 3, … in the
 * order given, versions counted per stream, `recordedAt` = `occurredAt`.
 * For small, readable fixtures in tests of invariants and projections.
 */
export const buildLog = (entries: readonly LogEntry[]): EventEnvelope[] => {
  const versions = new Map<string, number>();
  return entries.map((entry, i) => {
    const streamId = petitionStreamId(entry.petitionId);
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    return {
      position: i + 1,
      streamId,
      version,
      type: entry.type,
      schemaVersion: 1,
      occurredAt: entry.occurredAt,
      recordedAt: entry.occurredAt,
      actor: entry.actor ?? defaultActor,
      data: entry.data ?? {},
    };
  });
};
