import { describe, expect, it } from "vitest";
import type { CommandInput } from "../engine/commands.js";
import { decide } from "../engine/decide.js";
import { actors, commandFor } from "../engine/test-kit.testkit.js";
import type { EventEnvelope } from "../events/envelope.js";
import { nationalPolicy } from "../time/policy.js";
import { allowedCommands } from "./allowed.js";
import { checkEvent } from "./check-event.js";
import { chartJudge } from "./check-event-by-chart.testkit.js";
import type { CommandType } from "./command-types.js";
import { compileEventJudge } from "./event-judge.js";
import { evolve } from "./evolve.js";
import {
  buildPetitionMachine,
  type GuardName,
  MACHINE_GUARDS,
  type PetitionMachine,
  petitionMachine,
} from "./machine.js";
import type { OrgHierarchy } from "./org-hierarchy.js";
import { LEGAL_RULES, REPEAT_CONDITION_IDS, type RepeatCondition, type RuleId } from "./rules.js";
import type { PetitionState, PetitionStatus } from "./state.js";
import { PROCEDURE, type StatusSpec, type TransitionRow, transitionRows } from "./transitions.js";
import { applyCommand, pathsToEveryStatus, type Step, stepTime } from "./walk.testkit.js";

/**
 * Mutation check of the chart: every guard and every transition is
 * load-bearing. The mutants are generated from the table: one machine per
 * transition branch with that branch removed, and one machine per guard with
 * that guard made to always pass. Each must change the outcome of a witness
 * (a command the engine decides, or a recorded event `checkEvent` judges)
 * that the real chart decides otherwise.
 */

const DAY = 86_400_000;
const PID = "P-walk";

type Outcome = string;

/** What the decider makes of a command: the status reached and events recorded, or the rule refusing it. */
const decideWith = (
  machine: PetitionMachine,
  state: PetitionState | undefined,
  command: CommandInput,
  previous?: PetitionState,
  orgs?: OrgHierarchy,
): Outcome => {
  try {
    const at = command.at ?? stepTime(state, command.type);
    const events = decide(state, command, {
      policy: nationalPolicy,
      now: at,
      machine,
      previous,
      ...(orgs ? { orgs } : {}),
    });
    let next = state;
    for (const [i, e] of events.entries()) {
      next = evolve(next, {
        ...e,
        position: (state?.position ?? 0) + i + 1,
        streamId: `petition-${PID}`,
        version: (state?.version ?? 0) + i + 1,
        schemaVersion: 1,
        recordedAt: e.occurredAt,
      });
    }
    return `${next?.status}: ${events.map((e) => e.type).join(", ")}`;
  } catch (error) {
    return `refused: ${(error as { rule?: string }).rule ?? String(error)}`;
  }
};

/** Apply commands (a type, or a type with field overrides) from a state, the clock a day per step. */
const walk = (
  steps: Array<CommandType | [CommandType, Partial<CommandInput>]>,
  from: Step = { state: undefined, events: [] },
): Step => {
  let step = from;
  for (const s of steps) {
    const [type, overrides] = typeof s === "string" ? [s, {}] : s;
    step = applyCommand(step, type, PID, overrides);
  }
  return step;
};

const later = (iso: string | undefined, days: number): string =>
  new Date(Date.parse(iso!) + days * DAY).toISOString();

/** A recorded event of `type` right after `step`, as an office or the petitioner wrote it. */
const recorded = (
  step: Step,
  type: string,
  data: Record<string, unknown>,
  actor: EventEnvelope["actor"] = actors.agency,
): EventEnvelope => ({
  position: step.events.length + 1,
  streamId: `petition-${PID}`,
  version: step.events.length + 1,
  type,
  schemaVersion: 1,
  occurredAt: later(step.state!.lastOccurredAt, 1),
  recordedAt: later(step.state!.lastOccurredAt, 1),
  actor,
  data,
});

type Witness =
  | { command: CommandInput; step: Step; previous?: PetitionState; orgs?: OrgHierarchy }
  | { event: EventEnvelope; step: Step };

const cmd = (step: Step, type: CommandType, overrides: Partial<CommandInput> = {}): Witness => ({
  step,
  command: {
    ...commandFor(step.state, type, PID),
    at: stepTime(step.state, type),
    ...overrides,
  } as CommandInput,
});

const accepted = () => walk(["register", "route", "accept"]);
const suggestionAccepted = () =>
  walk([["register", { category: "suggestion" } as Partial<CommandInput>], "route", "accept"]);
