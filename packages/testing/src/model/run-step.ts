import {
  type Authorize,
  type CommandInput,
  createDefaultAuthorize,
  createEngine,
  type DefaultAuthorizeOptions,
  type Engine,
  type EventEnvelope,
  type EventStore,
  ForbiddenRoleError,
  formatInZone,
  IllegalCommandError,
  NotAuthorizedError,
  type OrgHierarchy,
  orgHierarchy,
  type PetitionState,
  type Policy,
} from "@petitio/core";
import { type LogInvariant, streamVersionsGapless } from "../invariants/log-invariants.js";
import { assertNoViolations, type Violation } from "../invariants/violation.js";
import type { AuthorizationChoices, AuthorizationMode } from "./authorization-model.js";
import { toCommandInput } from "./commands.js";
import { levelCounter } from "./org-levels.js";
import { type OrgPlan, orgPlan } from "./org-plan.js";
import {
  applyRecorded,
  type Expectation,
  expectOf,
  isClosed,
  type Model,
  type ModelCommand,
  type ModelPetition,
  runningStage,
  stageRun,
  supervisionRun,
} from "./petition-model.js";

/**
 * One step of a model-based run: execute a command on the real engine, check
 * the outcome against the model's expectation, update the model; and the
 * check after every step that the engine agrees with the model and the
 * invariants hold on the whole log.
 */

/** A clock the check moves by hand: the engine's and the store's business time. */
export interface SteppingClock {
  now(): string;
  set(at: string): void;
}

export interface Real {
  engine: Engine;
  store: EventStore;
  clock: SteppingClock;
  /** The engine agrees with the model and the invariants hold: called after every step. */
  verify(touched?: readonly string[]): Promise<void>;
  /** What the app knows of each accusation: the orgs it accuses, by petition id (W22 Art. 30 ¶3). */
  accusedOrgs: Map<string, readonly string[]>;
}

/** Commands executed, by outcome. */
export interface StepCounts {
  recorded: number;
  /** All refusals, those of the authorization included. */
  refused: number;
  /** Refused by the engine's authorization (`NotAuthorizedError`); 0 with `authorization: "off"`. */
  notAuthorized: number;
  /** Those refusals by `rule` (`role`, `org scope`, `accused org`, …). */
  notAuthorizedBy: Record<string, number>;
  ticks: number;
  /**
   * With `orgs`: the reviews and re-examinations judged by level (W22 Art. 35–36), by how
   * the org asked stands to the contested one ("review oneUp", "re-examination outside", …):
   * recorded, or refused by the level rule. Empty without a hierarchy.
   */
  levels: Record<string, { recorded: number; refused: number }>;
}

export const emptyStepCounts = (): StepCounts => ({
  recorded: 0,
  refused: 0,
  notAuthorized: 0,
  notAuthorizedBy: {},
  ticks: 0,
  levels: {},
});

export interface RunModel extends Model {
  until: number;
  keys: number;
  /** The last recorded command, to send again with its idempotency key. */
  last?: CommandInput;
  stats: StepCounts;
  /** The orgs the run's commands name. */
  plan: OrgPlan;
  /** Head position at the last verification. */
  verifiedHead: number;
}

export interface RunSetup {
  store: (clock: SteppingClock) => EventStore | Promise<EventStore>;
  policy: Policy;
  /** Business time at the start (ms). */
  start: number;
  until: number;
  /** Counts to add this run's steps to. */
  stats: StepCounts;
  invariants: Readonly<Record<string, LogInvariant>>;
  /** Default "default": the engine's default authorization, predicted by the model. */
  authorization?: AuthorizationMode;
  /** With "default": the hook the engine runs (default core's default rules). */
  authorize?: AuthorizeUnderTest;
  /** The org hierarchy the engine is given (`createEngine({ orgs })`), validated by core's `orgHierarchy`. */
  orgs?: OrgHierarchy;
  /** With "default": the supervision scope and unidentified petitioners, given to the default rules and the model. */
  choices?: AuthorizationChoices;
}

