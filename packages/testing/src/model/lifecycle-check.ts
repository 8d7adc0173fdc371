import { isDeepStrictEqual } from "node:util";
import {
  COMMAND_TYPES,
  type CommandType,
  computeMetrics,
  type EventEnvelope,
  type EventStore,
  MemoryEventStore,
  nationalPolicy,
  type OrgHierarchy,
  orgHierarchy,
  type Policy,
  petitionFactsProjection,
} from "@petitio/core";
import fc from "fast-check";
import { type PetitionText, petitionTextArb } from "../arbitraries/chinese-text.js";
import { TransitionCoverage } from "../chart-coverage/transitions.js";
import { dueTimesMatchPolicy } from "../invariants/due-times.js";
import { type LogInvariant, logInvariants } from "../invariants/log-invariants.js";
import { metricBounds } from "../invariants/metric-bounds.js";
import {
  rebuildEqualsIncremental,
  sameLogSameResultAsync,
} from "../invariants/replay-invariants.js";
import { assertNoViolations } from "../invariants/violation.js";
import type { AuthorizationChoices, AuthorizationMode } from "./authorization-model.js";
import {
  type ActorVariant,
  actorFor,
  actors,
  fieldsFor,
  ORGS,
  REFUSED_ACTOR_VARIANTS,
  type StepDraws,
  weightedPick,
} from "./commands.js";
import { type OrgPlan, orgPlan } from "./org-plan.js";
import {
  isClosed,
  MODEL_CHART,
  type ModelCommand,
  runningStage,
  stageRun,
} from "./petition-model.js";
import { pursueArb } from "./pursue.js";
import {
  type AuthorizeUnderTest,
  emptyStepCounts,
  executeAndCompare,
  iso,
  learnNotices,
  type Real,
  type RunModel,
  readLog,
  type StepCounts,
  type SteppingClock,
  startRun,
} from "./run-step.js";

/**
 * The model-based lifecycle check (issue item 2): random sequences of commands
 * (fast-check `commands`) run against a real engine on a real store, with the
 * simple model of petition-model.ts beside it. After every step the engine
 * must agree with the model (status, due time of the running stage, what was
 * refused and with which error) and the invariants must hold on the whole log.
 */

export interface LifecycleCheckOptions {
  /** A fresh, empty store for each run, with the given clock; closed after the run. */
  store: (clock: SteppingClock) => EventStore | Promise<EventStore>;
  /** Deployment policy (default `nationalPolicy`). */
  policy?: Policy;
  /** First business time (default 2025-01-06T09:00:00+08:00, a Monday). */
  start?: string;
  /** Business time is never moved past this (the calendar must cover due dates after it; default 2026-09-30). */
  until?: string;
  /** Default: `PETITIO_PROPERTY_RUNS` from the environment, else 30. */
  numRuns?: number;
  /** Default 20261128: CI runs the same sequences every time. */
  seed?: number;
  /** Replay one failing case: the `path` fast-check printed with the seed. */
  path?: string;
  /** Commands per run, at most (default 150). */
  maxCommands?: number;
  /** Collects the transitions the runs reached (a new one by default). */
  coverage?: TransitionCoverage;
  /** More invariants over the whole log, checked after every step. */
  invariants?: Readonly<Record<string, LogInvariant>>;
  /**
   * "default" (the default): the engine runs core's default authorization and the
   * model predicts its refusals (`NotAuthorizedError`, its rule and article) before
   * the lifecycle's. "off": the engine runs with `authorize: false` and the model
   * predicts the lifecycle's rules alone, for a deployment that models its own
   * authorization policy.
   */
  authorization?: AuthorizationMode;
  /**
   * With "default": the engine's authorize hook under test, built from the orgs the
   * run's accusations accuse and the default rules' options the check runs with, e.g.
   * your app's wrapper `(accusedOrgsOf, defaults) => audited(createDefaultAuthorize(defaults))`.
   * The model predicts core's default rules, so a hook that allows or refuses otherwise
   * fails the check. Default: core's `createDefaultAuthorize(defaults)`.
   */
  authorize?: AuthorizeUnderTest;
  /**
   * The deployment's org hierarchy (core's `OrgHierarchy`: each org → the org one level
   * above), given to the engine as `createEngine({ orgs })`. Petitions are then routed to
   * orgs of the hierarchy, reviews and re-examinations asked of orgs one level up, two
   * levels up, at the same level, of the contested org itself or outside the hierarchy,
   * and the model predicts which the engine refuses (W22 Art. 35–36; `steps.levels`
   * counts them).
   */
  orgs?: OrgHierarchy;
  /**
   * With "default": which petition offices supervise which petitions, given to core's
   * default rules as `createDefaultAuthorize({ supervises })` (W22 Art. 40; default: any
   * office). The model predicts its refusals (`org scope`, `W22 Art. 40`), and runs then
   * also meet a supervisor of another office. It is called with the same view of a
   * petition on both sides: `{ petitionId, registeredBy, org? }`.
   */
  supervises?: AuthorizationChoices["supervises"];
  /**
   * With "default": let any petitioner act on a petition that names no petitioner ids
   * (anonymous), as `createDefaultAuthorize({ allowUnidentifiedPetitioners })` does
   * (default false: no one may). The model predicts it either way.
   */
  allowUnidentifiedPetitioners?: boolean;
  /**
   * Default true: a failing sequence is shrunk to a short one before it is reported.
   * `false` reports the first failing sequence as found: much faster, for a test that
   * expects the check to fail (a faulty hook must be caught).
   */
  shrink?: boolean;
}

