import {
  type CommandInput,
  type CommandType,
  type DecideContext,
  decide,
  EVENT_COMMAND,
  type EventEnvelope,
  evolve,
  isTerminal,
  type NewEvent,
  nationalPolicy,
  type PetitionState,
  type Policy,
  petitionIdOf,
} from "@petitio/core";
import { type AnyStateMachine, transition } from "xstate";

/**
 * Replay regression, in the spirit of Temporal's replay tests: before a new
 * machine or policy ships, re-decide every recorded action of the saved logs
 * under the current version and under the candidate, and list the open
 * petitions whose outcome differs. An action the candidate refuses, a status
 * the candidate's chart would not reach, or a running stage whose due time
 * moves: each is a petition that the upgrade changes while it is in flight.
 */

/** One version of the lifecycle: a policy, and optionally another chart or decider. */
export interface LifecycleVersion {
  /** Default `nationalPolicy`. */
  policy?: Policy;
  /**
   * A statechart shaped like `petitionMachine` (states = statuses, events =
   * commands with `{ input, ruleContext }`): each action must be a transition
   * of it, and the status comes from it.
   */
  machine?: AnyStateMachine;
  /** The decider (default core's `decide`). */
  decide?: (
    state: PetitionState | undefined,
    command: CommandInput,
    ctx: DecideContext,
  ) => NewEvent[];
}

/** Where a petition stands after its log is replayed under one version. */
export interface ReplayOutcome {
  status: string;
  stage?: string;
  dueAt?: string;
  /** The first recorded action this version refuses; replay of the petition stops there. */
  refused?: { position: number; type: string; reason: string };
}

export interface ReplayDifference {
  petitionId: string;
  before: ReplayOutcome;
  after: ReplayOutcome;
}

export interface ReplayRegressionOptions {
  /** Saved logs: arrays or streams of envelopes (e.g. `readLogFile(path)`), each in position order. */
  logs: ReadonlyArray<Iterable<EventEnvelope> | AsyncIterable<EventEnvelope>>;
  current?: LifecycleVersion;
  candidate: LifecycleVersion;
  /** Also report petitions already closed under the current version (default false). */
  includeClosed?: boolean;
}

