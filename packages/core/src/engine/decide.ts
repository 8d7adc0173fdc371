import { MAX_EXTENSION_DAYS } from "../events/catalog.js";
import {
  type Actor,
  type EventEnvelope,
  type NewEvent,
  petitionStreamId,
} from "../events/envelope.js";
import { allowedCommands, commandsInStatus, nextStatus } from "../lifecycle/allowed.js";
import { ForbiddenRoleError, IllegalCommandError } from "../lifecycle/errors.js";
import { evolve } from "../lifecycle/evolve.js";
import { actorProblem, type RuleInput, ruleProblems } from "../lifecycle/rules.js";
import { isTerminal, type PetitionState, supervisionLevel } from "../lifecycle/state.js";
import { daysUntil, dueAt, excludeInterval, extendDueAt } from "../time/legal-time.js";
import type { Policy } from "../time/policy-config.js";
import { type Command, type CommandInput, parseCommand } from "./commands.js";

/**
 * The decider: given a petition's state and a command, the events that record
 * it, or a typed error and nothing else. Pure: no I/O, no clock (the engine
 * passes `now`), no statechart actor.
 *
 * Order of checks: shape (ValidationError) → the chart has this command in
 * this state (IllegalCommandError) → role and org (ForbiddenRoleError) → the
 * legal rules, judged on the event data the command would record
 * (IllegalCommandError naming the rule and its article) → the chart's guarded
 * transition.
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
}

interface Decided {
  type: string;
  data: Record<string, unknown>;
}

export function decide(
  state: PetitionState | undefined,
  input: Command | CommandInput,
  ctx: DecideContext,
): NewEvent[] {
  const command = parseCommand(input);
  const status = state?.status ?? "unregistered";
  const at = command.at ?? ctx.now;
  const refuse = (rule: string, reason: string, article?: string): never => {
    throw new IllegalCommandError(
      status,
      command.type,
      rule,
      reason,
      allowedCommands(state),
      article,
    );
  };

  if (state && state.petitionId !== command.petitionId) {
    refuse(
      "petition",
      `the state given is of petition ${state.petitionId}, not ${command.petitionId}`,
    );
  }
  if (!commandsInStatus(status).includes(command.type)) {
    refuse("lifecycle", `the procedure has no ${command.type} in state ${status}`);
  }
  if (state && Date.parse(at) < Date.parse(state.lastOccurredAt)) {
    refuse("time order", `${at} is before the petition's last event at ${state.lastOccurredAt}`);
  }
  const actor = actorProblem(state, command);
  if (actor) {
    throw new ForbiddenRoleError(
      command.actor.role,
      command.type,
      actor.allowedRoles,
      actor.message,
      actor.article,
    );
  }

  const events = build(state, command, at, ctx);
  const primary = events[0]!;
  const ruleInput: RuleInput = { type: command.type, actor: command.actor, at, data: primary.data };
  // Registration is judged on the state it creates (e.g. its representatives).
  const judged =
    state ?? evolve(undefined, provisional(command.petitionId, primary, at, command.actor));
  const [problem] = ruleProblems(judged, ruleInput, { policy: ctx.policy });
  if (problem) refuse(problem.rule, problem.message, problem.article);
  if (command.type === "merge")
    checkMergeTarget(command.petitionId, command.intoPetitionId, ctx, refuse);
  const previousIsFinal =
    command.type === "linkRepeat" && ctx.previous !== undefined && ctx.previous.status === "final";
  const next = nextStatus(state, {
    type: command.type,
    input: ruleInput,
    ruleContext: { policy: ctx.policy },
    previousIsFinal,
  });
  if (next === undefined) refuse("lifecycle", `the chart takes no ${command.type} now`);

  return events.map(({ type, data }) => ({
    type,
    data,
    occurredAt: at,
    actor: command.actor,
  }));
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

const provisional = (
  petitionId: string,
  event: Decided,
  at: string,
  actor: Actor,
): EventEnvelope => ({
  position: 1,
  streamId: petitionStreamId(petitionId),
  version: 1,
  type: event.type,
  schemaVersion: 1,
  occurredAt: at,
  recordedAt: at,
  actor,
  data: event.data,
});

const defined = (data: Record<string, unknown>): Record<string, unknown> => {
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data;
};

/** The events a command records, with every due time of the stage it starts. */
function build(
  state: PetitionState | undefined,
  c: Command,
  at: string,
  { policy, previous }: DecideContext,
): Decided[] {
  const s = state as PetitionState; // every command but `register` has a state (checked by the chart)
  const org = c.actor.org ?? c.actor.id;
  switch (c.type) {
    case "register": {
      const receivedAt = c.receivedAt ?? at;
      return [
        {
          type: "PetitionRegistered",
          data: defined({
            petitionId: c.petitionId,
            channel: c.channel,
            anonymous: c.anonymous,
            petitioners: c.anonymous ? [] : c.petitioners,
            representatives: c.representatives,
            title: c.title,
            content: c.content,
            category: c.category,
            topic: c.topic,
            location: c.location,
            receivedAt,
            registeredBy: org,
            routingDueAt: dueAt(policy, "routing", receivedAt),
          }),
        },
      ];
    }
    case "linkRepeat": {
      const linked: Decided = {
        type: "RepeatPetitionLinked",
        data: {
          previousPetitionId: c.previousPetitionId,
          sameFactsAndReasons: c.sameFactsAndReasons,
        },
      };
      // W22 Art. 36 ¶3: after re-examination, the same facts and reasons are not accepted again.
      if (c.sameFactsAndReasons && previous?.status === "final") {
        return [
          linked,
          {
            type: "PetitionNotAccepted",
            data: {
              org,
              noticeSent: !s.anonymous,
              reason: `petition ${c.previousPetitionId} on the same facts and reasons was concluded after re-examination (终结, W22 Art. 36 ¶3)`,
            },
          },
        ];
      }
      return [linked];
    }
    case "route": {
      const reportBack = policy.limits.reportBack ? "reportBack" : "handling";
      return [
        {
          type: "PetitionRouted",
          data: defined({
            toOrg: c.toOrg,
            mode: c.mode,
            acceptanceDueAt: dueAt(policy, "acceptance", at),
            objectionDueAt: dueAt(policy, "objection", at),
            reportBackDueAt: c.mode === "assign" ? dueAt(policy, reportBack, at) : undefined,
          }),
        },
      ];
    }
    case "objectRouting":
      return [
        {
          type: "RoutingObjected",
          data: { byOrg: org, reason: c.reason, routingDueAt: dueAt(policy, "routing", at) },
        },
      ];
    case "redirect":
      return [{ type: "PetitionRedirected", data: { channel: c.channel, reason: c.reason } }];
    case "accept":
      return [
        {
          type: "PetitionAccepted",
          data: { org, noticeSent: !s.anonymous, handlingDueAt: dueAt(policy, "handling", at) },
        },
      ];
    case "notAccept":
      return [
        { type: "PetitionNotAccepted", data: { org, noticeSent: !s.anonymous, reason: c.reason } },
      ];
    case "extend":
      return [
        {
          type: "HandlingExtended",
          data: {
            days: c.days,
            reason: c.reason,
            approvedBy: c.approvedBy,
            // Out-of-range days are refused by the "extension length" rule (Art. 34) just after.
            handlingDueAt:
              c.days <= Math.min(policy.maxExtensionDays, MAX_EXTENSION_DAYS)
                ? extendDueAt(policy, s.handlingDueAt ?? at, c.days)
                : s.handlingDueAt,
          },
        },
      ];
    case "recordMediation":
      return [{ type: "MediationRecorded", data: defined({ outcome: c.outcome, note: c.note }) }];
    case "startHearing":
      return [{ type: "HearingStarted", data: { stage: s.stage } }];
    case "endHearing": {
      const data: Record<string, unknown> = { stage: s.hearing?.stage ?? s.stage };
      // Hearing time is not counted towards the re-examination limit (W22 Art. 36 ¶2).
      if (s.hearing?.stage === "reexamination" && s.reexaminationDueAt !== undefined) {
        data.reexaminationDueAt = excludeInterval(
          policy,
          s.reexaminationDueAt,
          s.hearing.startedAt,
          at,
        );
      }
      return [{ type: "HearingEnded", data }];
    }
    case "reply": {
      const deliveredAt = c.deliveredAt ?? at;
      return [
        {
          type: "ReplyIssued",
          data: defined({
            org,
            outcome: c.outcome,
            summary: c.summary,
            legalBasis: c.legalBasis,
            deliveredAt,
            reviewRequestDueAt: dueAt(policy, "reviewRequest", deliveredAt),
            // 12345 profiles call the petitioner back within their own limit.
            callBackDueAt: policy.limits.callBack
              ? dueAt(policy, "callBack", deliveredAt)
              : undefined,
          }),
        },
      ];
    }
    case "evaluate":
      return [{ type: "SatisfactionEvaluated", data: { rating: c.rating } }];
    case "requestReview":
      return [
        {
          type: "ReviewRequested",
          data: { toOrg: c.toOrg, reason: c.reason, reviewDueAt: dueAt(policy, "review", at) },
        },
      ];
    case "decideReview": {
      const deliveredAt = c.deliveredAt ?? at;
      return [
        {
          type: "ReviewDecided",
          data: {
            org,
            outcome: c.outcome,
            summary: c.summary,
            deliveredAt,
            reexaminationRequestDueAt: dueAt(policy, "reexaminationRequest", deliveredAt),
          },
        },
      ];
    }
    case "requestReexamination":
      return [
        {
          type: "ReexaminationRequested",
          data: {
            toOrg: c.toOrg,
            reason: c.reason,
            reexaminationDueAt: dueAt(policy, "reexamination", at),
          },
        },
      ];
    case "decideReexamination":
      return [
        {
          type: "ReexaminationDecided",
          data: {
            org,
            outcome: c.outcome,
            summary: c.summary,
            deliveredAt: c.deliveredAt ?? at,
            hearingHeld: s.hearingsHeld.includes("reexamination"),
          },
        },
        // 终结: the procedure ends here (W22 Art. 36 ¶3).
        { type: "PetitionConcluded", data: { reason: "final" } },
      ];
    case "conclude":
      return [{ type: "PetitionConcluded", data: { reason: c.reason } }];
    case "withdraw":
      return [{ type: "PetitionWithdrawn", data: defined({ reason: c.reason }) }];
    case "merge":
      return [
        {
          type: "PetitionMerged",
          data: defined({ intoPetitionId: c.intoPetitionId, score: c.score }),
        },
      ];
    case "issueRecommendation":
      return [
        {
          type: "RecommendationIssued",
          data: { kind: c.kind, toOrg: c.toOrg, content: c.content },
        },
      ];
    case "issueReminder":
      return [
        {
          type: "ReminderIssued",
          data: {
            stage: s.stage,
            dueAt: s.dueAt,
            daysLeft: s.dueAt === undefined ? 0 : daysUntil(policy, at, s.dueAt),
          },
        },
      ];
    case "issueSupervision":
      return [
        {
          type: "SupervisionIssued",
          data: {
            stage: s.stage,
            dueAt: s.dueAt,
            daysOverdue: s.dueAt === undefined ? 0 : Math.max(0, -daysUntil(policy, at, s.dueAt)),
            level: c.level ?? supervisionLevel(s) + 1,
          },
        },
      ];
  }
}
