import type { TimerSpec } from "../store/event-store.js";
import type { Policy } from "../time/policy-config.js";
import { formatInZone } from "../time/zone.js";
import { type CoHandlingState, coHandlingDeadlines } from "./co-handling.js";
import { type MonthlyTopicState, monthlyTopicDeadlines } from "./monthly-topic.js";
import { type RecommendationState, recommendationDeadlines } from "./recommendations.js";
import type { FollowUp } from "./rules.js";
import type { PracticeStreamKind } from "./streams.js";
import { type SuggestionState, suggestionDeadlines } from "./suggestions.js";

/**
 * Deadlines of practice streams become durable timers, like a petition's
 * stages: a reminder (催办) when the deadline enters the policy's reminder
 * window, then a supervision (督办) just after it passes, its level rising every
 * `supervisionEscalationDays` (W22 Art. 40 ¶1: 及时督办). Timer kinds are
 * `practice:reminder` and `practice:supervision`, so the petition engine's tick
 * leaves them alone.
 */

export interface OpenDeadline {
  deadline: string;
  dueAt: string;
  /** The org that owes the action. */
  org: string;
}

export interface PracticeTimerPayload extends Record<string, unknown> {
  deadline: string;
  dueAt: string;
  level?: number;
}

export const PRACTICE_TIMER_KINDS = ["practice:reminder", "practice:supervision"] as const;

const DAY_MS = 86_400_000;

/** The open deadlines of a stream's state. */
export function openDeadlines(kind: PracticeStreamKind, state: unknown): OpenDeadline[] {
  if (state === undefined) return [];
  switch (kind) {
    case "suggestion":
      return suggestionDeadlines(state as SuggestionState);
    case "recommendation":
      return recommendationDeadlines(state as RecommendationState);
    case "monthlyTopic":
      return monthlyTopicDeadlines(state as MonthlyTopicState);
    case "coHandling":
      return coHandlingDeadlines(state as CoHandlingState);
    default:
      return [];
  }
}

function followUpOf(state: unknown, deadline: string): FollowUp {
  const map = (state as { followUp?: Record<string, FollowUp> } | undefined)?.followUp;
  return map?.[deadline] ?? { reminded: false, level: 0 };
}

/** The next reminder and supervision timer of each open deadline. */
export function practiceTimers(
  streamId: string,
  kind: PracticeStreamKind,
  state: unknown,
  policy: Policy,
): TimerSpec[] {
  const timers: TimerSpec[] = [];
  for (const d of openDeadlines(kind, state)) {
    const due = Date.parse(d.dueAt);
    const done = followUpOf(state, d.deadline);
    if (!done.reminded && done.level === 0) {
      timers.push({
        id: `${streamId}:${d.deadline}:reminder`,
        streamId,
        kind: "practice:reminder",
        fireAt: formatInZone(due - policy.reminderWindowDays * DAY_MS, policy.timeZone),
        payload: { deadline: d.deadline, dueAt: d.dueAt } satisfies PracticeTimerPayload,
      });
    }
    const level = done.level + 1;
    timers.push({
      id: `${streamId}:${d.deadline}:supervision`,
      streamId,
      kind: "practice:supervision",
      fireAt: formatInZone(
        due + 1000 + (level - 1) * policy.supervisionEscalationDays * DAY_MS,
        policy.timeZone,
      ),
      payload: { deadline: d.deadline, dueAt: d.dueAt, level } satisfies PracticeTimerPayload,
    });
  }
  return timers;
}
