import type { Stage } from "../events/catalog.js";
import {
  OFFICE_STAGES,
  type PetitionState,
  stageRunKey,
  supervisionLevel,
} from "../lifecycle/state.js";
import type { TimerSpec } from "../store/event-store.js";
import { addDays } from "../time/civil-date.js";
import type { Policy } from "../time/policy-config.js";
import { endOfLocalDay, formatInZone, localDate } from "../time/zone.js";

/**
 * Durable timers for the running stage (docs/policies.md). After every append the
 * engine replaces the stream's timers with `deadlineTimers(state)`, so timers
 * always describe the state just written:
 *
 * - an office stage (routing, acceptance, handling, review, re-examination):
 *   `${streamId}:${stage}:reminder` (催办) at the start of the local day
 *   `reminderWindowDays` before the due date, unless already issued; and
 *   `${streamId}:${stage}:supervision:${level}` (督办) for the next level: level
 *   1 just after the due time, each further level `supervisionEscalationDays`
 *   later, up to `maxSupervisionLevel`. None while a re-examination hearing is
 *   open (its time is not counted, W22 Art. 36 ¶2).
 * - a petitioner's window (review / re-examination request):
 *   `${streamId}:${stage}:conclude` just after it closes, when `tick` concludes
 *   the petition (`reviewWindowLapsed`).
 */

/** The timer kinds of petition streams: `tick` claims only these (practice timers are the desk's). */
export const PETITION_TIMER_KINDS = ["reminder", "supervision", "conclude"] as const;
export type DeadlineKind = (typeof PETITION_TIMER_KINDS)[number];

export interface DeadlinePayload extends Record<string, unknown> {
  stage: Stage;
  dueAt: string;
  level?: number;
}

const SECOND = 1000;
const DAY = 86_400_000;

/** The first moment after a due time ("…T23:59:59" → next day 00:00:00, local). */
export const justAfter = (due: string, policy: Policy): string =>
  formatInZone(Date.parse(due) + SECOND, policy.timeZone);

/** 00:00 local of the day `days` days before the due date. */
export const reminderTime = (due: string, policy: Policy): string => {
  const dueDate = localDate(due, policy.timeZone);
  const dayBefore = addDays(dueDate, -policy.reminderWindowDays - 1);
  return formatInZone(
    Date.parse(endOfLocalDay(dayBefore, policy.timeZone)) + SECOND,
    policy.timeZone,
  );
};

export function deadlineTimers(state: PetitionState, policy: Policy): TimerSpec[] {
  const { stage, dueAt, streamId } = state;
  if (stage === undefined || dueAt === undefined) return [];
  const timer = (suffix: string, kind: DeadlineKind, fireAt: string, level?: number): TimerSpec => {
    const payload: DeadlinePayload = { stage, dueAt };
    if (level !== undefined) payload.level = level;
    return { id: `${streamId}:${stage}:${suffix}`, streamId, fireAt, kind, payload };
  };
  if (!OFFICE_STAGES.includes(stage)) {
    return [timer("conclude", "conclude", justAfter(dueAt, policy))];
  }
  if (state.hearing?.stage === "reexamination") return [];
  const timers: TimerSpec[] = [];
  if (!state.reminders.includes(stageRunKey(stage, dueAt))) {
    timers.push(timer("reminder", "reminder", reminderTime(dueAt, policy)));
  }
  const level = supervisionLevel(state) + 1;
  if (level <= policy.maxSupervisionLevel) {
    const fireAt = formatInZone(
      Date.parse(dueAt) + SECOND + (level - 1) * policy.supervisionEscalationDays * DAY,
      policy.timeZone,
    );
    timers.push(timer(`supervision:${level}`, "supervision", fireAt, level));
  }
  return timers;
}