const replied = () => walk(["register", "route", "accept", "reply"]);
const consultation = { requestType: "consultation" } as Partial<CommandInput>;
const reviewed = () =>
  walk(["register", "route", "accept", "reply", "requestReview", "decideReview"]);
const underReview = () => walk(["register", "route", "accept", "reply", "requestReview"]);

/** org-x replied; org-review is above it, org-reexamination above that. */
const HIERARCHY: OrgHierarchy = { "org-x": "org-review", "org-review": "org-reexamination" };

/**
 * One witness per guard: a case only that guard refuses (or, for a condition,
 * selects). A rule added to the table without a witness is a type error here.
 */
const GUARD_WITNESSES: { [G in GuardName]: () => Witness } = {
  representativesCap: () =>
    cmd({ state: undefined, events: [] }, "register", {
      representatives: 6,
    } as Partial<CommandInput>),
  groupVisitElectsRepresentatives: () =>
    cmd({ state: undefined, events: [] }, "register", {
      petitioners: ["甲", "乙", "丙", "丁", "戊", "己"].map((name) => ({ name })),
    } as Partial<CommandInput>),
  notLinkedYet: () =>
    cmd(walk(["register", "linkRepeat"]), "linkRepeat", {
      previousPetitionId: "P-other",
    } as Partial<CommandInput>),
  notOwnRepeat: () =>
    cmd(walk(["register"]), "linkRepeat", { previousPetitionId: PID } as Partial<CommandInput>),
  noticeUnlessAnonymous: () => {
    const step = walk(["register", "route"]);
    return {
      step,
      event: recorded(step, "PetitionAccepted", {
        org: "org-x",
        noticeSent: false,
        handlingDueAt: later(step.state!.lastOccurredAt, 60),
      }),
    };
  },
  objectionWindowOpen: () => {
    const step = walk(["register", "route"]);
    return cmd(step, "objectRouting", { at: later(step.state!.objectionDueAt, 1) });
  },
  objectionNotPending: () => cmd(walk(["register", "route", "objectRouting"]), "objectRouting"),
  // A refusal of an objection nobody raised, recorded in a log (the engine refuses it too).
  objectionToReject: () => {
    const step = walk(["register", "route"]);
    return {
      step,
      event: recorded(
        step,
        "RoutingObjectionRejected",
        { byOrg: "org-x", reason: "属于该单位职权范围" },
        actors.intake,
      ),
    };
  },
  objectionRejectedByRoutingOffice: () =>
    cmd(walk(["register", "route", "objectRouting"]), "rejectObjection", {
      actor: { id: "clerk-9", role: "intake", org: "another-office" },
    } as Partial<CommandInput>),
  objectionPending: () => cmd(walk(["register", "route"]), "confirmObjection"),
  objectionVerifiedByRoutingOffice: () =>
    cmd(walk(["register", "route", "objectRouting"]), "confirmObjection", {
      actor: actors.agency,
    }),
  reroutingSettlesObjection: () => cmd(walk(["register", "route"]), "route"),
  extensionOnce: () => cmd(walk(["register", "route", "accept", "extend"]), "extend"),
  extensionDays: () => cmd(accepted(), "extend", { days: 31 } as Partial<CommandInput>),
  extensionApproved: () => {
    const step = accepted();
    return {
      step,
      event: recorded(step, "HandlingExtended", {
        days: 10,
        reason: "情况复杂",
        approvedBy: "  ",
        handlingDueAt: later(step.state!.handlingDueAt, 10),
      }),
    };
  },
  extensionBeforeDue: () => {
    const step = accepted();
    return cmd(step, "extend", { at: later(step.state!.handlingDueAt, 1) });
  },
  mediationForClaims: () => cmd(suggestionAccepted(), "recordMediation"),
  hearingNotOpen: () => cmd(walk(["register", "route", "accept", "startHearing"]), "startHearing"),
  hearingForClaimsOrReexamination: () => cmd(suggestionAccepted(), "startHearing"),
  hearingOpen: () => cmd(accepted(), "endHearing"),
  hearingStageMatches: () => {
    const step = accepted();
    return { step, event: recorded(step, "HearingStarted", { stage: "review" }) };
  },
  noHearingOpen: () => cmd(walk(["register", "route", "accept", "startHearing"]), "reply"),
  replyHasLegalBasis: () => cmd(accepted(), "reply", { legalBasis: [] } as Partial<CommandInput>),
  reviewRequestWindowOpen: () => {
    const step = replied();
    return cmd(step, "requestReview", { at: later(step.state!.reviewRequestDueAt, 1) });
  },
  reexaminationRequestWindowOpen: () => {
    const step = reviewed();
    return cmd(step, "requestReexamination", {
      at: later(step.state!.reexaminationRequestDueAt, 1),
    });
  },
  deliveredNotBeforeDecision: () => {
    const step = accepted();
    const at = stepTime(step.state, "reply");
    return cmd(step, "reply", { at, deliveredAt: later(at, -30) } as Partial<CommandInput>);
  },
  deliveredNotInFuture: () => {
    const step = underReview();
    const at = stepTime(step.state, "decideReview");
    return cmd(step, "decideReview", { at, deliveredAt: later(at, 1) } as Partial<CommandInput>);
  },
  reviewOneLevelUp: () => ({
    ...cmd(replied(), "requestReview", { toOrg: "org-x" } as Partial<CommandInput>),
    orgs: HIERARCHY,
  }),
  reexaminationOneLevelUp: () => ({
    ...cmd(reviewed(), "requestReexamination", { toOrg: "org-x" } as Partial<CommandInput>),
    orgs: HIERARCHY,
  }),
  conclusionReason: () =>
    cmd(replied(), "conclude", { reason: "resolved" } as Partial<CommandInput>),
  noticeNamesRunningStage: () => {
    const step = accepted();
    return {
      step,
      event: recorded(
        step,
        "ReminderIssued",
        { stage: "review", dueAt: step.state!.handlingDueAt, daysLeft: 3 },
        actors.system,
      ),
    };
  },
  reminderOncePerStage: () =>
    cmd(walk(["register", "route", "accept", "issueReminder"]), "issueReminder"),
  reminderBeforeDue: () => {
    const step = accepted();
    return cmd(step, "issueReminder", { at: later(step.state!.handlingDueAt, 1) });
  },
  reportBackOwed: () => cmd(accepted(), "reportBack"),
  callBackOncePerReply: () =>
    cmd(walk(["register", "route", "accept", "reply", "callBack"]), "callBack"),
  rehandlingAfterUnsatisfiedCallBack: () => cmd(replied(), "returnForRehandling"),
  supervisionOncePerLevel: () =>
    cmd(
      walk([
        "register",
        "route",
        "accept",
        ["issueSupervision", { level: 1 } as Partial<CommandInput>],
      ]),
      "issueSupervision",
      { level: 1 } as Partial<CommandInput>,
    ),
  ...(Object.fromEntries(
    REPEAT_CONDITION_IDS.map((id) => [
      id,
      () =>
        cmd(walk(["register"]), "linkRepeat", {
          sameFactsAndReasons: true,
        } as Partial<CommandInput>),
    ]),
  ) as Record<RepeatCondition, () => Witness>),
  // practice (12345): a consultation registered without its answer is not answered at once.
  answeredAtOnce: () => cmd({ state: undefined, events: [] }, "register", consultation),
  // … and a claim is not answered before dispatch at all.
  consultationAnsweredAtOnce: () => {
    const step = walk(["register"]);
    return cmd(step, "reply", {
      at: step.state!.lastOccurredAt,
      actor: actors.intake,
    } as Partial<CommandInput>);
  },
  // … a consultation is answered by the hotline that registered it …
  consultationAnsweredByHotline: () => {
    const step = walk([["register", consultation]]);
    return cmd(step, "reply", {
      at: step.state!.lastOccurredAt,
      actor: { id: "clerk-9", role: "intake", org: "another-hotline" },
    } as Partial<CommandInput>);
  },
  // … and at its registration, not later.
  consultationAnsweredAtRegistration: () =>
    cmd(walk([["register", consultation]]), "reply", {
      actor: actors.intake,
    } as Partial<CommandInput>),
};

