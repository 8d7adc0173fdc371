import type { EventEnvelope } from "@petitio/core";
import { applyCaseEvent, type CaseRecord } from "../cases/case-records.js";

/**
 * How one log event changes a search index, whatever the database: a
 * registration adds cases; any later event of a petition's stream may change
 * its record (org, status, reply), which the index then rewrites.
 */
export type CaseUpdate =
  | { kind: "register"; records: CaseRecord[] }
  | { kind: "change"; petitionId: string }
  | { kind: "none" };

export const caseUpdateOf = (event: EventEnvelope): CaseUpdate => {
  if (event.type === "PetitionRegistered") {
    const state = { cases: new Map<string, CaseRecord>() };
    applyCaseEvent(state, event);
    return { kind: "register", records: [...state.cases.values()] };
  }
  if (!event.streamId.startsWith("petition-")) return { kind: "none" };
  return { kind: "change", petitionId: event.streamId.slice("petition-".length) };
};

/** The stored record (JSON) after the event, or undefined when the event changed nothing. */
export const changedRecord = (
  petitionId: string,
  stored: string,
  event: EventEnvelope,
): CaseRecord | undefined => {
  const record = JSON.parse(stored) as CaseRecord;
  applyCaseEvent({ cases: new Map([[petitionId, record]]) }, event);
  return JSON.stringify(record) === stored ? undefined : record;
};
