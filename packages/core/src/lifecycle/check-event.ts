import { type EventEnvelope, petitionStreamId } from "../events/envelope.js";
import { commandsInStatus } from "./allowed.js";
import { EVENT_COMMAND } from "./command-types.js";
import { evolve } from "./evolve.js";
import { actorProblem, type Problem, ruleProblems } from "./rules.js";
import { CLOSING_REASON, isTerminal, type PetitionState } from "./state.js";

/** One broken rule in a recorded event. */
export interface Violation {
  /** The rule, e.g. "review request window". */
  rule: string;
  /** Where the rule comes from, e.g. "W22 Art. 35". */
  article?: string;
  message: string;
}

const toViolation = ({ rule, article, message }: Problem): Violation =>
  article === undefined ? { rule, message } : { rule, article, message };

/**
 * Legality of an already-recorded event against the state before it (`[]`
 * when legal). It applies the engine's own checks — the chart's order, roles
 * and orgs, and the legal rules — judged with the due times stored in the log
 * (LOG-FORMAT: they are authoritative) and the caps fixed by law (extension ≤ 30
 * days and once, ≤ 5 representatives, requests within their windows). Lateness
 * of an office (a late acceptance or reply) is not a violation here: it is what
 * the on-time metrics measure. Custom and notification events are always legal.
 * The `linkRepeat` refusal of a final petition (Art. 36 ¶3) needs the other
 * stream, so it is not judged here; nor are duties the engine enforces only on
 * what it records itself (rules with `appliesTo: "commands"`, e.g. a reply's
 * legal basis, which other sources may not have recorded).
 */
export function checkEvent(state: PetitionState | undefined, event: EventEnvelope): Violation[] {
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
    return [...streamIdProblem(event), ...judge(evolve(undefined, event), event, command, true)];
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
  if (!commandsInStatus(state.status).includes(command)) {
    return [
      {
        rule: "lifecycle",
        message: `${event.type} is not possible in state ${state.status}`,
      },
    ];
  }
  return judge(state, event, command, false);
}

function judge(
  state: PetitionState,
  event: EventEnvelope,
  command: NonNullable<(typeof EVENT_COMMAND)[string]>,
  registering: boolean,
): Violation[] {
  const violations: Violation[] = [];
  const actor = actorProblem(registering ? undefined : state, {
    type: command,
    actor: event.actor,
  });
  if (actor) violations.push(toViolation(actor));
  const input = { type: command, actor: event.actor, at: event.occurredAt, data: event.data };
  for (const problem of ruleProblems(state, input, { recorded: true })) {
    violations.push(toViolation(problem));
  }
  return violations;
}

/** LOG-FORMAT: a petition's events live in the stream `petition-<petitionId>`. */
function streamIdProblem(event: EventEnvelope): Violation[] {
  const petitionId = event.data.petitionId;
  if (typeof petitionId !== "string" || petitionStreamId(petitionId) === event.streamId) return [];
  return [
    {
      rule: "stream id",
      message: `petition ${petitionId} belongs in stream ${petitionStreamId(petitionId)}, not ${event.streamId}`,
    },
  ];
}
