import type { Actor, PetitionEventType } from "@petitio/core";

/**
 * What an importer produces for one source record: the petition's events in
 * order, before positions and versions are assigned (build-log.ts does that).
 */
export interface DraftEvent {
  type: PetitionEventType;
  /** Epoch ms; formatted in the importer's time zone. */
  at: number;
  actor: Actor;
  data: Record<string, unknown>;
  /** The source does not record this step (or its time): it was built from other fields. */
  synthesized?: boolean;
  /**
   * The source records that this step happened (a closed status), though not
   * when: a synthesized closing kept even when it falls after the source ends.
   */
  attested?: boolean;
  /** Why a real value was changed to fit the procedure (e.g. a transfer dated after the reply). */
  adjusted?: string;
}

export interface DraftPetition {
  petitionId: string;
  /** `<file>:<line>`, kept in every event's meta so a figure can be traced to its record. */
  source: string;
  events: DraftEvent[];
}

/** A record the importer could not use, reported (never dropped silently). */
export interface SkippedRecord {
  line: number;
  reason: string;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