export interface LifecycleCheckResult {
  coverage: TransitionCoverage;
  runs: number;
  /** Commands executed over all runs, by outcome (`notAuthorized`: the refusals of the authorization, `notAuthorizedBy` by rule). */
  steps: StepCounts;
}

/**
 * At the end of a run, the numbers: metrics within bounds, the same log gives
 * the same metrics every time and in another store (export → import into a
 * fresh in-memory store), and the fact table rebuilt equals the one kept
 * incrementally with snapshots.
 */
const checkRunLog = async (log: readonly EventEnvelope[], kind: string): Promise<void> => {
  const metrics = (events: readonly EventEnvelope[]) => computeMetrics(events, { by: "org" });
  const report = await metrics(log);
  const copy = new MemoryEventStore({ clock: { now: () => log.at(-1)?.recordedAt ?? "" } });
  await copy.importEvents(log);
  const reimported = await metrics(await readLog(copy));
  await copy.close();
  assertNoViolations([
    ...metricBounds(report),
    ...(await sameLogSameResultAsync("computeMetrics", log, metrics)),
    ...(isDeepStrictEqual(report, reimported)
      ? []
      : [
          {
            rule: "sameLogSameResult",
            message: `metrics of the log differ after export from the ${kind} store and import into another`,
          },
        ]),
    ...rebuildEqualsIncremental(petitionFactsProjection, log),
  ]);
};

/** Runs from `PETITIO_PROPERTY_RUNS`, else the given default. */
export const propertyRuns = (fallback: number): number => {
  const raw = process.env.PETITIO_PROPERTY_RUNS;
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Run the check; throws (with fast-check's seed and shrunk sequence) when the engine and the model disagree. */
export const checkLifecycle = async (
  options: LifecycleCheckOptions,
): Promise<LifecycleCheckResult> => {
  const policy = options.policy ?? nationalPolicy;
  const start = Date.parse(options.start ?? "2025-01-06T09:00:00+08:00");
  const until = Date.parse(options.until ?? "2026-09-30T23:59:59+08:00");
  const coverage = options.coverage ?? new TransitionCoverage();
  const invariants: Record<string, LogInvariant> = {
    ...logInvariants,
    dueTimesMatchPolicy: dueTimesMatchPolicy(policy),
    ...options.invariants,
  };
  const numRuns = options.numRuns ?? propertyRuns(30);
  const steps: StepCounts = emptyStepCounts();
  // A bad hierarchy (a cycle, an empty name) is the caller's mistake: a ValidationError now, not a failed run.
  const orgs = options.orgs === undefined ? undefined : orgHierarchy(options.orgs);

  const commandArbs = [
    registerArb(orgPlan(orgs)),
    fc.constant(null).map(() => new RegisterAnother()),
    actArb(),
    actArb(),
    actArb(),
    actArb(),
    advanceArb(),
    fc.constant(null).map(() => new RepeatLast()),
    // Now and then a command on a petition nobody registered.
    fc.oneof(
      { weight: 4, arbitrary: actArb() as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: actOnUnregisteredArb() },
    ),
    // With a hierarchy, petitions are also pursued along the main procedure, so runs
    // meet many reviews and re-examinations asked at each level (W22 Art. 35–36).
    ...(orgs === undefined ? [] : [pursueArb(), pursueArb()]),
  ] as unknown as fc.Arbitrary<fc.AsyncCommand<RunModel, Real>>[];

  await fc.assert(
    fc.asyncProperty(
      fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 150, size: "max" }),
      async (commands) => {
        const { model, real } = await startRun({
          store: options.store,
          policy,
          start,
          until,
          stats: steps,
          invariants,
          ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
          ...(options.authorize === undefined ? {} : { authorize: options.authorize }),
          ...(orgs === undefined ? {} : { orgs }),
          choices: {
            ...(options.supervises === undefined ? {} : { supervises: options.supervises }),
            ...(options.allowUnidentifiedPetitioners === undefined
              ? {}
              : { allowUnidentifiedPetitioners: options.allowUnidentifiedPetitioners }),
          },
        });
        const { store } = real;
        try {
          await fc.asyncModelRun(() => ({ model, real }), commands);
          await checkRunLog(await readLog(store), store.kind);
        } finally {
          coverage.recordLog(await readLog(store));
          await store.close();
        }
      },
    ),
    {
      seed: options.seed ?? 20261128,
      numRuns,
      includeErrorInReport: true,
      endOnFailure: options.shrink === false,
      ...(options.path === undefined ? {} : { path: options.path }),
    },
  );
  return { coverage, runs: numRuns, steps };
};

