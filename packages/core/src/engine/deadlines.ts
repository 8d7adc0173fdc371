import type { NoticeSubject } from "../events/catalog.js";
import { dutiesOwed, type NoticeTarget } from "../lifecycle/notice-target.js";
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
 * - a duty owed beside the stage — the 交办 report-back (`reportBackDueAt`,
 *   W22 Art. 22 ¶1(3); BJ regulation Art. 46) and the 12345 call-back
 *   (`callBackDueAt`, 接诉即办条例 Art. 23): `${streamId}:${duty}:reminder` and
 *   `${streamId}:${duty}:supervision:${level}`, as for an office stage, until
 *   `ReportedBack` / `CallBackRecorded` (or the end of the petition) is written.
 *
 * Supervision levels count only supervisions issued after the due time: a
 * supervisor's own 督办 before it never suppresses the automatic ones.
 */

/** The timer kinds of petition streams: `tick` claims only these (practice timers are the desk's). */
export const PETITION_TIMER_KINDS = ["reminder", "supervision", "conclude"] as const;
export type DeadlineKind = (typeof PETITION_TIMER_KINDS)[number];

export interface DeadlinePayload extends Record<string, unknown> {
  /** The stage, or the duty beside it (`reportBack`, `callBack`). */
  stage: NoticeSubject;
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
  const duties = dutiesOwed(state).flatMap((duty) => noticeTimers(state, duty, policy));
  if (stage === undefined || dueAt === undefined) return duties;
  if (!OFFICE_STAGES.includes(stage)) {
    const payload: DeadlinePayload = { stage, dueAt };
    const fireAt = justAfter(dueAt, policy);
    return [
      { id: `${streamId}:${stage}:conclude`, streamId, fireAt, kind: "conclude", payload },
      ...duties,
    ];
  }
  if (state.hearing?.stage === "reexamination") return duties;
  return [...noticeTimers(state, { stage, dueAt }, policy), ...duties];
}

/**
 * 催办 before and 督办 after one due time (a stage, or a duty beside it): the
 * reminder unless already issued, and the next overdue supervision level.
 */
function noticeTimers(state: PetitionState, target: NoticeTarget, policy: Policy): TimerSpec[] {
  const { streamId } = state;
  const { stage, dueAt } = target;
  const timer = (suffix: string, kind: DeadlineKind, fireAt: string, level?: number): TimerSpec => {
    const payload: DeadlinePayload = { stage, dueAt };
    if (level !== undefined) payload.level = level;
    return { id: `${streamId}:${stage}:${suffix}`, streamId, fireAt, kind, payload };
  };
  const timers: TimerSpec[] = [];
  if (!state.reminders.includes(stageRunKey(stage, dueAt))) {
    timers.push(timer("reminder", "reminder", reminderTime(dueAt, policy)));
  }
  // Automatic levels count only the supervisions issued after the due time.
  const level = supervisionLevel(state, false, target) + 1;
  if (level <= policy.maxSupervisionLevel) {
    const fireAt = formatInZone(
      Date.parse(dueAt) + SECOND + (level - 1) * policy.supervisionEscalationDays * DAY,
      policy.timeZone,
    );
    timers.push(timer(`supervision:${level}`, "supervision", fireAt, level));
  }
  return timers;
}
