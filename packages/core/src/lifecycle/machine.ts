import { and, setup } from "xstate";
import type { CommandType } from "./command-types.js";
import {
  LEGAL_RULES,
  REPEAT_CONDITION_IDS,
  REPEAT_CONDITIONS,
  type RepeatCondition,
  RULE_IDS,
  type RuleContext,
  type RuleId,
  type RuleInput,
  ruleBreach,
} from "./rules.js";
import type { PetitionState } from "./state.js";
import { PETITION_STATUSES, PROCEDURE, type StatusSpec, type Transition } from "./transitions.js";

/**
 * The petition lifecycle as an XState v5 statechart, built from the procedure
 * table (transitions.ts). Its events are the commands; every legal rule is a
 * guard of the same id. It is used as a pure decider through `transition()`
 * (allowed.ts), never as a running actor, and has no actions: effects are
 * events and outbox rows.
 *
 * An event without `input` (e.g. when a model-based test walks the graph with
 * `xstate/graph`) passes every guard: the graph then shows every path the law
 * can take.
 */

export interface PetitionMachineContext {
  /** The petition judged; for `register`, the state the registration would create. */
  petition?: PetitionState;
}

export interface PetitionMachineEvent {
  type: CommandType;
  /**
   * The petition the guards judge (for `register`, the state the registration
   * would create); default the snapshot's context. Carried by the event so one
   * snapshot per status serves every petition.
   */
  petition?: PetitionState;
  /** The action as the data of the event it would record (see `RuleInput`). */
  input?: RuleInput;
  ruleContext?: RuleContext;
  /** For `linkRepeat`: the earlier petition, as loaded by the engine (judged by the repeat conditions). */
  previous?: PetitionState;
  /** Set by the engine when `register` carries the answer of a consultation (BJ Art. 11 ¶1). */
  answeredAtOnce?: boolean;
}

type GuardArgs = { context: PetitionMachineContext; event: PetitionMachineEvent };

/** The guard of rule `id`: holds when the rule does (or when there is nothing to judge). */
const ruleGuard =
  (id: RuleId) =>
  ({ context, event }: GuardArgs): boolean => {
    const petition = event.petition ?? context.petition;
    return (
      !petition ||
      !event.input ||
      ruleBreach(id, petition, event.input, event.ruleContext ?? {}) === undefined
    );
  };

/** A repeat of the same matter that the earlier petition bars (W22 Art. 19 ¶3, 36 ¶3; BJ Art. 37). */
const repeatGuard =
  (id: RepeatCondition) =>
  ({ event }: GuardArgs): boolean =>
    event.previous !== undefined &&
    event.input?.data.sameFactsAndReasons === true &&
    REPEAT_CONDITIONS[id].holds(event.previous, event.input.at);

/** BJ Art. 11 ¶1: a consultation registered with its answer is answered at once. */
const answeredAtOnce = ({ context, event }: GuardArgs): boolean =>
  event.answeredAtOnce === true &&
  (event.petition ?? context.petition)?.requestType === "consultation";

export const MACHINE_GUARDS = {
  ...(Object.fromEntries(RULE_IDS.map((id) => [id, ruleGuard(id)])) as Record<
    RuleId,
    (args: GuardArgs) => boolean
  >),
  ...(Object.fromEntries(REPEAT_CONDITION_IDS.map((id) => [id, repeatGuard(id)])) as Record<
    RepeatCondition,
    (args: GuardArgs) => boolean
  >),
  answeredAtOnce,
};
export type GuardName = keyof typeof MACHINE_GUARDS;

/** The guard names of one branch, in order (its condition first, then its rules). */
export const branchGuards = (t: Transition): GuardName[] => [
  ...(t.when === undefined ? [] : [t.when]),
  ...(t.rules ?? []),
];

const transitionConfig = (t: Transition) => {
  const guards = branchGuards(t);
  const guard = guards.length === 0 ? undefined : guards.length === 1 ? guards[0]! : and(guards);
  return {
    ...(t.to === undefined ? {} : { target: t.to }),
    ...(guard === undefined ? {} : { guard }),
  };
};

const stateConfig = (spec: StatusSpec) => {
  if (spec.terminal) return { type: "final" as const };
  const on: Record<string, ReturnType<typeof transitionConfig>[]> = {};
  for (const [command, branches] of Object.entries(spec.on)) {
    on[command] = (branches ?? []).map(transitionConfig);
  }
  return { on };
};

/** The chart of a procedure table (the built-in one by default; tests build altered ones). */
export const buildPetitionMachine = (
  procedure: { readonly [S in keyof typeof PROCEDURE]: StatusSpec } = PROCEDURE,
) =>
  setup({
    types: {
      context: {} as PetitionMachineContext,
      events: {} as PetitionMachineEvent,
      input: {} as PetitionMachineContext | undefined,
    },
    guards: MACHINE_GUARDS,
  }).createMachine({
    id: "petition",
    initial: "unregistered",
    context: ({ input }) => ({ ...input }),
    states: Object.fromEntries(
      PETITION_STATUSES.map((status) => [status, stateConfig(procedure[status])]),
    ),
  });

export type PetitionMachine = ReturnType<typeof buildPetitionMachine>;

export const petitionMachine: PetitionMachine = buildPetitionMachine();

/** A rule's name and article, for diagrams and docs. */
export const ruleLabel = (id: RuleId): string => {
  const rule = LEGAL_RULES[id] as { name: string; article?: string };
  return rule.article === undefined ? rule.name : `${rule.name} (${rule.article})`;
};