// ---------------------------------------------------------------- commands

const CATEGORIES = ["suggestion", "accusation", "claim"] as const;
const CHANNELS = ["letter", "visit", "phone", "online", "email", "fax", "hotline"] as const;

interface RegisterDraws {
  text: PetitionText;
  channel: (typeof CHANNELS)[number];
  category: (typeof CATEGORIES)[number];
  anonymous: boolean;
  representatives: number | undefined;
  /** Registered by the intake clerk, by a role that may not register, or by a clerk without an office. */
  by: "intake" | "wrongRole" | "noOrg";
  /** For an accusation: the orgs it accuses (W22 Art. 30 ¶3). */
  accused: string[];
}

const registrarOf = (by: RegisterDraws["by"]) =>
  by === "wrongRole"
    ? actors.supervisor
    : by === "noOrg"
      ? { id: actors.intake.id, role: actors.intake.role }
      : actors.intake;

/** Register a new petition (sometimes with too many representatives, or by one who may not register). */
class Register implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly d: RegisterDraws) {}
  // A few open petitions at a time keeps each one moving; closed ones stay for links and merges.
  check = (m: Readonly<RunModel>) =>
    m.petitions.length < 16 && m.petitions.filter((p) => !isClosed(p.status)).length < 3;
  async run(m: RunModel, r: Real) {
    const id = `P${m.keys + 1}`;
    const c: ModelCommand = {
      type: "register",
      actor: registrarOf(this.d.by),
      at: iso(m),
      fields: {
        channel: this.d.channel,
        category: this.d.category,
        anonymous: this.d.anonymous,
        petitioners: this.d.anonymous ? [] : [{ id: `p-${id}`, name: "王芳" }],
        title: this.d.text.title,
        content: this.d.text.content,
        topic: this.d.text.topic,
        location: { region: this.d.text.region },
        ...(this.d.representatives === undefined
          ? {}
          : { representatives: this.d.representatives }),
      },
      ...(this.d.category === "accusation" && this.d.accused.length > 0
        ? { accusedOrgs: this.d.accused }
        : {}),
    };
    await executeAndCompare(m, r, undefined, id, c);
    await r.verify([id]);
  }
  toString = () =>
    `register(${this.d.category}${this.d.anonymous ? ", anonymous" : ""}${this.d.representatives ? `, ${this.d.representatives} reps` : ""}${this.d.by === "intake" ? "" : `, by ${this.d.by}`}${this.d.accused.length > 0 && this.d.category === "accusation" ? `, accusing ${this.d.accused.join(" ")}` : ""})`;
}

/** A plain, valid registration: keeps enough petitions around. */
class RegisterAnother extends Register {
  constructor() {
    super({
      text: {
        title: "路灯损坏",
        content: "小区门口路灯坏了一个月。",
        topic: "城管",
        region: "鼓楼区",
      },
      channel: "phone",
      category: "claim",
      anonymous: false,
      representatives: undefined,
      by: "intake",
      accused: [],
    });
  }
}

