import { isDeepStrictEqual } from "node:util";
import {
  COMMAND_TYPES,
  type CommandType,
  computeMetrics,
  type EventEnvelope,
  type EventStore,
  MemoryEventStore,
  nationalPolicy,
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
import {
  type ActorVariant,
  actorFor,
  actors,
  fieldsFor,
  type StepDraws,
  weightedPick,
} from "./commands.js";
import {
  isClosed,
  MODEL_CHART,
  type ModelCommand,
  runningStage,
  stageRun,
} from "./petition-model.js";
import {
  executeAndCompare,
  iso,
  learnNotices,
  type Real,
  type RunModel,
  readLog,
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
}

export interface LifecycleCheckResult {
  coverage: TransitionCoverage;
  runs: number;
  /** Commands executed over all runs, by outcome. */
  steps: { recorded: number; refused: number; ticks: number };
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
  const steps = { recorded: 0, refused: 0, ticks: 0 };

  const commandArbs = [
    registerArb(),
    fc.constant(null).map(() => new RegisterAnother()),
    actArb(),
    actArb(),
    actArb(),
    actArb(),
    advanceArb(),
    fc.constant(null).map(() => new RepeatLast()),
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
  byWrongRole: boolean;
}

/** Register a new petition (sometimes with too many representatives, or by the wrong role). */
class Register implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly d: RegisterDraws) {}
  // A few open petitions at a time keeps each one moving; closed ones stay for links and merges.
  check = (m: Readonly<RunModel>) =>
    m.petitions.length < 16 && m.petitions.filter((p) => !isClosed(p.status)).length < 3;
  async run(m: RunModel, r: Real) {
    const id = `P${m.keys + 1}`;
    const c: ModelCommand = {
      type: "register",
      actor: this.d.byWrongRole ? actors.supervisor : actors.intake,
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
    };
    await executeAndCompare(m, r, undefined, id, c);
    await r.verify([id]);
  }
  toString = () =>
    `register(${this.d.category}${this.d.anonymous ? ", anonymous" : ""}${this.d.representatives ? `, ${this.d.representatives} reps` : ""}${this.d.byWrongRole ? ", wrong role" : ""})`;
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
      byWrongRole: false,
    });
  }
}

const registerArb = () =>
  fc
    .record({
      text: petitionTextArb(),
      channel: fc.constantFrom(...CHANNELS),
      category: fc.constantFrom(...CATEGORIES),
      anonymous: fc.boolean(),
      representatives: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
      byWrongRole: fc.oneof(
        { weight: 15, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
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
      actor: actorFor(p, type, this.d.variant),
      at: iso(m),
      fields: fieldsFor(type, this.d, others),
    };
    this.chosen = `${type} on ${p.id} (${p.status}) by ${c.actor.role}`;
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
        { weight: 18, arbitrary: fc.constant<ActorVariant>("right") },
        { weight: 1, arbitrary: fc.constant<ActorVariant>("wrongRole") },
        { weight: 1, arbitrary: fc.constant<ActorVariant>("wrongOrg") },
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
