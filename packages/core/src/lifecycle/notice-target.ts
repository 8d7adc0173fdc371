import { type Duty, isDuty, type NoticeSubject } from "../events/catalog.js";
import { OFFICE_STAGES, type PetitionState } from "./state.js";
import { PROCEDURE } from "./transitions.js";

/**
 * What a 催办 / 督办 is about, and when that was due: the running office stage
 * (W22 Art. 40), or a duty that runs beside it with a due time of its own —
 * the 交办 report-back (`reportBackDueAt`, W22 Art. 22 ¶1(3); BJ regulation
 * Art. 46) and the 12345 call-back (`callBackDueAt`, 接诉即办条例 Art. 23).
 * A duty is owed while the petition's status takes the duty's own command
 * (`reportBack`, `callBack`), its due time is set, and it was not done yet;
 * recording it ends its reminders and supervisions.
 */
export interface NoticeTarget {
  stage: NoticeSubject;
  dueAt: string;
}

const DUTY_COMMAND = { reportBack: "reportBack", callBack: "callBack" } as const;

/** The due time of `duty` while it is owed, else undefined. */
export function dutyDueAt(state: PetitionState, duty: Duty): string | undefined {
  if (PROCEDURE[state.status].on[DUTY_COMMAND[duty]] === undefined) return undefined;
  if (duty === "reportBack")
    return state.routingMode === "assign" ? state.reportBackDueAt : undefined;
  return state.callBack === undefined ? state.callBackDueAt : undefined;
}

/** The duties owed now, each with its due time. */
export const dutiesOwed = (state: PetitionState): NoticeTarget[] =>
  (Object.keys(DUTY_COMMAND) as Duty[]).flatMap((duty) => {
    const dueAt = dutyDueAt(state, duty);
    return dueAt === undefined ? [] : [{ stage: duty, dueAt }];
  });

/**
 * The target a notice names: a duty when `subject` is one, else the running
 * office stage. Undefined when there is nothing to remind of.
 */
export function noticeTarget(state: PetitionState, subject?: unknown): NoticeTarget | undefined {
  if (isDuty(subject)) {
    const dueAt = dutyDueAt(state, subject);
    return dueAt === undefined ? undefined : { stage: subject, dueAt };
  }
  const { stage, dueAt } = state;
  return stage !== undefined && dueAt !== undefined && OFFICE_STAGES.includes(stage)
    ? { stage, dueAt }
    : undefined;
}

/**
 * What a notice records it is about, given the `duty` it names (none: the
 * running stage): the subject and its due time, as `ReminderIssued` /
 * `SupervisionIssued` carry them. The rules judge these, so `allowedCommands`
 * tries each choice of `duty` through here too.
 */
export const noticeSubject = (
  state: PetitionState,
  duty?: Duty,
): { stage: NoticeSubject | undefined; dueAt: string | undefined } => ({
  stage: duty ?? state.stage,
  dueAt: noticeTarget(state, duty)?.dueAt ?? state.dueAt,
});
