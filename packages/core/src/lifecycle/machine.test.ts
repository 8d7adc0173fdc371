import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandFor, setup } from "../engine/test-kit.testkit.js";
import {
  allowedCommands,
  branchesOf,
  commandsInStatus,
  nextStatus,
  nextStatusByTransition,
} from "./allowed.js";
import { COMMAND_TYPES } from "./command-types.js";
import { IllegalCommandError } from "./errors.js";
import { PETITION_STATUSES } from "./transitions.js";
import { applyCommand, pathsToEveryStatus, type Step, stepTime } from "./walk.testkit.js";

const paths = pathsToEveryStatus();

describe("petitionMachine", () => {
  it("reaches every state of docs/lifecycle.md from registration", () => {
    expect([...paths.keys()].sort()).toEqual([...PETITION_STATUSES].sort());
  });

  it("has no transitions out of the terminal states", () => {
    for (const status of [
      "final",
      "concluded",
      "notAccepted",
      "redirected",
      "withdrawn",
      "merged",
    ] as const) {
      expect(commandsInStatus(status)).toEqual([]);
    }
  });

  // Every (state, command) pair the chart has no transition for, generated from the machine.
  const illegal = [...paths.entries()].flatMap(([status, step]) =>
    COMMAND_TYPES.filter((type) => !commandsInStatus(status).includes(type)).map(
      (type) => [status, type, step] as const,
    ),
  );

  it(`rejects all ${illegal.length} illegal (state, command) pairs through the engine, appending nothing`, async () => {
    expect(illegal.length).toBeGreaterThan(150);
    for (const [status, type, step] of illegal) {
      // The chart's own refusals: without the default authorize, which refuses some first.
      const { store, engine, clock } = setup(undefined, { authorize: false });
      if (step.events.length > 0) {
        await store.importEvents(step.events);
      }
      clock.set(stepTime(step.state, type));
      const before = await store.headPosition();
      const error = await engine.execute(commandFor(step.state, type)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${type} in ${status}`).toBeInstanceOf(IllegalCommandError);
      const illegalError = error as IllegalCommandError;
      expect(illegalError.state).toBe(status);
      expect(illegalError.command).toBe(type);
      expect(illegalError.allowed).toEqual(allowedCommands(step.state, stepTime(step.state, type)));
      expect(illegalError.message).toContain(`state "${status}"`);
      expect(await store.headPosition()).toBe(before);
    }
  });

  it("nextStatus reaches the table's target for every command on random paths", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), (choices) => {
        let step: Step = { state: undefined, events: [] };
        for (const choice of choices) {
          for (const type of COMMAND_TYPES) {
            const status = step.state?.status ?? "unregistered";
            const branches = branchesOf(status, type);
            const expected =
              branches === undefined
                ? undefined
                : (branches.find((b) => b.when === undefined)?.to ?? status);
            expect(nextStatus(step.state, { type })).toBe(expected);
          }
          const options = allowedCommands(step.state);
          if (options.length === 0) break;
          try {
            step = applyCommand(step, options[choice % options.length]!);
          } catch (error) {
            expect(error).toBeInstanceOf(IllegalCommandError);
          }
        }
      }),
      { seed: 20261128, numRuns: Number(process.env.PETITIO_PROPERTY_RUNS ?? 100) },
    );
  });

  it("nextStatus picks the state a full transition() returns, for every status and command", () => {
    let compared = 0;
    for (const step of paths.values()) {
      for (const type of COMMAND_TYPES) {
        const expected = nextStatusByTransition(step.state, { type });
        expect(nextStatus(step.state, { type }), `${type} in ${step.state?.status}`).toBe(expected);
        if (expected !== undefined) compared++;
      }
    }
    // Every (status, command) pair of the table was compared.
    expect(compared).toBe(
      PETITION_STATUSES.reduce((n, status) => n + commandsInStatus(status).length, 0),
    );
  });

  it("the reducer's status equals the machine's state on random legal paths", () => {
    // Count the comparisons and the states they covered: refusals skip the check.
    const runs = Number(process.env.PETITIO_PROPERTY_RUNS ?? 200);
    let compared = 0;
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), (choices) => {
        let step: Step = { state: undefined, events: [] };
        for (const choice of choices) {
          const options = allowedCommands(step.state);
          if (options.length === 0) break;
          const type = options[choice % options.length]!;
          let next: Step;
          try {
            next = applyCommand(step, type);
          } catch (error) {
            // Only a legal rule may refuse an allowed command (e.g. an extension past due).
            expect(error).toBeInstanceOf(IllegalCommandError);
            continue;
          }
          const expected = nextStatus(step.state, { type });
          expect(next.state!.status).toBe(expected);
          compared++;
          reached.add(next.state!.status);
          step = next;
        }
      }),
      { seed: 20261201, numRuns: runs },
    );
    // With seed 20261201 and 200 runs: 571 comparisons over 10 of the 15 states (objected
    // now takes two steps: an objection raised, then verified).
    expect(compared).toBeGreaterThanOrEqual(runs);
    expect(reached.size).toBeGreaterThanOrEqual(Math.min(10, runs));
  });
});
