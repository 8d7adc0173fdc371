import { actorViolation } from "./actors.js";
import { nextStatus } from "./allowed.js";
import { breachesOf } from "./check-event.js";
import type { EventJudge } from "./event-judge.js";
import { type PetitionMachine, petitionMachine } from "./machine.js";
import type { RuleContext, RuleInput, Violation } from "./rules.js";

/**
 * A recorded event judged by a statechart step, as `checkEvent` judged before
 * the procedure table was compiled (event-judge.ts): the oracle of the
 * property test that holds the two equal, and the judge of the charts the
 * mutation tests alter with `provide`.
 */
export const chartJudge = (machine: PetitionMachine = petitionMachine): EventJudge => ({
  judge(before, judged, event, command, orgs) {
    const input: RuleInput = {
      type: command,
      actor: event.actor,
      at: event.occurredAt,
      data: event.data,
    };
    const ctx: RuleContext = orgs === undefined ? { recorded: true } : { recorded: true, orgs };
    const taken =
      nextStatus(before, { type: command, input, ruleContext: ctx }, machine, judged) !== undefined;
    if (!taken && nextStatus(before, { type: command }, machine) === undefined) {
      const status = before?.status ?? "unregistered";
      return [{ rule: "lifecycle", message: `${event.type} is not possible in state ${status}` }];
    }
    const violations: Violation[] = [];
    const actor = actorViolation(before, { type: command, actor: event.actor });
    if (actor) {
      violations.push({
        rule: actor.rule,
        ...(actor.article === undefined ? {} : { article: actor.article }),
        message: actor.message,
      });
    }
    if (!taken) {
      const breaches = breachesOf(before, judged, input, ctx);
      violations.push(
        ...(breaches.length > 0
          ? breaches
          : [{ rule: "lifecycle", message: `the chart takes no ${command} now` }]),
      );
    }
    return violations;
  },
});