/** practice (12345): the branches of a consultation answered at once (BJ Art. 11 ¶1). */
const answeredAtOnceWitness = (row: TransitionRow): Witness | undefined => {
  if (row.command === "register" && row.when === "answeredAtOnce") {
    return cmd({ state: undefined, events: [] }, "register", {
      ...consultation,
      answer: { summary: "办事指南已当场告知" },
    } as Partial<CommandInput>);
  }
  if (row.from === "registered" && row.command === "reply") {
    const step = walk([["register", consultation]]);
    return cmd(step, "reply", {
      at: step.state!.lastOccurredAt,
      actor: actors.intake,
    } as Partial<CommandInput>);
  }
  return undefined;
};

/** An earlier petition each repeat condition bars, from the walk to every status. */
const BARRING_STATUS: Record<RepeatCondition, PetitionStatus> = {
  repeatOfFinal: "final",
  repeatWhileHandled: "accepted",
  repeatAfterWindowLapsed: "concluded",
};

const outcomeOf = (machine: PetitionMachine, witness: Witness): Outcome =>
  "event" in witness
    ? JSON.stringify(
        checkEvent(witness.step.state, witness.event, { judge: chartJudge(machine) }).map(
          (v) => v.rule,
        ),
      )
    : decideWith(machine, witness.step.state, witness.command, witness.previous, witness.orgs);

