import { initialTransition, transition } from "xstate";
import { COMMAND_TYPES, type CommandType } from "./command-types.js";
import { type PetitionMachineEvent, petitionMachine } from "./machine.js";
import type { PetitionState, PetitionStatus } from "./state.js";

/**
 * The statechart as a decider: which commands a state takes, and the state a
 * command leads to. Each call restores one snapshot (`resolveState`) and runs
 * one pure `transition()`; loading a stream never comes here (see `evolve`).
 */

const stateNodeOf = (status: PetitionStatus) =>
  status === "unregistered"
    ? petitionMachine.root.states.unregistered
    : petitionMachine.root.states[status];

const structural = new Map<PetitionStatus, readonly CommandType[]>();

/** Commands the chart has a transition for in `status` (before guards). */
export const commandsInStatus = (status: PetitionStatus): readonly CommandType[] => {
  let list = structural.get(status);
  if (!list) {
    const node = stateNodeOf(status);
    const handled = new Set(node ? Object.keys(node.config.on ?? {}) : []);
    list = COMMAND_TYPES.filter((type) => handled.has(type));
    structural.set(status, list);
  }
  return list;
};

/** Commands the petition takes now, in catalog order (`register` only before registration). */
export const allowedCommands = (state: PetitionState | undefined): CommandType[] => {
  const all = commandsInStatus(state?.status ?? "unregistered");
  if (!state) return [...all];
  // State-only rules that need no command data: show what is really possible.
  return all.filter((type) => {
    if (type === "extend") return !state.extensionUsed;
    if (type === "linkRepeat") return state.repeatOf === undefined;
    if (type === "startHearing") return state.hearing === undefined;
    if (type === "endHearing") return state.hearing !== undefined;
    return true;
  });
};

let initialSnapshot: ReturnType<typeof initialTransition<typeof petitionMachine>>[0] | undefined;

/** The machine snapshot for a folded state (or the initial one, computed once: it is immutable). */
export const snapshotOf = (state: PetitionState | undefined) => {
  if (state)
    return petitionMachine.resolveState({ value: state.status, context: { petition: state } });
  initialSnapshot ??= initialTransition(petitionMachine, {})[0];
  return initialSnapshot;
};

/** The snapshot and the transition the chart selects for `event`, guards included; undefined when none. */
const selectTransition = (state: PetitionState | undefined, event: PetitionMachineEvent) => {
  const snapshot = snapshotOf(state);
  if (snapshot.status !== "active") return undefined;
  const selected = petitionMachine.getTransitionData(snapshot, event)?.[0];
  return selected ? { snapshot, selected } : undefined;
};

/**
 * The status `event` leads to from `state`, or undefined when the chart takes
 * no transition (no handler in this state, or a guard refused it).
 */
export const nextStatus = (
  state: PetitionState | undefined,
  event: PetitionMachineEvent,
): PetitionStatus | undefined => {
  // The chart is flat, with no actions, eventless or delayed transitions, so
  // the target of the selected transition is exactly the state `transition()`
  // would return; a full microstep would only build a throw-away actor
  // (≈ 20 µs) to say so. machine.test.ts holds the two equal on every
  // reachable (state, command).
  const found = selectTransition(state, event);
  if (!found) return undefined;
  return (found.selected.target?.[0]?.key ?? found.snapshot.value) as PetitionStatus;
};

/** The status by a full pure `transition()`, for tests that hold `nextStatus` to it. */
export const nextStatusByTransition = (
  state: PetitionState | undefined,
  event: PetitionMachineEvent,
): PetitionStatus | undefined => {
  const found = selectTransition(state, event);
  if (!found) return undefined;
  return transition(petitionMachine, found.snapshot, event)[0].value as PetitionStatus;
};
