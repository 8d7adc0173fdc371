import { ConcurrencyError } from "../errors.js";
import type { Actor, EventEnvelope, NewEvent } from "../events/envelope.js";
import { petitionStreamId } from "../events/envelope.js";
import { evolve as evolvePetition } from "../lifecycle/evolve.js";
import type { PetitionState } from "../lifecycle/state.js";
import type { Clock, EventStore, TimerSpec } from "../store/event-store.js";
import { daysUntil } from "../time/legal-time.js";
import type { Policy } from "../time/policy-config.js";
import { evolveCoHandling, reportCoHandling, requestCoHandling } from "./co-handling.js";
import {
  type PracticeCommandInput,
  type PracticeCommandType,
  parsePracticeCommand,
} from "./commands.js";
import { openDeadlines, type PracticeTimerPayload, practiceTimers } from "./deadlines.js";
import {
  assignRectificationTask,
  chooseMonthlyTopic,
  closeMonthlyTopic,
  completeRectificationTask,
  evolveMonthlyTopic,
  progressRectificationTask,
} from "./monthly-topic.js";
import {
  evolveLeaderCase,
  evolveReception,
  recordReception,
  takeChargeOfCase,
} from "./receptions.js";
import {
  closeRecommendation,
  evolveRecommendation,
  issueRecommendation,
  receiveRecommendationFeedback,
  recordRectification,
} from "./recommendations.js";
import {
  DEFAULT_PRACTICE_LIMITS,
  type Decider,
  type PracticeEvent,
  type PracticeLimits,
  PracticeRuleError,
} from "./rules.js";
import { type PracticeStreamKind, parsePracticeStreamId, practiceStreamId } from "./streams.js";
import {
  adoptSuggestion,
  assessSuggestion,
  closeCampaign,
  evolveCampaign,
  evolveSuggestion,
  giveSuggestionFeedback,
  openCampaign,
  rewardSuggestion,
  submitSuggestion,
} from "./suggestions.js";

/**
 * The practice desk: commands of the practice around the procedure (suggestion
 * collection, 三项建议, 每月一题, leaders' reception and 包案), on streams of
 * their own, with the same store, policy and clock as the petition engine:
 * validate → load → decide → append (expected version, idempotency key and
 * deadline timers in one transaction). `tick(now)` issues the follow-up
 * reminders and supervisions, each exactly once (idempotency keys).
 */

// biome-ignore lint/suspicious/noExplicitAny: each decider has its own state type
type AnyDecider<K extends PracticeCommandType> = Decider<any, K>;

/** Every command's decider: a missing one is a type error. */
const DECIDERS: { [K in PracticeCommandType]: AnyDecider<K> } = {
  openCampaign,
  closeCampaign,
  submitSuggestion,
  assessSuggestion,
  adoptSuggestion,
  giveSuggestionFeedback,
  rewardSuggestion,
  issueRecommendation,
  receiveRecommendationFeedback,
  recordRectification,
  closeRecommendation,
  chooseMonthlyTopic,
  assignRectificationTask,
  progressRectificationTask,
  completeRectificationTask,
  closeMonthlyTopic,
  recordReception,
  takeChargeOfCase,
  requestCoHandling,
  reportCoHandling,
};

/** Every stream kind's fold. */
const EVOLVE: { [K in PracticeStreamKind]: (state: never, event: EventEnvelope) => unknown } = {
  campaign: evolveCampaign,
  suggestion: evolveSuggestion,
  recommendation: evolveRecommendation,
  monthlyTopic: evolveMonthlyTopic,
  reception: evolveReception,
  leaderCase: evolveLeaderCase,
  coHandling: evolveCoHandling,
};

export function foldPracticeStream(
  kind: PracticeStreamKind,
  events: readonly EventEnvelope[],
): unknown {
  const evolve = EVOLVE[kind] as (state: unknown, event: EventEnvelope) => unknown;
  return events.reduce<unknown>((state, event) => evolve(state, event), undefined);
}

export interface PracticeDeskOptions {
  store: EventStore;
  policy: Policy;
  clock: Clock;
  limits?: Partial<PracticeLimits>;
  /** The actor of follow-up notices (default `{ id: "system", role: "system" }`). */
  systemActor?: Actor;
  /** Attempts after a concurrency conflict (default 5). */
  retries?: number;
}

export interface PracticeResult {
  events: EventEnvelope[];
  duplicate: boolean;
  /** The stream's state after the command. */
  state: unknown;
}

export interface PracticeTickResult {
  reminders: EventEnvelope[];
  supervisions: EventEnvelope[];
}

export interface PracticeDesk {
  execute(command: PracticeCommandInput): Promise<PracticeResult>;
  load(kind: PracticeStreamKind, id: string): Promise<unknown>;
  tick(now?: string): Promise<PracticeTickResult>;
}

