import { transition } from "xstate";
import { commandSchemas } from "../engine/commands.js";
import { DUTIES } from "../events/catalog.js";
import { COMMAND_TYPES, type CommandType } from "./command-types.js";
import { type PetitionMachine, type PetitionMachineEvent, petitionMachine } from "./machine.js";
import { noticeSubject } from "./notice-target.js";
import { LEGAL_RULES, type RuleId, ruleBreach } from "./rules.js";
import type { PetitionState, PetitionStatus } from "./state.js";
import { type Branches, PROCEDURE } from "./transitions.js";

/**
 * The statechart as a decider: which commands a state takes, and the state a
 * command leads to, the chart's guards (the legal rules) deciding. Loading a
 * stream never comes here (see `evolve`).
 */

/** The branches the procedure table has for `command` in `status` (none: the chart has no such transition). */
export const branchesOf = (status: PetitionStatus, command: CommandType): Branches | undefined =>
  PROCEDURE[status].on[command];

/** Commands the procedure has a transition for in `status` (before guards), in catalog order. */
export const commandsInStatus = (status: PetitionStatus): readonly CommandType[] =>
  COMMAND_TYPES.filter((type) => branchesOf(status, type) !== undefined);

/** Whether rule `id` can be judged without the command's free data (at `at`, when given). */
const judgeableWithoutData = (id: RuleId, at: string | undefined): boolean => {
  const { depends } = LEGAL_RULES[id];
  return depends === "state" || (depends === "time" && at !== undefined);
};

/** A notice names no duty (the running office stage) or one duty beside it. */
const noticeChoices = (state: PetitionState): Record<string, unknown>[] =>
  [undefined, ...DUTIES].map((duty) => noticeSubject(state, duty));

/**
 * The choices a command's fields leave to the rules judged here, as the data
 * they record: what a notice is about (its `duty`) and why a petition is
 * concluded (its `reason`). A command is listed when one choice passes; a
 * command not named has one choice, no data.
 */
const DATA_CHOICES: {
  readonly [C in CommandType]?: (state: PetitionState) => Record<string, unknown>[];
} = {
  issueReminder: noticeChoices,
  issueSupervision: noticeChoices,
  conclude: () => commandSchemas.conclude.shape.reason.options.map((reason) => ({ reason })),
};

/**
 * Commands the petition takes now, in catalog order (`register` only before
 * registration): those with a branch, and a choice of the data the rules read
 * (`DATA_CHOICES`), for which every rule that needs no free command data
 * holds. Given `at`, the rules of time are judged too: a command whose window
 * has closed by then (a review asked too late, an extension after the
 * handling period, a conclusion before the petitioner's window lapsed) is left
 * out. Who acts is not judged (roles and orgs), nor a policy's caps (the
 * highest supervision level): there is no actor or policy here.
 */
export const allowedCommands = (state: PetitionState | undefined, at?: string): CommandType[] => {
  const status = state?.status ?? "unregistered";
  const all = commandsInStatus(status);
  if (!state) return [...all];
  const when = at ?? state.lastOccurredAt;
  return all.filter((type) => {
    const choices = DATA_CHOICES[type]?.(state) ?? [{}];
    return branchesOf(status, type)!.some((branch) =>
      choices.some((data) =>
        (branch.rules ?? []).every(
          (id) =>
            !judgeableWithoutData(id, at) ||
            ruleBreach(id, state, { type, actor: NO_ACTOR, at: when, data }, {}) === undefined,
        ),
      ),
    );
  });
};

/** No rule judged here reads the actor (who acts is checked apart). */
const NO_ACTOR = { id: "", role: "system" } as const;

const snapshots = new WeakMap<
  PetitionMachine,
  Map<PetitionStatus, ReturnType<PetitionMachine["resolveState"]>>
>();

/**
 * The machine snapshot of a status. Snapshots hold no petition (the event
 * carries the one judged), so one per status is restored and kept: restoring
 * costs far more than selecting a transition.
 */
export const snapshotOf = (
  status: PetitionStatus,
  machine: PetitionMachine = petitionMachine,
): ReturnType<PetitionMachine["resolveState"]> => {
  let byStatus = snapshots.get(machine);
  if (!byStatus) {
    byStatus = new Map();
    snapshots.set(machine, byStatus);
  }
  let snapshot = byStatus.get(status);
  if (!snapshot) {
    snapshot = machine.resolveState({ value: status, context: {} });
    byStatus.set(status, snapshot);
  }
  return snapshot;
};

/**
 * The status the chart's transition for `event` leads to from `state`, or
 * undefined when it takes none (no handler in this state, or its guards
 * refused). This is the transition `transition()` takes: the chart is flat,
 * with no actions, eventless or delayed transitions, so the target of the
 * transition XState selects is exactly the state `transition()` returns
 * (machine.test.ts holds the two equal on every reachable state and command)
 * without building the throw-away actor `transition()` needs.
 *
 * `judged` is the petition the guards judge (default `state`; for `register`,
 * the state the registration would create).
 */
export const nextStatus = (
  state: PetitionState | undefined,
  event: PetitionMachineEvent,
  machine: PetitionMachine = petitionMachine,
  judged: PetitionState | undefined = state,
): PetitionStatus | undefined => {
  const status = state?.status ?? "unregistered";
  const snapshot = snapshotOf(status, machine);
  if (snapshot.status !== "active") return undefined;
  const judgedEvent = judged === undefined ? event : { ...event, petition: judged };
  const [selected] = machine.getTransitionData(snapshot, judgedEvent);
  if (!selected) return undefined;
  return (selected.target?.[0]?.key ?? status) as PetitionStatus;
};

/** The status by a full pure `transition()`, for the test that holds `nextStatus` to it. */
export const nextStatusByTransition = (
  state: PetitionState | undefined,
  event: PetitionMachineEvent,
  machine: PetitionMachine = petitionMachine,
): PetitionStatus | undefined => {
  const snapshot = snapshotOf(state?.status ?? "unregistered", machine);
  const judgedEvent = state === undefined ? event : { ...event, petition: state };
  if (snapshot.status !== "active" || machine.getTransitionData(snapshot, judgedEvent).length === 0)
    return undefined;
  return transition(machine, snapshot, judgedEvent)[0].value as PetitionStatus;
};
