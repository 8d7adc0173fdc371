import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CommandInput } from "../engine/commands.js";
import { hotline12345Policy, nationalPolicy } from "../time/policy.js";
import type { Policy } from "../time/policy-config.js";
import { allowedCommands, commandsInStatus } from "./allowed.js";
import { COMMAND_TYPES, type CommandType } from "./command-types.js";
import { IllegalCommandError } from "./errors.js";
import type { PetitionState } from "./state.js";
import { isTerminal, PETITION_STATUSES } from "./transitions.js";
import { applyCommand, fieldChoices, type Step } from "./walk.testkit.js";

/**
 * `allowedCommands(state, at)` lists a command exactly when deciding it at
 * `at`, with some well-formed choice of its fields and the actor the rules
 * want, is not refused by the lifecycle: the list a refusal offers is one the
 * petitioner's office can act on.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Time steps of the walk: at once (a consultation answered at registration), soon, and past windows. */
const GAPS = [0, MINUTE, DAY, 4 * DAY, 20 * DAY, 45 * DAY];

// allowedCommands has no policy, so it cannot know the highest supervision level:
// the walk lifts that cap (every other limit is the preset's own).
const uncapped = (policy: Policy): Policy => ({ ...policy, maxSupervisionLevel: 1_000 });
const POLICIES = [uncapped(nationalPolicy), uncapped(hotline12345Policy)];

const timeAfter = (state: PetitionState | undefined, gap: number): string =>
  new Date(
    (state ? Date.parse(state.lastOccurredAt) : Date.parse("2024-03-01T09:00:00+08:00")) + gap,
  ).toISOString();

/** The step after deciding `type` with `choice`, or undefined when the lifecycle refuses it. */
const tryCommand = (
  step: Step,
  type: CommandType,
  choice: Partial<CommandInput>,
  at: string,
  policy: Policy,
): Step | undefined => {
  try {
    return applyCommand(step, type, "P-walk", { ...choice, at } as Partial<CommandInput>, policy);
  } catch (error) {
    // A role, an org or a malformed field would be the walk's fault, not the lifecycle's.
    if (error instanceof IllegalCommandError) return undefined;
    throw error;
  }
};

describe("allowedCommands", () => {
  it("lists a command iff deciding it with well-formed fields is not refused by the lifecycle, on random walks", () => {
    const runs = Number(process.env.PETITIO_PROPERTY_RUNS ?? 60);
    const statuses = new Set<string>();
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...POLICIES),
        fc.array(fc.record({ pick: fc.nat(), choice: fc.nat(), gap: fc.nat() }), {
          minLength: 1,
          maxLength: 25,
          size: "max",
        }),
        (policy, moves) => {
          let step: Step = { state: undefined, events: [] };
          for (const move of moves) {
            const at = timeAfter(step.state, GAPS[move.gap % GAPS.length]!);
            const outcomes = COMMAND_TYPES.map(
              (type) =>
                [
                  type,
                  fieldChoices(type).flatMap((choice) => {
                    const next = tryCommand(step, type, choice, at, policy);
                    return next ? [next] : [];
                  }),
                ] as const,
            );
            const decidable = outcomes.filter(([, next]) => next.length > 0);
            expect(
              allowedCommands(step.state, at),
              `in ${step.state?.status ?? "unregistered"} at ${at}`,
            ).toEqual(decidable.map(([type]) => type));
            compared++;
            statuses.add(step.state?.status ?? "unregistered");
            if (decidable.length === 0) break;
            // Mostly go on living: an exit (withdraw, merge, …) is open in nearly every state.
            const open = decidable.filter(([, next]) => !isTerminal(next[0]!.state!.status));
            const from = open.length > 0 && move.pick % 6 !== 0 ? open : decidable;
            const [, nexts] = from[move.pick % from.length]!;
            step = nexts[move.choice % nexts.length]!;
          }
        },
      ),
      { seed: 20261201, numRuns: runs },
    );
    // Seeded, 60 runs: 559 states compared, each on every command and field choice.
    expect(compared).toBeGreaterThan(runs * 5);
    // The walks pass through every status that takes commands.
    for (const status of PETITION_STATUSES.filter((s) => commandsInStatus(s).length > 0))
      expect(statuses, status).toContain(status);
  });

  it("in the review window, lists 催办 / 督办 only while a duty is owed beside it (W22 Art. 22 ¶1(3))", () => {
    const at = (step: Step) => timeAfter(step.state, DAY);
    const walk = (mode: "transfer" | "assign"): Step => {
      let step: Step = { state: undefined, events: [] };
      step = applyCommand(step, "register", "P-walk", { at: at(step) });
      step = applyCommand(step, "route", "P-walk", { mode, at: at(step) } as Partial<CommandInput>);
      step = applyCommand(step, "accept", "P-walk", { at: at(step) });
      return applyCommand(step, "reply", "P-walk", { at: at(step) });
    };
    const notices = (step: Step) =>
      allowedCommands(step.state, at(step)).filter(
        (t) => t === "issueReminder" || t === "issueSupervision",
      );
    expect(walk("transfer").state!.status).toBe("replied");
    expect(notices(walk("transfer"))).toEqual([]);
    const assigned = walk("assign");
    expect(notices(assigned)).toEqual(["issueReminder", "issueSupervision"]);
    // Once reported back, nothing is owed: the notices go.
    const reported = applyCommand(assigned, "reportBack", "P-walk", { at: at(assigned) });
    expect(notices(reported)).toEqual([]);
  });
});
