import {
  type CommandType,
  type EventStore,
  nationalPolicy,
  type OrgHierarchy,
  type Policy,
} from "@petitio/core";
import {
  chartTransitions,
  type Transition,
  TransitionCoverage,
} from "../chart-coverage/transitions.js";
import { dueTimesMatchPolicy } from "../invariants/due-times.js";
import { logInvariants } from "../invariants/log-invariants.js";
import type { AuthorizationMode } from "./authorization-model.js";
import { actorFor, fieldsFor, type StepDraws } from "./commands.js";
import { MODEL_CHART, type ModelCommand, type ModelStatus } from "./petition-model.js";
import {
  emptyStepCounts,
  executeAndCompare,
  iso,
  readLog,
  type SteppingClock,
  startRun,
} from "./run-step.js";

/**
 * A directed walk of the chart, the deterministic companion of the random
 * runs (like the shortest paths of `xstate/graph`): for every transition of
 * `petitionMachine`, a fresh petition is driven along the shortest path of the
 * model to the transition's source state and then takes it, with the same
 * step-by-step agreement and invariant checks as the random runs. It makes
 * full transition coverage a fact of the suite rather than of luck.
 */

export interface ChartWalkOptions {
  /** One store for the whole walk (each transition gets its own petition). */
  store: (clock: SteppingClock) => EventStore | Promise<EventStore>;
  policy?: Policy;
  start?: string;
  coverage?: TransitionCoverage;
  /** "default" (the default): the engine's default authorization, which every step of the walk passes; "off": the lifecycle's rules alone. */
  authorization?: AuthorizationMode;
  /**
   * The org hierarchy given to the engine (`createEngine({ orgs })`): the walk routes to
   * an org with two levels above it and asks for review and re-examination one level up
   * each time (W22 Art. 35–36), so every step is still recorded.
   */
  orgs?: OrgHierarchy;
}

const draws: StepDraws = {
  days: 15,
  rating: "satisfied",
  concludeReason: "resolved",
  sameFacts: true,
  choice: 0,
  emptyLegalBasis: false,
};

/** Commands a step needs right before it on the way to a status (an objection to verify). */
const needsFirst = (command: CommandType): CommandType[] =>
  command === "confirmObjection" || command === "rejectObjection" ? ["objectRouting"] : [];

/** Shortest command path from `registered` to every status of the model. */
const pathsFromRegistered = (): Map<ModelStatus, CommandType[]> => {
  const paths = new Map<ModelStatus, CommandType[]>([["registered", []]]);
  const queue: ModelStatus[] = ["registered"];
  while (queue.length > 0) {
    const status = queue.shift()!;
    for (const [command, target] of Object.entries(MODEL_CHART[status] ?? {})) {
      if (target === "same" || paths.has(target as ModelStatus)) continue;
      paths.set(target as ModelStatus, [
        ...paths.get(status)!,
        ...needsFirst(command as CommandType),
        command as CommandType,
      ]);
      queue.push(target as ModelStatus);
    }
  }
  return paths;
};

/**
 * Commands a transition needs right before it: a hearing to end, a rating to be
 * resolved, an unsatisfied call-back to send a ticket back (JN Art. 27 ¶2).
 */
const preparation = (t: Transition): [CommandType, Partial<StepDraws>][] => {
  if (t.command === "endHearing") return [["startHearing", {}]];
  // An objection is verified, or the petition routed again, once it was raised (W22 Art. 23 ¶3).
  if (
    t.from === "routed" &&
    (t.command === "confirmObjection" || t.command === "rejectObjection" || t.command === "route")
  )
    return [["objectRouting", {}]];
  if (t.command === "conclude") return [["evaluate", {}]];
  if (t.command === "returnForRehandling") return [["callBack", { rating: "unsatisfied" }]];
  return [];
};

/** Draws of the transition's own command: in the review window a notice names a duty owed (the walk assigns, 交办). */
const ownDraws = (t: Transition): Partial<StepDraws> =>
  t.from === "replied" && (t.command === "issueReminder" || t.command === "issueSupervision")
    ? { duty: "reportBack" }
    : {};