/**
 * Builds the engine's authorize hook under test, given the orgs each of the run's
 * accusations accuses (W22 Art. 30 ¶3), which a registration cannot carry, and
 * the options of core's default rules the check runs with (those accused orgs,
 * the `supervises` and `allowUnidentifiedPetitioners` it was given).
 */
export type AuthorizeUnderTest = (
  accusedOrgsOf: (petition: PetitionState) => readonly string[],
  defaults: DefaultAuthorizeOptions,
) => Authorize;

/** Core's default rules with the check's choices: what the model predicts. */
const defaultRulesOptions = (
  accusedOrgsOf: (petition: PetitionState) => readonly string[],
  choices: AuthorizationChoices,
): DefaultAuthorizeOptions => {
  const { supervises, allowUnidentifiedPetitioners } = choices;
  return {
    accusedOrgsOf,
    ...(supervises === undefined
      ? {}
      : {
          supervises: (org: string, s: PetitionState) =>
            supervises(
              org,
              s.org === undefined
                ? { petitionId: s.petitionId, registeredBy: s.registeredBy }
                : { petitionId: s.petitionId, registeredBy: s.registeredBy, org: s.org },
            ),
        }),
    ...(allowUnidentifiedPetitioners === undefined ? {} : { allowUnidentifiedPetitioners }),
  };
};

/**
 * A run's two sides: a clock the run moves, the store made on it and an engine
 * without channels; an empty model at `start`; `verify` checks each step.
 */
export const startRun = async (setup: RunSetup): Promise<{ model: RunModel; real: Real }> => {
  const { policy, start } = setup;
  let at = start;
  const clock: SteppingClock = {
    now: () => formatInZone(at, policy.timeZone),
    set: (value) => {
      at = Date.parse(value);
    },
  };
  // Validated before a store is opened: a bad hierarchy leaves nothing to close.
  const orgs = setup.orgs === undefined ? undefined : orgHierarchy(setup.orgs);
  const store = await setup.store(clock);
  const authorization = setup.authorization ?? "default";
  const accusedOrgs = new Map<string, readonly string[]>();
  // "default": core's default rules. The log has no field for the orgs an accusation
  // accuses, so the run keeps them as an app must and gives them to the default
  // rules through `accusedOrgsOf` (W22 Art. 30 ¶3).
  // "off": the lifecycle's own rules alone (ForbiddenRoleError, IllegalCommandError),
  // for users who model a policy of their own.
  const accusedOrgsOf = (s: PetitionState) => accusedOrgs.get(s.petitionId) ?? [];
  const choices = setup.choices ?? {};
  const authorize =
    authorization === "off"
      ? (false as const)
      : (setup.authorize ?? ((_, defaults) => createDefaultAuthorize(defaults)))(
          accusedOrgsOf,
          defaultRulesOptions(accusedOrgsOf, choices),
        );
  const engine = createEngine({
    store,
    policy,
    clock,
    channels: [],
    authorize,
    ...(orgs === undefined ? {} : { orgs }),
  });
  const model: RunModel = {
    policy,
    authorization,
    ...(orgs === undefined ? {} : { orgs }),
    ...(authorization === "default" ? { choices } : {}),
    plan: orgPlan(orgs),
    now: start,
    until: setup.until,
    petitions: [],
    keys: 0,
    stats: setup.stats,
    verifiedHead: 0,
  };
  const real: Real = {
    engine,
    store,
    clock,
    accusedOrgs,
    verify: (touched) => verifyStep(model, real, setup.invariants, touched),
  };
  return { model, real };
};

export const readLog = async (store: EventStore): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