export function createPracticeDesk(options: PracticeDeskOptions): PracticeDesk {
  const { store, policy, clock } = options;
  const limits: PracticeLimits = { ...DEFAULT_PRACTICE_LIMITS, ...options.limits };
  const systemActor: Actor = options.systemActor ?? { id: "system", role: "system" };
  const retries = options.retries ?? 5;

  const read = async (streamId: string, kind: PracticeStreamKind) => {
    const events = await store.readStream(streamId);
    const keys = new Set(events.map((e) => e.meta?.idempotencyKey).filter((k) => k !== undefined));
    return {
      events,
      keys,
      version: events.at(-1)?.version ?? 0,
      state: foldPracticeStream(kind, events),
    };
  };

  const load = async (kind: PracticeStreamKind, id: string) =>
    (await read(practiceStreamId(kind, id), kind)).state;

  /** Append what a decision recorded, with the stream's deadline timers recomputed. */
  const record = async (
    streamId: string,
    kind: PracticeStreamKind,
    before: { version: number; state: unknown },
    decided: readonly PracticeEvent[],
    at: string,
    actor: Actor,
    idempotencyKey: string | undefined,
  ): Promise<PracticeResult> => {
    const newEvents: NewEvent[] = decided.map((e) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
      occurredAt: at,
      actor,
      ...(idempotencyKey === undefined ? {} : { meta: { idempotencyKey } }),
    }));
    const preview = newEvents.map(
      (e, i) =>
        ({
          ...e,
          streamId,
          version: before.version + i + 1,
          position: 0,
          recordedAt: at,
          schemaVersion: 1,
        }) as EventEnvelope,
    );
    const evolve = EVOLVE[kind] as (state: unknown, event: EventEnvelope) => unknown;
    const after = preview.reduce<unknown>((s, e) => evolve(s, e), before.state);
    const result = await store.append(streamId, newEvents, {
      expectedVersion: before.version === 0 ? "noStream" : before.version,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      timers: { cancelAllForStream: true, set: practiceTimers(streamId, kind, after, policy) },
    });
    if (result.duplicate) {
      // The store knows the key from another stream: never answer with someone else's result.
      if (result.streamId !== streamId) {
        throw new PracticeRuleError(
          "append",
          "idempotencyKey",
          "—",
          `idempotency key ${idempotencyKey} was already used for ${result.streamId}; use a key per command`,
        );
      }
      return { events: result.events, duplicate: true, state: (await read(streamId, kind)).state };
    }
    return { events: result.events, duplicate: false, state: after };
  };

  const execute = async (input: PracticeCommandInput): Promise<PracticeResult> => {
    const command = parsePracticeCommand(input);
    const decider = DECIDERS[command.type] as AnyDecider<typeof command.type>;
    const streamId = practiceStreamId(decider.stream, command.id);
    const now = command.at ?? clock.now();
    for (let attempt = 0; ; attempt += 1) {
      const before = await read(streamId, decider.stream);
      const key = command.idempotencyKey;
      if (key !== undefined && before.keys.has(key)) {
        const first = before.events.filter((e) => e.meta?.idempotencyKey === key);
        return { events: first, duplicate: true, state: before.state };
      }
      const link = decider.related?.(command as never);
      const related = link ? await load(link.kind, link.id) : undefined;
      const petitionId = decider.petition?.(command as never);
      const petition =
        petitionId === undefined
          ? undefined
          : (await store.readStream(petitionStreamId(petitionId))).reduce<
              PetitionState | undefined
            >((s, e) => evolvePetition(s, e), undefined);
      const decided = decider.decide(
        before.state,
        command as never,
        { policy, now, actor: command.actor, limits, ...(petition ? { petition } : {}) },
        related,
      );
      try {
        return await record(
          streamId,
          decider.stream,
          before,
          decided,
          now,
          command.actor,
          command.idempotencyKey,
        );
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < retries) continue;
        throw error;
      }
    }
  };

  const fire = async (timer: TimerSpec, now: string, result: PracticeTickResult) => {
    const parsed = parsePracticeStreamId(timer.streamId);
    const payload = timer.payload as PracticeTimerPayload | undefined;
    if (!parsed || !payload) return store.completeTimer(timer.id);
    const before = await read(timer.streamId, parsed.kind);
    const open = openDeadlines(parsed.kind, before.state).find(
      (d) => d.deadline === payload.deadline && d.dueAt === payload.dueAt,
    );
    // The deadline was met (or moved) since the timer was set: nothing to issue.
    if (!open) return store.completeTimer(timer.id);
    const isReminder = timer.kind === "practice:reminder";
    if (isReminder && Date.parse(now) > Date.parse(open.dueAt))
      return store.completeTimer(timer.id);
    const days = daysUntil(policy, now, open.dueAt);
    const event: PracticeEvent = isReminder
      ? {
          type: "FollowUpReminderIssued",
          data: { deadline: open.deadline, dueAt: open.dueAt, daysLeft: days },
        }
      : {
          type: "FollowUpSupervisionIssued",
          data: {
            deadline: open.deadline,
            dueAt: open.dueAt,
            daysOverdue: Math.max(0, -days),
            level: payload.level ?? 1,
          },
        };
    try {
      const done = await record(
        timer.streamId,
        parsed.kind,
        before,
        [event],
        now,
        systemActor,
        `${timer.id}@${open.dueAt}#${payload.level ?? 0}`,
      );
      if (!done.duplicate)
        (isReminder ? result.reminders : result.supervisions).push(...done.events);
    } catch (error) {
      // Another tick issued it first; the next tick sees the new state.
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  };

  const tick = async (at?: string): Promise<PracticeTickResult> => {
    const now = at ?? clock.now();
    const result: PracticeTickResult = { reminders: [], supervisions: [] };
    const due = (await store.listTimers())
      .filter((t) => t.kind.startsWith("practice:") && Date.parse(t.fireAt) <= Date.parse(now))
      .sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt));
    for (const timer of due) await fire(timer, now, result);
    return result;
  };

  return { execute, load, tick };
}
