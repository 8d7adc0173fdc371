import type { Stage } from "../events/catalog.js";
import type { Awaiting, PetitionFacts } from "./petition-facts.js";

/**
 * Where an open petition stands against the stored due time of its current
 * stage, whoever the stage waits on (`awaiting`). The counts and lists count
 * only an office's stages as overdue or due soon (docs/log-format.md "Counts"):
 * metrics.ts tallies a petitioner's window as `awaitingPetitioner`, and the
 * 催办 / 督办 lists of overdue.ts keep the office's stages only.
 */

export const DAY_MS = 86_400_000;
/** The reminder window (催办) before a due time, in days. */
export const DEFAULT_REMINDER_WINDOW_DAYS = 3;

export type DueStatus = "onTrack" | "dueSoon" | "overdue";

export interface StageStatus {
  stage: Stage;
  /** The stored due time of the stage (never recomputed). */
  dueAtMs: number;
  awaiting: Awaiting;
  status: DueStatus;
  /** Whole days to the due time, rounded up; negative (at least -1) once past it. */
  daysLeft: number;
}

/** The stage status of an open petition at `asOf`, or undefined when it is closed or not yet staged. */
export const stageStatusOf = (
  facts: PetitionFacts,
  asOfMs: number,
  reminderWindowMs: number,
): StageStatus | undefined => {
  if (facts.closedBy !== null || facts.stage === null || facts.stageDueAt === null)
    return undefined;
  const dueAtMs = Date.parse(facts.stageDueAt);
  const left = dueAtMs - asOfMs;
  const daysLeft = left >= 0 ? Math.ceil(left / DAY_MS) : -Math.ceil(-left / DAY_MS);
  const status: DueStatus = left < 0 ? "overdue" : left <= reminderWindowMs ? "dueSoon" : "onTrack";
  return { stage: facts.stage, dueAtMs, awaiting: facts.awaiting, status, daysLeft };
};
