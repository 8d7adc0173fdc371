import { petitionStreamId } from "../events/envelope.js";
import { type NewPetitionEvent, previewEnvelopes } from "../events/preview.js";
import { actorViolation } from "../lifecycle/actors.js";
import { allowedCommands, branchesOf, nextStatus } from "../lifecycle/allowed.js";
import { breachesOf } from "../lifecycle/check-event.js";
import { ForbiddenRoleError, IllegalCommandError } from "../lifecycle/errors.js";
import { evolve } from "../lifecycle/evolve.js";
import { MACHINE_GUARDS, type PetitionMachine, petitionMachine } from "../lifecycle/machine.js";
import type { OrgHierarchy } from "../lifecycle/org-hierarchy.js";
import type { RuleInput } from "../lifecycle/rules.js";
import type { PetitionState } from "../lifecycle/state.js";
import {
  type FollowUpEventType,
  isTerminal,
  type PetitionStatus,
} from "../lifecycle/transitions.js";
import type { Policy } from "../time/policy-config.js";
import {
  type Command,
  type CommandInput,
  followUpEvent,
  parseCommand,
  primaryEvent,
} from "./commands.js";

/**
 * The decider: given a petition's state and a command, the events that record
 * it, or a typed error and nothing else. Pure: no I/O, no clock (the engine
 * passes `now`), no statechart actor.
 *
 * Order of checks: shape (ValidationError) → the chart has this command in
 * this state (IllegalCommandError) → role and org (ForbiddenRoleError) → the
 * chart's `transition()` with the event data the command would record: its
 * guards are the legal rules, and when it takes no transition the error names
 * the first rule broken and its article. The events recorded are the ones the
 * table lists for the branch the chart took.
 */

export interface DecideContext {
  policy: Policy;
  /** Business time for a command without `at`. */
  now: string;
  /** For `linkRepeat`: the state of the earlier petition, when it exists. */
  previous?: PetitionState;
  /**
   * For `merge`: the petition merged into, as loaded by the caller; `null`
   * when it does not exist. Left out, the target is not checked (a pure
   * decision about this stream alone); the engine always looks it up.
   */
  mergeTarget?: PetitionState | null;
  /** The deployment's org hierarchy: reviews and re-examinations go one level up (W22 Art. 35–36). */
  orgs?: OrgHierarchy;
  /** The chart that decides (default `petitionMachine`; tests pass altered ones). */
  machine?: PetitionMachine;
}

/** Validate `input` and decide it (see `decideParsed`). */
export const decide = (
  state: PetitionState | undefined,
  input: Command | CommandInput,
  ctx: DecideContext,
): NewPetitionEvent[] => decideParsed(state, parseCommand(input), ctx);

/** Decide a command already validated by `parseCommand` (the engine parses once). */
export function decideParsed(
  state: PetitionState | undefined,
  command: Command,
  ctx: DecideContext,
): NewPetitionEvent[] {
  const machine = ctx.machine ?? petitionMachine;
  const status: PetitionStatus = state?.status ?? "unregistered";
  const at = command.at ?? ctx.now;
  const refuse = (rule: string, reason: string, article?: string, field?: string): never => {
    throw new IllegalCommandError(
      status,
      command.type,
      rule,
      reason,
      allowedCommands(state, at),
      article,
      field,
    );
  };

  if (state && state.petitionId !== command.petitionId) {
    refuse(
      "petition",
      `the state given is of petition ${state.petitionId}, not ${command.petitionId}`,
    );
  }
  if (nextStatus(state, { type: command.type }, machine) === undefined) {
    refuse("lifecycle", `the procedure has no ${command.type} in state ${status}`);
  }
  if (state && Date.parse(at) < Date.parse(state.lastOccurredAt)) {
    refuse("time order", `${at} is before the petition's last event at ${state.lastOccurredAt}`);
  }
  const actor = actorViolation(state, command);
  if (actor) {
    throw new ForbiddenRoleError(
      command.actor.role,
      command.type,
      actor.allowedRoles,
      actor.message,
      actor.article,
    );
  }
  if (command.type === "merge")
    checkMergeTarget(command.petitionId, command.intoPetitionId, ctx, refuse);

  const primary = primaryEvent(state, command, at, ctx.policy);
  const input: RuleInput = { type: command.type, actor: command.actor, at, data: primary.data };
  // Registration is judged on the state it creates (e.g. its representatives).
  const judged =
    state ??
    evolve(
      undefined,
      previewEnvelopes(petitionStreamId(command.petitionId), 0, [
        { ...primary, occurredAt: at, actor: command.actor },
      ])[0]!,
    );
  const event = {
    type: command.type,
    input,
    ruleContext:
      ctx.orgs === undefined ? { policy: ctx.policy } : { policy: ctx.policy, orgs: ctx.orgs },
    ...(command.type === "linkRepeat" && ctx.previous ? { previous: ctx.previous } : {}),
    answeredAtOnce: command.type === "register" && command.answer !== undefined,
  };
  const next = nextStatus(state, event, machine, judged);
  if (next === undefined) {
    const [breach] = breachesOf(state, judged, input, event.ruleContext);
    if (breach) refuse(breach.rule, breach.message, breach.article, breach.field);
    refuse("lifecycle", `the chart takes no ${command.type} now`);
  }
  // The branch the chart took: the first whose target it reached and whose condition holds.
  const branch = branchesOf(status, command.type)!.find(
    (b) =>
      (b.to ?? status) === next &&
      (b.when === undefined ||
        MACHINE_GUARDS[b.when]({ context: {}, event: { ...event, petition: judged } })),
  )!;
  const recorded = [
    primary,
    ...branch.records
      .slice(1)
      .map((type) =>
        followUpEvent(
          type as FollowUpEventType,
          state,
          command,
          next!,
          branch.when,
          at,
          ctx.policy,
        ),
      ),
  ];
  return recorded.map(
    (e) =>
      ({ type: e.type, data: e.data, occurredAt: at, actor: command.actor }) as NewPetitionEvent,
  );
}

/** A duplicate is merged into a petition that exists and is still being handled. */
const checkMergeTarget = (
  petitionId: string,
  intoPetitionId: string,
  ctx: DecideContext,
  refuse: (rule: string, reason: string) => never,
): void => {
  if (intoPetitionId === petitionId)
    refuse("merge target", "a petition cannot be merged into itself");
  if (ctx.mergeTarget === undefined) return;
  if (ctx.mergeTarget === null) refuse("merge target", `petition ${intoPetitionId} does not exist`);
  else if (isTerminal(ctx.mergeTarget.status)) {
    refuse(
      "merge target",
      `petition ${intoPetitionId} is already closed (${ctx.mergeTarget.status}); merge into an open one`,
    );
  }
};
