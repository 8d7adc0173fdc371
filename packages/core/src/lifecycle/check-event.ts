import { type EventEnvelope, petitionStreamId } from "../events/envelope.js";
import { actorViolation } from "./actors.js";
import { branchesOf, nextStatus } from "./allowed.js";
import type { CommandType } from "./command-types.js";
import { evolve } from "./evolve.js";
import { type PetitionMachine, petitionMachine } from "./machine.js";
import { type RuleContext, type RuleInput, ruleBreach, type Violation } from "./rules.js";
import type { PetitionState } from "./state.js";
import { CLOSING_REASON, EVENT_COMMAND, isTerminal } from "./transitions.js";

/**
 * Legality of an already-recorded event against the state before it (`[]`
 * when legal). The statechart decides, as for a new command: the event is
 * legal when the chart takes its command in this state with the event's data,
 * its guards (the legal rules) judged with the due times stored in the log
 * (they are authoritative) and the caps fixed by law. Roles and orgs are
 * checked beside it. When the chart refuses, every breached rule is named.
 *
 * Lateness of an office (a late acceptance or reply) is not a violation here:
 * it is what the on-time metrics measure. Custom and notification events are
 * always legal. The `linkRepeat` refusal of a final petition (Art. 36 ¶3) needs
 * the other stream, so it is not judged here; nor are duties the engine
 * enforces only on what it records itself (rules with `appliesTo: "commands"`,
 * e.g. a reply's legal basis, which other sources may not have recorded).
 */
export function checkEvent(
  state: PetitionState | undefined,
  event: EventEnvelope,
  machine: PetitionMachine = petitionMachine,
): Violation[] {
  const command = EVENT_COMMAND[event.type];
  if (command === undefined) return [];
  if (!state) {
    if (event.type !== "PetitionRegistered") {
      return [
        {
          rule: "stream start",
          message: `a petition stream starts with PetitionRegistered, not ${event.type}`,
        },
      ];
    }
    return [
      ...streamIdViolation(event),
      ...judge(undefined, evolve(undefined, event), event, command, machine),
    ];
  }
  if (isTerminal(state.status)) {
    const closing = CLOSING_REASON[state.status];
    if (
      event.type === "PetitionConcluded" &&
      closing !== undefined &&
      event.data.reason === closing &&
      state.concludedReason === undefined
    ) {
      return [];
    }
    return [
      {
        rule: "nothing after the end",
        message: `${event.type} recorded after the petition ended (${state.status})`,
      },
    ];
  }
  return judge(state, state, event, command, machine);
}

function judge(
  before: PetitionState | undefined,
  judged: PetitionState,
  event: EventEnvelope,
  command: CommandType,
  machine: PetitionMachine,
): Violation[] {
  const input: RuleInput = {
    type: command,
    actor: event.actor,
    at: event.occurredAt,
    data: event.data,
  };
  const ctx: RuleContext = { recorded: true };
  const taken =
    nextStatus(before, { type: command, input, ruleContext: ctx }, machine, judged) !== undefined;
  if (!taken && nextStatus(before, { type: command }, machine) === undefined) {
    const status = before?.status ?? "unregistered";
    return [{ rule: "lifecycle", message: `${event.type} is not possible in state ${status}` }];
  }
  const violations: Violation[] = [];
  const actor = actorViolation(before, { type: command, actor: event.actor });
  if (actor)
    violations.push({ rule: actor.rule, ...optionalArticle(actor), message: actor.message });
  if (!taken) {
    const breaches = breachesOf(before, judged, input, ctx);
    violations.push(
      ...(breaches.length > 0
        ? breaches
        : [{ rule: "lifecycle", message: `the chart takes no ${command} now` }]),
    );
  }
  return violations;
}

const optionalArticle = (v: Violation): { article?: string } =>
  v.article === undefined ? {} : { article: v.article };

/** Every rule of the command's branches that `input` breaks, in table order, each once. */
export function breachesOf(
  before: PetitionState | undefined,
  judged: PetitionState,
  input: RuleInput,
  ctx: RuleContext,
): Violation[] {
  const ids = new Set(
    (branchesOf(before?.status ?? "unregistered", input.type) ?? []).flatMap((b) => b.rules ?? []),
  );
  return [...ids].flatMap((id) => ruleBreach(id, judged, input, ctx) ?? []);
}

/** A petition's events live in the stream `petition-<petitionId>`. */
function streamIdViolation(event: EventEnvelope): Violation[] {
  const petitionId = event.data.petitionId;
  if (typeof petitionId !== "string" || petitionStreamId(petitionId) === event.streamId) return [];
  return [
    {
      rule: "stream id",
      message: `petition ${petitionId} belongs in stream ${petitionStreamId(petitionId)}, not ${event.streamId}`,
    },
  ];
}