export const walkChart = async (options: ChartWalkOptions): Promise<TransitionCoverage> => {
  const policy = options.policy ?? nationalPolicy;
  const coverage = options.coverage ?? new TransitionCoverage();
  const { model, real } = await startRun({
    store: options.store,
    policy,
    start: Date.parse(options.start ?? "2025-03-03T09:00:00+08:00"),
    until: Number.POSITIVE_INFINITY,
    stats: emptyStepCounts(),
    ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
    ...(options.orgs === undefined ? {} : { orgs: options.orgs }),
    invariants: { ...logInvariants, dueTimesMatchPolicy: dueTimesMatchPolicy(policy) },
  });
  const { clock, store } = real;
  const paths = pathsFromRegistered();

  const step = async (
    petitionId: string,
    type: CommandType,
    overrides: Partial<StepDraws> = {},
    registerFields: Record<string, unknown> = {},
  ) => {
    model.now += 60_000; // a minute between steps keeps business time moving forward
    clock.set(iso(model));
    const p = model.petitions.find((q) => q.id === petitionId);
    const others = model.petitions.filter((q) => q.id !== petitionId);
    const c: ModelCommand =
      type === "register"
        ? {
            type,
            actor: { id: "clerk-1", role: "intake", org: "bureau" },
            at: iso(model),
            fields: {
              channel: "visit",
              category: "claim",
              anonymous: false,
              petitioners: [{ id: `p-${petitionId}`, name: "李明" }],
              title: "关于幸福里小区供暖不达标的问题",
              content: "今年以来室内温度长期低于十八度，请有关部门尽快处理。",
              ...registerFields,
            },
          }
        : {
            type,
            actor: actorFor(p!, type, "right"),
            at: iso(model),
            fields: fieldsFor(type, { ...draws, ...overrides }, others, model.plan, p),
          };
    await executeAndCompare(model, real, p, petitionId, c);
    await real.verify([petitionId]);
  };

  try {
    let n = 0;
    let answeredAtOnce: Transition | undefined;
    for (const t of chartTransitions()) {
      if (t.from === "unregistered") {
        if (t.to === "concluded") answeredAtOnce = t;
        else await step(`W${++n}`, "register");
        continue;
      }
      const id = `W${++n}`;
      // linkRepeat to notAccepted: the earlier petition on the same facts is final (W22 Art. 36 ¶3).
      let previous: string | undefined;
      if (t.command === "linkRepeat" && t.to === "notAccepted") {
        previous = `W${++n}`;
        await step(previous, "register");
        for (const type of paths.get("final")!) await step(previous, type);
      }
      await step(id, "register");
      for (const type of paths.get(t.from as ModelStatus) ?? []) await step(id, type);
      for (const [type, draws] of preparation(t)) await step(id, type, draws);
      if (t.command === "linkRepeat") {
        // the model picks "others[choice]": point it at the final petition, or at none
        const others = model.petitions.filter((q) => q.id !== id);
        const choice = previous === undefined ? -1 : others.findIndex((q) => q.id === previous);
        if (choice < 0) await step(id, "linkRepeat", { sameFacts: false });
        else await step(id, "linkRepeat", { choice, sameFacts: true });
      } else {
        await step(id, t.command as CommandType, ownDraws(t));
      }
    }
    // practice (12345): a consultation answered at once is registered, answered and closed in
    // one command (BJ Art. 11 ¶1). Its log shows register, reply and conclude, so the walk records
    // the command's own transition; last, so no merge above picks the closed ticket as its target.
    if (answeredAtOnce) {
      await step(
        `W${++n}`,
        "register",
        {},
        {
          requestType: "consultation",
          answer: { summary: "已当场告知办理流程。" },
        },
      );
      coverage.record(answeredAtOnce);
    }
  } finally {
    coverage.recordLog(await readLog(store));
    await store.close();
  }
  return coverage;
};