export const verifyStep = async (
  model: RunModel,
  real: Real,
  invariants: Readonly<Record<string, LogInvariant>>,
  touched: readonly string[] = [],
): Promise<void> => {
  const violations: Violation[] = [];
  // Closed petitions cannot change (the log invariants watch them); check the rest and the one just touched.
  for (const p of model.petitions) {
    if (isClosed(p.status) && !touched.includes(p.id)) continue;
    const state = await real.engine.load(p.id);
    const disagree = (message: string) =>
      violations.push({ rule: "engineAgreesWithModel", message: `${p.id}: ${message}` });
    if (!state) {
      disagree("the engine has no such petition");
      continue;
    }
    if (state.status !== p.status) disagree(`engine status ${state.status}, model ${p.status}`);
    const run = runningStage(p);
    if (
      run &&
      (state.stage !== run.stage || Date.parse(state.dueAt ?? "") !== Date.parse(run.dueAt))
    ) {
      disagree(
        `engine runs ${state.stage} due ${state.dueAt}, model ${run.stage} due ${run.dueAt}`,
      );
    }
    if (state.extensionUsed !== p.extensionUsed) disagree("extension used differs");
    if ((state.hearing !== undefined) !== (p.hearing !== undefined))
      disagree("open hearing differs");
  }
  // The invariants run on every stream that changed in this step, whole; a
  // stream nobody wrote to cannot have started breaking one.
  const log = await readLog(real.store);
  const changed = new Set(
    log.filter((e) => e.position > model.verifiedHead).map((e) => e.streamId),
  );
  const streams = log.filter((e) => changed.has(e.streamId));
  for (const invariant of Object.values(invariants)) violations.push(...invariant(streams));
  violations.push(...streamVersionsGapless(log));
  model.verifiedHead = log.at(-1)?.position ?? 0;
  assertNoViolations(violations);
};

/** Update the model from reminders and supervisions the engine recorded. */
export const learnNotices = (model: Model, events: readonly EventEnvelope[]): void => {
  for (const event of events) {
    const p = model.petitions.find((q) => `petition-${q.id}` === event.streamId);
    if (!p) continue;
    const run = stageRun(String(event.data.stage), String(event.data.dueAt));
    if (event.type === "ReminderIssued") p.reminded.add(run);
    if (event.type === "SupervisionIssued") {
      const key = supervisionRun(
        String(event.data.stage),
        String(event.data.dueAt),
        event.occurredAt,
      );
      p.supervised.set(key, Math.max(p.supervised.get(key) ?? 0, Number(event.data.level)));
    }
  }
};

export const iso = (model: Model): string => formatInZone(model.now, model.policy.timeZone);

/** Execute a command and compare what happened with the model's expectation. */
export const executeAndCompare = async (
  model: RunModel,
  real: Real,
  p: ModelPetition | undefined,
  petitionId: string,
  c: ModelCommand,
): Promise<void> => {
  const others = model.petitions.filter((o) => o.id !== petitionId);
  const expected = expectOf(model, p, c, others);
  const key = `k-${++model.keys}`;
  const command = toCommandInput(petitionId, c, key);
  const versionBefore = await real.store.streamVersion(`petition-${petitionId}`);
  if (c.type === "register" && c.accusedOrgs) real.accusedOrgs.set(petitionId, c.accusedOrgs);
  const level = model.orgs && p ? levelCounter(model.orgs, p, c) : undefined;
  let outcome: { events: EventEnvelope[]; status: string } | { error: unknown };
  try {
    const result = await real.engine.execute(command);
    outcome = { events: result.events, status: result.state.status };
  } catch (error) {
    outcome = { error };
  }
  const describe = `${c.type} by ${c.actor.role}${c.actor.org ? `@${c.actor.org}` : ""} on ${petitionId} (${p?.status ?? "unregistered"})`;
  if (expected.outcome === "recorded") {
    if ("error" in outcome) {
      throw new Error(
        `${describe}: the model expected it recorded, the engine refused: ${String((outcome.error as Error).message ?? outcome.error)}`,
      );
    }
    if (outcome.status !== expected.next) {
      throw new Error(
        `${describe}: engine went to ${outcome.status}, the model to ${expected.next}`,
      );
    }
    model.stats.recorded++;
    if (level) countLevel(model.stats, level, "recorded");
    let petition = p;
    if (!petition) {
      petition = newModelPetition(petitionId, c);
      model.petitions.push(petition);
    }
    applyRecorded(model, petition, c, expected.next);
    learnNotices(model, outcome.events);
    model.last = command;
    return;
  }
  if (!("error" in outcome)) {
    throw new Error(
      `${describe}: the model expected it refused (${expected.why}), the engine recorded ${outcome.events.map((e) => e.type).join(", ")}`,
    );
  }
  const want =
    expected.outcome === "illegal"
      ? IllegalCommandError
      : expected.outcome === "forbidden"
        ? ForbiddenRoleError
        : NotAuthorizedError;
  if (!(outcome.error instanceof want)) {
    throw new Error(
      `${describe}: expected a ${want.name} (${expected.why}), got ${String(outcome.error)}`,
    );
  }
  if (expected.outcome === "notAuthorized") {
    const problem = authorizationMismatch(outcome.error as NotAuthorizedError, expected, {
      actorId: c.actor.id,
      command: c.type,
      petitionId,
    });
    if (problem) throw new Error(`${describe}: ${problem} (the model: ${expected.why})`);
    model.stats.notAuthorized++;
    const by = model.stats.notAuthorizedBy;
    by[expected.rule] = (by[expected.rule] ?? 0) + 1;
  }
  if (expected.outcome === "illegal" && "rule" in expected) {
    const problem = ruleMismatch(outcome.error as IllegalCommandError, expected);
    if (problem) throw new Error(`${describe}: ${problem} (the model: ${expected.why})`);
    if (level) countLevel(model.stats, level, "refused");
  }
  const versionAfter = await real.store.streamVersion(`petition-${petitionId}`);
  if (versionAfter !== versionBefore) throw new Error(`${describe}: refused, yet the stream grew`);
  model.stats.refused++;
};

