import {
  EVENT_COMMAND,
  type EventEnvelope,
  evolve,
  isTerminal,
  type PetitionState,
  petitionMachine,
} from "@petitio/core";

/**
 * Transition coverage: which transitions of `petitionMachine` a test run
 * reached. A transition is (state, command, target state); a command that
 * stays in its state (an extension, a reminder) has target = state, and a
 * command with two guarded branches (`linkRepeat`) gives two transitions.
 */
export interface Transition {
  from: string;
  command: string;
  to: string;
}

const keyOf = (t: Transition): string => `${t.from} --${t.command}--> ${t.to}`;

/** Any machine shaped like `petitionMachine` (XState v5): its root's state nodes and their transitions. */
export interface MachineLike {
  root: {
    states: Record<
      string,
      {
        key: string;
        transitions: ReadonlyMap<
          string,
          ReadonlyArray<{ target?: ReadonlyArray<{ key: string }> | undefined }>
        >;
      }
    >;
  };
}

/** Every transition of the chart, read from the machine itself, in chart order. */
export const chartTransitions = (
  machine: MachineLike = petitionMachine as unknown as MachineLike,
): Transition[] => {
  const all: Transition[] = [];
  const seen = new Set<string>();
  for (const node of Object.values(machine.root.states)) {
    for (const [command, branches] of node.transitions) {
      for (const branch of branches) {
        const targets = branch.target && branch.target.length > 0 ? branch.target : [node];
        for (const target of targets) {
          const t = { from: node.key, command, to: target.key };
          if (!seen.has(keyOf(t))) {
            seen.add(keyOf(t));
            all.push(t);
          }
        }
      }
    }
  }
  return all;
};

export interface CoverageReport {
  /** Transitions of the chart reached at least once, with how often. */
  reached: Array<Transition & { count: number }>;
  /** Transitions of the chart never reached. */
  missed: Transition[];
  /** Steps recorded that are not transitions of the chart (should be empty: a bug in the engine or the chart). */
  outsideChart: Array<Transition & { count: number }>;
  /** reached ÷ all transitions of the chart. */
  ratio: number;
}

/** Collects (state, command, state) steps and reports them against the chart. */
export class TransitionCoverage {
  private readonly counts = new Map<string, { t: Transition; count: number }>();
  constructor(private readonly transitions: readonly Transition[] = chartTransitions()) {}

  record(step: Transition): void {
    const key = keyOf(step);
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { t: { ...step }, count: 1 });
  }

  /** Record every command step a log shows (see `stepsOfLog`). */
  recordLog(events: readonly EventEnvelope[]): void {
    for (const step of stepsOfLog(events)) this.record(step);
  }

  /** Add another run's steps (e.g. the in-memory and the SQLite run). */
  merge(other: TransitionCoverage): void {
    for (const { t, count } of other.counts.values()) {
      for (let i = 0; i < count; i++) this.record(t);
    }
  }

  report(): CoverageReport {
    const inChart = new Set(this.transitions.map(keyOf));
    const reached = this.transitions
      .filter((t) => this.counts.has(keyOf(t)))
      .map((t) => ({ ...t, count: this.counts.get(keyOf(t))!.count }));
    const missed = this.transitions.filter((t) => !this.counts.has(keyOf(t)));
    const outsideChart = [...this.counts.entries()]
      .filter(([key]) => !inChart.has(key))
      .map(([, { t, count }]) => ({ ...t, count }));
    return {
      reached,
      missed,
      outsideChart,
      ratio: this.transitions.length === 0 ? 1 : reached.length / this.transitions.length,
    };
  }
}

/** A report as text, one transition a line, for a test's output or a CI log. */
export const formatCoverage = (report: CoverageReport): string => {
  const total = report.reached.length + report.missed.length;
  const lines = [
    `transition coverage: ${report.reached.length}/${total} (${(report.ratio * 100).toFixed(1)}%)`,
    ...report.reached.map((t) => `  ✓ ${keyOf(t)}  ×${t.count}`),
    ...report.missed.map((t) => `  ✗ ${keyOf(t)}`),
    ...report.outsideChart.map((t) => `  ! ${keyOf(t)}  ×${t.count} (not in the chart)`),
  ];
  return lines.join("\n");
};

/**
 * The command steps of a log: each stream folded with `evolve`, each event
 * mapped to the command that records it (`EVENT_COMMAND`), with the status
 * before and after. Events a command adds to its main event (the closing
 * `PetitionConcluded` of a final decision, the `PetitionNotAccepted` that
 * `linkRepeat` adds for a repeat of a final petition) fold into that step;
 * notification bookkeeping is no step.
 */
export const stepsOfLog = (events: readonly EventEnvelope[]): Transition[] => {
  const steps: Transition[] = [];
  const states = new Map<string, PetitionState>();
  const lastStep = new Map<string, { step: Transition; event: EventEnvelope }>();
  for (const event of events) {
    const command = EVENT_COMMAND[event.type];
    if (command === undefined) continue;
    const before = states.get(event.streamId);
    // The closing record of an exit (W22 Art. 36 ¶3 终结 after a final decision, or
    // the reason of a withdrawal) is bookkeeping of the exit, not a transition.
    const closing =
      before !== undefined && isTerminal(before.status) && event.type === "PetitionConcluded";
    const after = evolve(before, event);
    states.set(event.streamId, after);
    const from = before?.status ?? "unregistered";
    const previous = lastStep.get(event.streamId);
    const sameAction =
      previous !== undefined &&
      previous.event.occurredAt === event.occurredAt &&
      ((previous.step.command === "decideReexamination" && event.type === "PetitionConcluded") ||
        (previous.step.command === "linkRepeat" && event.type === "PetitionNotAccepted"));
    if (closing) continue;
    if (sameAction) {
      previous.step.to = after.status;
      continue;
    }
    const step = { from, command, to: after.status };
    steps.push(step);
    lastStep.set(event.streamId, { step, event });
  }
  return steps;
};
