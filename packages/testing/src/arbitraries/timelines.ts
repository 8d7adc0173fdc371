import {
  COMMAND_TYPES,
  type CommandInput,
  type CommandType,
  formatInZone,
  nationalPolicy,
  type Policy,
} from "@petitio/core";
import fc from "fast-check";
import type { AuthorizationMode } from "../model/authorization-model.js";
import {
  type ActorVariant,
  actorFor,
  fieldsFor,
  REFUSED_ACTOR_VARIANTS,
  type StepDraws,
  toCommandInput,
  weightedPick,
} from "../model/commands.js";
import { FLAT_PLAN } from "../model/org-plan.js";
import {
  applyRecorded,
  expectOf,
  isClosed,
  MODEL_CHART,
  type Model,
  type ModelCommand,
  type ModelPetition,
} from "../model/petition-model.js";
import { newModelPetition } from "../model/run-step.js";
import { petitionTextArb } from "./chinese-text.js";

/**
 * Timelines: the commands of one petition's life, each with its business time
 * (`at`), made by walking the model of petition-model.ts. A valid timeline
 * respects the clock (time only moves forward), the roles and the law, so an
 * engine must record every command of it; an invalid one is a valid prefix
 * followed by one command the engine must refuse, and says with which error.
 */

export interface TimelineOptions {
  /** Policy for the windows and due times (default `nationalPolicy`). */
  policy?: Policy;
  /** First business time (default 2025-03-03T09:00:00+08:00). */
  start?: string;
  /** Petition id (default "T1"). */
  petitionId?: string;
  /** Most steps after registration (default 12). */
  maxSteps?: number;
  /**
   * The authorization of the engine the timelines are for: "off" (the default, for an
   * engine with `authorize: false`) or "default" (core's default authorization: the
   * invalid timelines then also end with commands it refuses, `NotAuthorizedError`).
   * The default stays "off" because these arbitraries do not make the engine: a
   * test written for them builds its own with `authorize: false`.
   */
  authorization?: AuthorizationMode;
}

interface Step extends StepDraws {
  gapMinutes: number;
  typeSeed: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  gapMinutes: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 * 1440 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2 * 1440, max: 45 * 1440 }) },
  ),
  typeSeed: fc.nat(),
  days: fc.integer({ min: 1, max: 30 }),
  rating: fc.constantFrom("satisfied", "basicallySatisfied", "unsatisfied"),
  concludeReason: fc.constantFrom("resolved", "reviewWindowLapsed"),
  sameFacts: fc.constant(false),
  choice: fc.nat(),
  emptyLegalBasis: fc.constant(false),
});

interface Walk {
  model: Model;
  petition: ModelPetition;
  commands: CommandInput[];
}

/** Register, then take each step the model records (steps it would refuse are skipped). */
const walk = (
  options: TimelineOptions,
  text: { title: string; content: string },
  category: ModelPetition["category"],
  steps: readonly Step[],
): Walk => {
  const policy = options.policy ?? nationalPolicy;
  const id = options.petitionId ?? "T1";
  const model: Model = {
    policy,
    authorization: options.authorization ?? "off",
    now: Date.parse(options.start ?? "2025-03-03T09:00:00+08:00"),
    petitions: [],
  };
  const at = () => formatInZone(model.now, policy.timeZone);
  const register: ModelCommand = {
    type: "register",
    actor: { id: "clerk-1", role: "intake", org: "bureau" },
    at: at(),
    fields: {
      channel: "online",
      category,
      petitioners: [{ id: `p-${id}`, name: "陈静" }],
      title: text.title,
      content: text.content,
    },
  };
  const petition = newModelPetition(id, register);
  applyRecorded(model, petition, register, "registered");
  model.petitions.push(petition);
  const commands = [toCommandInput(id, register, `${id}-1`)];
  for (const step of steps) {
    if (isClosed(petition.status)) break;
    const allowed = Object.keys(MODEL_CHART[petition.status] ?? {}) as CommandType[];
    // Reminders and supervisions are the scheduler's; merges and repeat links need another petition.
    const own = allowed.filter(
      (t) => !["issueReminder", "issueSupervision", "merge", "linkRepeat"].includes(t),
    );
    const type = weightedPick(own, step.typeSeed);
    const candidate: ModelCommand = {
      type,
      actor: actorFor(petition, type, "right"),
      at: formatInZone(model.now + step.gapMinutes * 60_000, policy.timeZone),
      fields: fieldsFor(type, step, [], FLAT_PLAN, petition),
    };
    const expected = expectOf({ ...model, now: Date.parse(candidate.at) }, petition, candidate, []);
    if (expected.outcome !== "recorded") continue;
    model.now = Date.parse(candidate.at);
    applyRecorded(model, petition, candidate, expected.next);
    commands.push(toCommandInput(id, candidate, `${id}-${commands.length + 1}`));
  }
  return { model, petition, commands };
};

const baseArb = (options: TimelineOptions) =>
  fc.record({
    text: petitionTextArb(),
    category: fc.constantFrom("suggestion", "accusation", "claim") as fc.Arbitrary<
      ModelPetition["category"]
    >,
    steps: fc.array(stepArb, { minLength: 1, maxLength: options.maxSteps ?? 12 }),
  });