/** The petitions whose outcome differs between `current` and `candidate`, in log order. */
export const replayRegression = async (
  options: ReplayRegressionOptions,
): Promise<ReplayDifference[]> => {
  const streams = new Map<string, EventEnvelope[]>();
  for (const log of options.logs) {
    for await (const event of log) {
      if (petitionIdOf(event.streamId) === undefined) continue;
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
  }
  const before = replayAll(streams, options.current ?? {});
  const after = replayAll(streams, options.candidate);
  const differences: ReplayDifference[] = [];
  for (const [petitionId, outcome] of before) {
    const closed = outcome.refused === undefined && isTerminal(outcome.status as never);
    if (closed && !options.includeClosed) continue;
    const other = after.get(petitionId)!;
    if (!sameOutcome(outcome, other))
      differences.push({ petitionId, before: outcome, after: other });
  }
  return differences;
};

const sameOutcome = (a: ReplayOutcome, b: ReplayOutcome): boolean =>
  a.status === b.status &&
  a.stage === b.stage &&
  instant(a.dueAt) === instant(b.dueAt) &&
  a.refused?.position === b.refused?.position;

const instant = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** Replay every petition under one version; earlier petitions are known to later `linkRepeat`s. */
const replayAll = (
  streams: ReadonlyMap<string, readonly EventEnvelope[]>,
  version: LifecycleVersion,
): Map<string, ReplayOutcome> => {
  const states = new Map<string, PetitionState>();
  const outcomes = new Map<string, ReplayOutcome>();
  for (const [streamId, events] of streams) {
    const petitionId = petitionIdOf(streamId)!;
    const { state, outcome } = replayStream(events, version, states);
    if (state) states.set(petitionId, state);
    outcomes.set(petitionId, outcome);
  }
  return outcomes;
};

const replayStream = (
  events: readonly EventEnvelope[],
  version: LifecycleVersion,
  others: ReadonlyMap<string, PetitionState>,
): { state: PetitionState | undefined; outcome: ReplayOutcome } => {
  const policy = version.policy ?? nationalPolicy;
  const decider = version.decide ?? decide;
  let state: PetitionState | undefined;
  let status = "unregistered";
  /** Types the last decision added after its main event, which the log also holds. */
  let pendingExtras: string[] = [];
  const outcomeOf = (refused?: ReplayOutcome["refused"]): ReplayOutcome => {
    const outcome: ReplayOutcome = { status };
    if (state?.stage !== undefined && state.dueAt !== undefined && refused === undefined) {
      outcome.stage = state.stage;
      outcome.dueAt = state.dueAt;
    }
    if (refused) outcome.refused = refused;
    return outcome;
  };
  for (const event of events) {
    const commandType = EVENT_COMMAND[event.type];
    if (commandType === undefined) continue;
    if (pendingExtras[0] === event.type) {
      pendingExtras.shift();
      continue;
    }
    pendingExtras = [];
    // A closing record after a terminal exit is bookkeeping of that exit, not an action.
    if (state && isTerminal(state.status) && event.type === "PetitionConcluded") continue;
    const command = commandOf(event, commandType);
    const ctx: DecideContext = { policy, now: event.occurredAt };
    const previous =
      typeof event.data.previousPetitionId === "string"
        ? others.get(event.data.previousPetitionId)
        : undefined;
    if (previous) ctx.previous = previous;
    let decided: NewEvent[];
    try {
      decided = decider(state, command, ctx);
    } catch (error) {
      return { state, outcome: outcomeOf(refusal(event, (error as Error).message)) };
    }
    if (version.machine) {
      const next = machineStep(version.machine, status, state, command, decided, policy);
      if (next === undefined) {
        return {
          state,
          outcome: outcomeOf(refusal(event, `the chart has no ${commandType} in state ${status}`)),
        };
      }
      status = next;
    }
    for (const [i, e] of decided.entries()) {
      state = evolve(state, {
        ...e,
        schemaVersion: 1,
        streamId: event.streamId,
        version: (state?.version ?? 0) + 1,
        position: event.position + i / decided.length,
        recordedAt: event.recordedAt,
      });
    }
    if (!version.machine && state) status = state.status;
    pendingExtras = decided.slice(1).map((e) => e.type);
  }
  return { state, outcome: outcomeOf() };
};

const refusal = (event: EventEnvelope, reason: string): NonNullable<ReplayOutcome["refused"]> => ({
  position: event.position,
  type: event.type,
  reason,
});

/**
 * The command a recorded event is the result of: its data gives the command's
 * fields (extra fields such as stored due times are dropped by the command
 * schema), its actor and time are the command's.
 */
export const commandOf = (event: EventEnvelope, type: CommandType): CommandInput => {
  const petitionId = petitionIdOf(event.streamId) ?? event.streamId;
  return {
    ...event.data,
    type,
    petitionId,
    actor: event.actor,
    at: event.occurredAt,
  } as unknown as CommandInput;
};

/** The status a candidate chart reaches for one action, or undefined when it has no such transition. */
const machineStep = (
  machine: AnyStateMachine,
  status: string,
  state: PetitionState | undefined,
  command: CommandInput,
  decided: readonly NewEvent[],
  policy: Policy,
): string | undefined => {
  const snapshot = machine.resolveState({ value: status, context: { petition: state } });
  const event = {
    type: command.type,
    input: {
      type: command.type,
      actor: command.actor,
      at: command.at,
      data: decided[0]?.data ?? {},
    },
    ruleContext: { policy },
  };
  const enabled = machine.getTransitionData(snapshot as never, event as never);
  if (!enabled || enabled.length === 0) return undefined;
  const [next] = transition(machine, snapshot as never, event as never);
  return typeof next.value === "string" ? next.value : JSON.stringify(next.value);
};