describe("mutation check: every guard of petitionMachine is load-bearing", () => {
  const guards = Object.keys(MACHINE_GUARDS) as GuardName[];

  it("has a witness for every guard, and each rule guards some transition of the table", () => {
    const used = new Set(
      transitionRows().flatMap((r) => [...(r.rules ?? []), ...(r.when ? [r.when] : [])]),
    );
    expect([...used].sort()).toEqual([...guards].sort());
    expect(Object.keys(GUARD_WITNESSES).sort()).toEqual([...guards].sort());
  });

  it.each(guards)("with guard %s always passing, its witness is decided otherwise", (guard) => {
    const witness = GUARD_WITNESSES[guard]();
    const real = outcomeOf(petitionMachine, witness);
    const mutant = outcomeOf(petitionMachine.provide({ guards: { [guard]: () => true } }), witness);
    expect(mutant).not.toBe(real);
    // The real chart refuses the witness for this rule and no other.
    if (guard in LEGAL_RULES) {
      const name = LEGAL_RULES[guard as RuleId].name;
      expect(real).toBe("event" in witness ? JSON.stringify([name]) : `refused: ${name}`);
    }
    // The compiled table that verify judges with depends on the same rule.
    if ("event" in witness) {
      const rule = LEGAL_RULES[guard as RuleId];
      const judge = compileEventJudge(PROCEDURE, {
        ...LEGAL_RULES,
        [guard]: { ...rule, check: () => undefined },
      });
      const judged = checkEvent(witness.step.state, witness.event, { judge }).map((v) => v.rule);
      expect(JSON.stringify(judged)).not.toBe(real);
      expect(JSON.stringify(checkEvent(witness.step.state, witness.event).map((v) => v.rule))).toBe(
        real,
      );
    }
  });
});

describe("mutation check: every transition of the table is load-bearing", () => {
  const paths = pathsToEveryStatus();
  const rows = transitionRows();

  /** The table without one branch. */
  const without = (row: TransitionRow): { readonly [S in keyof typeof PROCEDURE]: StatusSpec } => {
    const on = { ...PROCEDURE[row.from].on };
    const rest = on[row.command]!.filter((_, i) => i !== row.branch);
    if (rest.length === 0) delete on[row.command];
    else on[row.command] = rest as never;
    return { ...PROCEDURE, [row.from]: { ...PROCEDURE[row.from], on } };
  };

  /** A state in `row.from` where the real chart takes the branch: the walk's, or one step on from it. */
  const witnessFor = (row: TransitionRow): Witness | undefined => {
    const consultationWitness = answeredAtOnceWitness(row);
    if (consultationWitness) return consultationWitness;
    const base = paths.get(row.from)!;
    const previous =
      row.when && row.when !== "answeredAtOnce"
        ? paths.get(BARRING_STATUS[row.when])!.state
        : undefined;
    const overrides = (row.when ? { sameFactsAndReasons: true } : {}) as Partial<CommandInput>;
    // A petition assigned (交办) rather than transferred, for the commands that need one.
    const assigned = [
      walk(["register", ["route", { mode: "assign" } as Partial<CommandInput>], "accept"]),
    ];
    assigned.push(walk(["reply"], assigned[0]));
    const candidates = [
      base,
      ...assigned,
      ...allowedCommands(base.state).flatMap((type) => {
        try {
          return [applyCommand(base, type, PID)];
        } catch {
          return [];
        }
      }),
    ].filter((s) => (s.state?.status ?? "unregistered") === row.from);
    for (const step of candidates) {
      const w: Witness = {
        ...cmd(step, row.command, overrides),
        ...(previous ? { previous } : {}),
      };
      const real = outcomeOf(petitionMachine, w);
      if (real.startsWith(`${row.to ?? row.from}:`)) return w;
    }
    return undefined;
  };

  it(`removes each of the ${rows.length} branches in turn; every removal changes a decision`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(59);
    for (const row of rows) {
      const label = `${row.from} --${row.command}#${row.branch}--> ${row.to ?? row.from}`;
      const witness = witnessFor(row);
      expect(witness, `no witness takes ${label}`).toBeDefined();
      const mutant = buildPetitionMachine(without(row));
      expect(outcomeOf(mutant, witness!), label).not.toBe(outcomeOf(petitionMachine, witness!));
    }
  });
});