/** A lawful life of one petition: every command must be recorded, in order. */
export const validTimelineArb = (options: TimelineOptions = {}): fc.Arbitrary<CommandInput[]> =>
  baseArb(options).map(
    ({ text, category, steps }) => walk(options, text, category, steps).commands,
  );

export interface InvalidTimeline {
  /** A valid prefix, then the refused command last. */
  commands: CommandInput[];
  /**
   * What the last command breaks: the chart, the role, the law, or (with
   * `authorization: "default"`) who may act on this petition.
   */
  breaks: "lifecycle" | "role" | "law" | "authorization";
  /** The error the engine must throw for the last command. */
  expectedError: "IllegalCommandError" | "ForbiddenRoleError" | "NotAuthorizedError";
  /** For a `NotAuthorizedError`: the `rule` and `article` it must carry. */
  refusal?: { rule: string; article?: string };
  /** Why, in the model's words. */
  why: string;
}

/**
 * A lawful prefix and one command the engine must refuse: one the chart does
 * not allow in the state reached, one issued by an actor who may not issue it,
 * or one the law refuses (a window closed, a second extension, …).
 */
export const invalidTimelineArb = (options: TimelineOptions = {}): fc.Arbitrary<InvalidTimeline> =>
  fc
    .record({
      base: baseArb(options),
      typeSeed: fc.nat(),
      prefer: fc.constantFrom<InvalidTimeline["breaks"]>(
        "lifecycle",
        "role",
        "law",
        ...(options.authorization === "default" ? (["authorization"] as const) : []),
      ),
      refusedVariant: fc.constantFrom(...REFUSED_ACTOR_VARIANTS.filter((v) => v !== "wrongRole")),
      lateMinutes: fc.integer({ min: 0, max: 120 * 1440 }),
      draws: stepArb,
      cut: fc.nat(),
    })
    .map(({ base, typeSeed, prefer, refusedVariant, lateMinutes, draws, cut }) => {
      // A prefix of any length, so the refused command meets open states as well as closed ones.
      const steps = base.steps.slice(0, cut % (base.steps.length + 1));
      const { model, petition, commands } = walk(options, base.text, base.category, steps);
      const at = formatInZone(model.now + lateMinutes * 60_000, model.policy.timeZone);
      const allowed = new Set(Object.keys(MODEL_CHART[petition.status] ?? {}));
      const attempts: Array<{
        type: CommandType;
        variant: ActorVariant;
        breaks: InvalidTimeline["breaks"];
      }> = [];
      const rotate = <T>(list: readonly T[]) =>
        list.map((_, i) => list[(typeSeed + i) % list.length]!);
      const all = rotate(CANDIDATES);
      const byKind = {
        lifecycle: all
          .filter((t) => !allowed.has(t))
          .map((type) => ({ type, variant: "right" as const })),
        role: all
          .filter((t) => allowed.has(t))
          .map((type) => ({ type, variant: "wrongRole" as const })),
        law: all.filter((t) => allowed.has(t)).map((type) => ({ type, variant: "right" as const })),
        authorization: all
          .filter((t) => allowed.has(t))
          .map((type) => ({ type, variant: refusedVariant })),
      };
      // The preferred kind first; the others when the state offers no such refusal.
      for (const kind of [prefer, "lifecycle", "role", "law"] as const) {
        for (const a of byKind[kind]) attempts.push({ ...a, breaks: kind });
      }
      for (const attempt of attempts) {
        const c: ModelCommand = {
          type: attempt.type,
          actor: actorFor(petition, attempt.type, attempt.variant),
          at,
          fields: fieldsFor(attempt.type, draws, [], FLAT_PLAN, petition),
        };
        const expected = expectOf({ ...model, now: Date.parse(at) }, petition, c, []);
        if (expected.outcome === "recorded") continue;
        const last = [...commands, toCommandInput(petition.id, c, `${petition.id}-bad`)];
        if (expected.outcome === "notAuthorized") {
          const { rule, article } = expected;
          return {
            commands: last,
            breaks: rule === "role" ? "role" : "authorization",
            expectedError: "NotAuthorizedError",
            refusal: article === undefined ? { rule } : { rule, article },
            why: expected.why,
          } satisfies InvalidTimeline;
        }
        return {
          commands: last,
          breaks:
            expected.outcome === "forbidden"
              ? "role"
              : attempt.breaks === "law"
                ? "law"
                : "lifecycle",
          expectedError:
            expected.outcome === "forbidden" ? "ForbiddenRoleError" : "IllegalCommandError",
          why: expected.why,
        } satisfies InvalidTimeline;
      }
      // Unreachable: a command the chart lacks, or a wrong role, is always refused.
      throw new Error(`no refused command found in state ${petition.status}`);
    });

/**
 * Commands a timeline may end with: all of COMMAND_TYPES, in its order, but
 * those that need another petition or the scheduler, and register and redirect.
 */
const LEFT_OUT: ReadonlySet<CommandType> = new Set<CommandType>([
  "register",
  "linkRepeat",
  "redirect",
  "merge",
  "issueReminder",
  "issueSupervision",
]);
const CANDIDATES: readonly CommandType[] = COMMAND_TYPES.filter((t) => !LEFT_OUT.has(t));