const registerArb = (plan: OrgPlan) =>
  fc
    .record({
      text: petitionTextArb(),
      channel: fc.constantFrom(...CHANNELS),
      category: fc.constantFrom(...CATEGORIES),
      // An anonymous petition names no petitioner, so with the default authorization no
      // one may evaluate it or ask for its review: one in four, so runs still go deep.
      anonymous: fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      representatives: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
      by: fc.oneof(
        { weight: 15, arbitrary: fc.constant("intake" as const) },
        { weight: 1, arbitrary: fc.constant("wrongRole" as const) },
        { weight: 1, arbitrary: fc.constant("noOrg" as const) },
      ),
      // Accused orgs among those the runs route to and ask to review or re-examine.
      accused: fc.subarray([...plan.accusable], { maxLength: 1 }),
    })
    .map((d) => new Register(d));

interface ActDraws extends StepDraws {
  pick: number;
  /** Choose among the commands the model allows now, or among all. */
  allowedOnly: boolean;
  typeSeed: number;
  variant: ActorVariant;
}

/** One action on an existing petition: mostly one the model allows, sometimes any. */
class Act implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly d: ActDraws) {}
  private chosen = "";
  check = (m: Readonly<RunModel>) => m.petitions.length > 0;
  async run(m: RunModel, r: Real) {
    // Allowed-only steps go to open petitions, so runs get deep into the procedure.
    const open = m.petitions.filter((q) => !isClosed(q.status));
    const from = this.d.allowedOnly && open.length > 0 ? open : m.petitions;
    const p = from[this.d.pick % from.length]!;
    const allowed = Object.keys(MODEL_CHART[p.status] ?? {}) as CommandType[];
    // Registering is the Register command's job (it has the fields); here it only meets an existing petition.
    const type =
      this.d.allowedOnly && allowed.length > 0
        ? weightedPick(allowed, this.d.typeSeed)
        : COMMAND_TYPES.filter((t) => t !== "register")[
            this.d.typeSeed % (COMMAND_TYPES.length - 1)
          ]!;
    const others = m.petitions.filter((o) => o.id !== p.id);
    const c: ModelCommand = {
      type,
      actor: actorFor(p, type, this.d.variant, m.choices?.supervises !== undefined),
      at: iso(m),
      fields: fieldsFor(type, this.d, others, m.plan, p),
    };
    this.chosen = `${type} on ${p.id} (${p.status}) by ${c.actor.role}${"toOrg" in c.fields ? ` to ${String(c.fields.toOrg)}` : ""}`;
    await executeAndCompare(m, r, p, p.id, c);
    await r.verify([p.id]);
  }
  toString = () => `act(${this.chosen || JSON.stringify(this.d)})`;
}

const actArb = () =>
  fc
    .record({
      pick: fc.nat(),
      allowedOnly: fc.oneof(
        { weight: 9, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      typeSeed: fc.nat(),
      variant: fc.oneof(
        { weight: 30, arbitrary: fc.constant<ActorVariant>("right") },
        ...REFUSED_ACTOR_VARIANTS.map((v) => ({ weight: 1, arbitrary: fc.constant(v) })),
      ),
      days: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 1, max: 30 }) },
        { weight: 1, arbitrary: fc.integer({ min: 31, max: 40 }) },
      ),
      rating: fc.constantFrom("satisfied", "basicallySatisfied", "unsatisfied"),
      concludeReason: fc.constantFrom("resolved", "reviewWindowLapsed"),
      sameFacts: fc.boolean(),
      choice: fc.nat(),
      duty: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("reportBack" as const, "callBack" as const) },
      ),
      emptyLegalBasis: fc.oneof(
        { weight: 15, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .map((d) => new Act(d as ActDraws));

/** A command on a petition nobody registered: refused, and nothing is written. */
class ActOnUnregistered implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly d: StepDraws & { typeSeed: number; actorSeed: number }) {}
  private chosen = "";
  check = () => true;
  async run(m: RunModel, r: Real) {
    const types = COMMAND_TYPES.filter((t) => t !== "register");
    const type = types[this.d.typeSeed % types.length]!;
    const who = [
      actors.intake,
      actors.agency(ORGS[0]),
      actors.petitioner("p-stranger"),
      actors.supervisor,
    ];
    const c: ModelCommand = {
      type,
      actor: who[this.d.actorSeed % who.length]!,
      at: iso(m),
      fields: fieldsFor(type, this.d, m.petitions, m.plan),
    };
    this.chosen = `${type} by ${c.actor.role}`;
    await executeAndCompare(m, r, undefined, "P-unregistered", c);
  }
  toString = () => `act on an unregistered petition(${this.chosen})`;
}