const countLevel = (stats: StepCounts, counter: string, outcome: "recorded" | "refused") => {
  const counts = stats.levels[counter] ?? { recorded: 0, refused: 0 };
  counts[outcome]++;
  stats.levels[counter] = counts;
};

/** How a legal rule's refusal differs from the predicted one: rule, article, field, or its reason. */
const ruleMismatch = (
  error: IllegalCommandError,
  expected: Extract<Expectation, { rule: string; outcome: "illegal" }>,
): string | undefined => {
  if (error.rule !== expected.rule || error.article !== expected.article)
    return `refused by rule "${error.rule}" (${error.article ?? "no article"}), the model expected "${expected.rule}" (${expected.article}): ${error.reason}`;
  if (error.field !== expected.field)
    return `the error names field ${error.field ?? "none"}, not ${expected.field}`;
  const missing = expected.mentions.filter((m) => !error.reason.includes(m));
  return missing.length > 0
    ? `the reason "${error.reason}" does not mention ${missing.join(", ")}`
    : undefined;
};

/** How a refusal differs from the predicted one: its rule, article, names, or what its reason leaves out. */
const authorizationMismatch = (
  error: NotAuthorizedError,
  expected: Extract<Expectation, { outcome: "notAuthorized" }>,
  names: { actorId: string; command: string; petitionId: string },
): string | undefined => {
  if (error.rule !== expected.rule || error.article !== expected.article)
    return `refused by rule "${error.rule}" (${error.article ?? "no article"}), the model expected "${expected.rule}" (${expected.article ?? "no article"}): ${error.reason}`;
  for (const [field, value] of Object.entries(names)) {
    const got = error[field as keyof typeof names];
    if (got !== value) return `the error names ${field} ${got}, not ${value}`;
  }
  const missing = expected.mentions.filter((m) => !error.reason.includes(m));
  return missing.length > 0
    ? `the reason "${error.reason}" does not mention ${missing.join(", ")}`
    : undefined;
};

export const newModelPetition = (id: string, c: ModelCommand): ModelPetition => {
  const p: ModelPetition = {
    id,
    status: "registered",
    registeredBy: c.actor.org ?? c.actor.id,
    accusedOrgs: c.fields.category === "accusation" ? [...(c.accusedOrgs ?? [])] : [],
    category: c.fields.category as ModelPetition["category"],
    anonymous: c.fields.anonymous === true,
    repeatLinked: false,
    extensionUsed: false,
    reportBackOwed: false,
    due: {},
    started: {},
    reexaminationHearings: [],
    reminded: new Set(),
    supervised: new Map(),
  };
  const petitioners = c.fields.petitioners as Array<{ id?: string }> | undefined;
  if (!p.anonymous && petitioners?.[0]?.id) p.petitionerId = petitioners[0].id;
  return p;
};
