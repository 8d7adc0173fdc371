import { type EventEnvelope, petitionStreamId } from "../events/envelope.js";
import { branchesOf } from "./allowed.js";
import { type EventJudge, eventJudge } from "./event-judge.js";
import { evolve } from "./evolve.js";
import type { OrgHierarchy } from "./org-hierarchy.js";
import { type RuleContext, type RuleInput, ruleBreach, type Violation } from "./rules.js";
import type { PetitionState } from "./state.js";
import { CLOSING_REASON, EVENT_COMMAND, isTerminal } from "./transitions.js";

export interface CheckEventOptions {
  /** The compiled procedure that judges (default `eventJudge`, of the built-in table; tests pass altered ones). */
  judge?: EventJudge;
  /** The deployment's org hierarchy: a review or re-examination is then judged one level up (W22 Art. 35–36). */
  orgs?: OrgHierarchy;
}

/**
 * Legality of an already-recorded event against the state before it (`[]`
 * when legal). The procedure decides, as for a new command: the event is
 * legal when the statechart would take its command in this state with the
 * event's data, its guards (the legal rules) judged with the due times stored
 * in the log (they are authoritative) and the caps fixed by law. Roles and
 * orgs are checked beside it. When the chart refuses, every breached rule is
 * named. The chart's decision is looked up in the compiled procedure table
 * (event-judge.ts), which decides the same without a chart step per event.
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
  options: CheckEventOptions = {},
): Violation[] {
  const command = EVENT_COMMAND[event.type];
  if (command === undefined) return [];
  const judge = options.judge ?? eventJudge;
  if (!state) {
    if (event.type !== "PetitionRegistered") {
      return [
        {
          rule: "stream start",
          message: `a petition stream starts with PetitionRegistered, not ${event.type}`,
        },
      ];
    }
    const found = judge.judge(undefined, evolve(undefined, event), event, command, options.orgs);
    const misplaced = streamIdViolation(event);
    return misplaced === undefined ? found : [misplaced, ...found];
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
  return judge.judge(state, state, event, command, options.orgs);
}

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
function streamIdViolation(event: EventEnvelope): Violation | undefined {
  const petitionId = event.data.petitionId;
  if (typeof petitionId !== "string" || petitionStreamId(petitionId) === event.streamId) {
    return undefined;
  }
  return {
    rule: "stream id",
    message: `petition ${petitionId} belongs in stream ${petitionStreamId(petitionId)}, not ${event.streamId}`,
  };
}
