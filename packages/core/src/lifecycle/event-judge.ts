import type { EventEnvelope } from "../events/envelope.js";
import { actorViolation } from "./actors.js";
import type { CommandType } from "./command-types.js";
import type { OrgHierarchy } from "./org-hierarchy.js";
import {
  LEGAL_RULES,
  type LegalRule,
  type RuleContext,
  type RuleId,
  type RuleInput,
  ruleApplies,
  ruleBreach,
  type Violation,
} from "./rules.js";
import type { PetitionState, PetitionStatus } from "./state.js";
import { PETITION_STATUSES, PROCEDURE, type StatusSpec } from "./transitions.js";

/**
 * The judgement of a recorded event (`checkEvent`) as lookups in the
 * procedure table, compiled once: for every status and command, the branches
 * a recorded event can take and the checks of their rules. It decides exactly
 * what the statechart decides for a recorded event (a property test holds the
 * two equal on random and broken logs), without a chart step per event: verify
 * judges every line of a log, and the chart's transition selection cost four
 * times the JSON.parse of the line (docs/performance.md).
 *
 * What the chart does with a recorded event, and the table mirrors:
 * - a branch with a `when` condition is never taken: its guard needs what only
 *   the engine has when it decides (the earlier petition of a repeat, the
 *   answer given at registration), so the chart takes the first branch
 *   without one whose rules all hold;
 * - a rule the engine enforces only on commands (`appliesTo: "commands"`)
 *   always holds on a recorded event;
 * - when the chart has no branch without a condition, the event is not
 *   possible in that status; when it has some and none holds, every rule of
 *   the command's branches that the event breaks is named, in table order.
 */

/** The rules of one branch that a recorded event is judged by, with their checks. */
interface BranchChecks {
  readonly checks: readonly LegalRule["check"][];
}

interface CommandChecks {
  /** The branches a recorded event can take: those without a `when` condition, in table order. */
  readonly branches: readonly BranchChecks[];
  /** The rules of every branch of the command, each once, in table order: named when none is taken. */
  readonly rules: readonly RuleId[];
}

/** A compiled procedure table: judges one recorded event against the state before it. */
export interface EventJudge {
  /**
   * The violations of `event` (its command `command`) against `before`;
   * `judged` is the petition the rules judge (for a registration, the state it
   * creates; otherwise `before`). With `orgs`, a review or re-examination is
   * judged against the org hierarchy too.
   */
  judge(
    before: PetitionState | undefined,
    judged: PetitionState,
    event: EventEnvelope,
    command: CommandType,
    orgs?: OrgHierarchy,
  ): Violation[];
}

type Rules = { readonly [R in RuleId]: LegalRule };

/** What a recorded event is judged under: no policy, and duties on commands left out. */
export const RECORDED: RuleContext = Object.freeze({ recorded: true });

const compileCommand = (
  branches: NonNullable<StatusSpec["on"][CommandType]>,
  rules: Rules,
): CommandChecks => {
  const applies = (id: RuleId) => ruleApplies(id, RECORDED);
  return {
    branches: branches
      .filter((branch) => branch.when === undefined)
      .map((branch) => ({
        checks: (branch.rules ?? []).filter(applies).map((id) => rules[id].check),
      })),
    rules: [...new Set(branches.flatMap((branch) => branch.rules ?? []))],
  };
};

/**
 * Compile a procedure table (the built-in one by default; tests compile
 * altered ones, and `rules` with a check replaced, as the chart's mutants).
 */
export const compileEventJudge = (
  procedure: { readonly [S in PetitionStatus]: StatusSpec } = PROCEDURE,
  rules: Rules = LEGAL_RULES,
): EventJudge => {
  const table = new Map<PetitionStatus, Map<CommandType, CommandChecks>>();
  for (const status of PETITION_STATUSES) {
    const byCommand = new Map<CommandType, CommandChecks>();
    const spec = procedure[status];
    // A terminal status takes nothing (the chart's final states); checkEvent judges the closing record.
    if (!spec.terminal) {
      for (const [command, branches] of Object.entries(spec.on)) {
        if (branches !== undefined) {
          byCommand.set(command as CommandType, compileCommand(branches, rules));
        }
      }
    }
    table.set(status, byCommand);
  }
  const holds = (
    branch: BranchChecks,
    judged: PetitionState,
    input: RuleInput,
    ctx: RuleContext,
  ) => {
    for (const check of branch.checks) if (check(judged, input, ctx) !== undefined) return false;
    return true;
  };
  return {
    judge(before, judged, event, command, orgs) {
      const ctx = orgs === undefined ? RECORDED : { ...RECORDED, orgs };
      const status = before?.status ?? "unregistered";
      const entry = table.get(status)?.get(command);
      if (entry === undefined || entry.branches.length === 0) {
        return [{ rule: "lifecycle", message: `${event.type} is not possible in state ${status}` }];
      }
      const input: RuleInput = {
        type: command,
        actor: event.actor,
        at: event.occurredAt,
        data: event.data,
      };
      let taken = false;
      for (const branch of entry.branches) {
        if (holds(branch, judged, input, ctx)) {
          taken = true;
          break;
        }
      }
      const actor = actorViolation(before, input);
      if (taken && actor === undefined) return [];
      const violations: Violation[] = [];
      if (actor) {
        violations.push(
          actor.article === undefined
            ? { rule: actor.rule, message: actor.message }
            : { rule: actor.rule, article: actor.article, message: actor.message },
        );
      }
      if (!taken) {
        const before = violations.length;
        for (const id of entry.rules) {
          const breach = ruleBreach(id, judged, input, ctx, rules[id]);
          if (breach) violations.push(breach);
        }
        if (violations.length === before) {
          violations.push({ rule: "lifecycle", message: `the chart takes no ${command} now` });
        }
      }
      return violations;
    },
  };
};

/** The judge of the built-in procedure table. */
export const eventJudge: EventJudge = compileEventJudge();
