import { type CommandInput, parseCommand } from "../engine/commands.js";
import { decide } from "../engine/decide.js";
import { commandFor } from "../engine/test-kit.testkit.js";
import type { EventEnvelope } from "../events/envelope.js";
import { nationalPolicy } from "../time/policy.js";
import type { Policy } from "../time/policy-config.js";
import { allowedCommands } from "./allowed.js";
import type { CommandType } from "./command-types.js";
import { evolve } from "./evolve.js";
import type { PetitionState, PetitionStatus } from "./state.js";

/**
 * Walk the chart with the pure decider: from a state, apply a command chosen
 * for it and fold the events. The clock moves on a day per step, except that
 * `conclude` waits for the petitioner's window to lapse.
 */

export interface Step {
  state: PetitionState | undefined;
  events: EventEnvelope[];
}

const DAY = 86_400_000;

export const stepTime = (state: PetitionState | undefined, type: CommandType): string => {
  const last = state ? Date.parse(state.lastOccurredAt) : Date.parse("2024-03-01T09:00:00+08:00");
  const window = type === "conclude" && state?.dueAt ? Date.parse(state.dueAt) + 1000 : 0;
  return new Date(Math.max(last + DAY, window)).toISOString();
};

export const applyCommand = (
  step: Step,
  type: CommandType,
  petitionId = "P-walk",
  overrides: Partial<CommandInput> = {},
  policy: Policy = nationalPolicy,
): Step => {
  const at = (overrides.at as string | undefined) ?? stepTime(step.state, type);
  const input = { ...commandFor(step.state, type, petitionId), at, ...overrides } as CommandInput;
  // Overridden fields are parsed as an engine command would be; the kit's own are well-formed.
  const command = Object.keys(overrides).length === 0 ? input : parseCommand(input);
  const decided = decide(step.state, command, { policy, now: at });
  let state = step.state;
  const events = [...step.events];
  for (const e of decided) {
    const envelope: EventEnvelope = {
      ...e,
      position: events.length + 1,
      streamId: `petition-${petitionId}`,
      version: events.length + 1,
      schemaVersion: 1,
      recordedAt: e.occurredAt,
    };
    events.push(envelope);
    state = evolve(state, envelope);
  }
  return { state, events };
};

/**
 * The well-formed choices of each command's fields that the rules tell apart
 * (what a notice is about, why a petition is concluded, how it is routed, …);
 * a command not named has one, the kit's own. `at` is the walk's to choose.
 */
export const FIELD_CHOICES: { readonly [C in CommandType]?: readonly Partial<CommandInput>[] } = {
  register: [{}, { requestType: "consultation" }],
  route: [{ mode: "transfer" }, { mode: "assign" }],
  extend: [{ days: 1 }, { days: 30 }],
  evaluate: [{ rating: "satisfied" }, { rating: "unsatisfied" }],
  conclude: [{ reason: "resolved" }, { reason: "reviewWindowLapsed" }],
  callBack: [
    { resolved: false, rating: "unsatisfied" },
    { resolved: true, rating: "satisfied" },
  ],
  issueReminder: [{ duty: undefined }, { duty: "reportBack" }, { duty: "callBack" }],
  issueSupervision: [{ duty: undefined }, { duty: "reportBack" }, { duty: "callBack" }],
} as Record<string, readonly Partial<CommandInput>[]>;

export const fieldChoices = (type: CommandType): readonly Partial<CommandInput>[] =>
  FIELD_CHOICES[type] ?? [{}];

/**
 * Where the walk has been: the status, and whether an objection awaits
 * verification (a routed petition takes other commands then, W22 Art. 23 ¶3).
 */
const placeOf = (state: PetitionState | undefined): string =>
  `${state?.status ?? "unregistered"}${state?.objection ? "+objection" : ""}`;

/** Breadth-first walk: the first path found to every reachable status. */
export const pathsToEveryStatus = (): Map<PetitionStatus, Step> => {
  const found = new Map<PetitionStatus, Step>();
  const visited = new Set<string>(["unregistered"]);
  const queue: Step[] = [{ state: undefined, events: [] }];
  found.set("unregistered", queue[0]!);
  while (queue.length > 0) {
    const step = queue.shift()!;
    for (const type of allowedCommands(step.state)) {
      let next: Step;
      try {
        next = applyCommand(step, type);
      } catch {
        continue; // a guard refused this command here (e.g. nothing to end)
      }
      const status = next.state!.status;
      if (!found.has(status)) found.set(status, next);
      if (!visited.has(placeOf(next.state))) {
        visited.add(placeOf(next.state));
        queue.push(next);
      }
    }
  }
  return found;
};