const actOnUnregisteredArb = () =>
  fc
    .record({
      typeSeed: fc.nat(),
      actorSeed: fc.nat(),
      choice: fc.nat(),
    })
    .map(
      (d) =>
        new ActOnUnregistered({
          ...d,
          days: 10,
          rating: "satisfied",
          concludeReason: "resolved",
          sameFacts: false,
          emptyLegalBasis: false,
        }),
    );

/**
 * Business time passes, then `engine.tick(now)`: lapsed request windows are
 * concluded (the model predicts which), overdue office stages are supervised.
 */
class Advance implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly minutes: number) {}
  check = (m: Readonly<RunModel>) => m.now + this.minutes * 60_000 <= m.until;
  async run(m: RunModel, r: Real) {
    m.now += this.minutes * 60_000;
    r.clock.set(iso(m));
    const lapsing = m.petitions.filter((p) => {
      const window =
        p.status === "replied"
          ? p.due.reviewRequest
          : p.status === "reviewed"
            ? p.due.reexaminationRequest
            : undefined;
      return window !== undefined && m.now >= Date.parse(window) + 1000;
    });
    const result = await r.engine.tick(iso(m));
    m.stats.ticks++;
    const concluded = new Set(result.concluded.map((e) => e.streamId));
    for (const p of lapsing) {
      if (!concluded.has(`petition-${p.id}`))
        throw new Error(`tick did not conclude ${p.id}, whose window lapsed`);
      p.status = "concluded";
      p.lapsedUnused = true;
    }
    if (concluded.size !== lapsing.length)
      throw new Error(
        `tick concluded ${[...concluded].join(", ")}, the model expected ${lapsing.map((p) => p.id).join(", ")}`,
      );
    for (const e of result.reminders) {
      if (Date.parse(e.occurredAt) > Date.parse(String(e.data.dueAt)))
        throw new Error(`reminder after the due time: ${JSON.stringify(e)}`);
    }
    learnNotices(m, [...result.reminders, ...result.supervisions]);
    // Every office stage past its due time has been supervised at least once (督办, W22 Art. 40).
    for (const p of m.petitions) {
      const run = runningStage(p);
      if (!run || isClosed(p.status) || p.hearing?.stage === "reexamination") continue;
      if (!["routing", "acceptance", "handling", "review", "reexamination"].includes(run.stage))
        continue;
      if (
        m.now >= Date.parse(run.dueAt) + 1000 &&
        !p.supervised.has(stageRun(run.stage, run.dueAt))
      ) {
        throw new Error(
          `${p.id}: ${run.stage} was due ${run.dueAt}, it is ${iso(m)}, and no supervision was issued`,
        );
      }
    }
    await r.verify(lapsing.map((p) => p.id));
  }
  toString = () => `advance(${(this.minutes / 1440).toFixed(2)} days) + tick`;
}

const advanceArb = () =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.integer({ min: 10, max: 3 * 1440 }) },
      { weight: 2, arbitrary: fc.integer({ min: 3 * 1440, max: 40 * 1440 }) },
    )
    .map((minutes) => new Advance(minutes));

/** Send the last recorded command again, same idempotency key: nothing new may be appended. */
class RepeatLast implements fc.AsyncCommand<RunModel, Real> {
  check = (m: Readonly<RunModel>) => m.last !== undefined;
  async run(m: RunModel, r: Real) {
    const head = await r.store.headPosition();
    const result = await r.engine.execute(m.last!);
    if (!result.duplicate)
      throw new Error(`repeating ${m.last!.idempotencyKey} was not a duplicate`);
    if ((await r.store.headPosition()) !== head)
      throw new Error("a repeated idempotency key appended events");
    await r.verify();
  }
  toString = () => "repeat last command (same idempotency key)";
}
