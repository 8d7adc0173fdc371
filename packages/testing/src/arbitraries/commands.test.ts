import {
  allowedCommands,
  decide,
  defaultRegistry,
  type EventEnvelope,
  evolve,
  nationalPolicy,
  PetitioError,
  type PetitionState,
  parseCommand,
  ValidationError,
} from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyRuns } from "../model/lifecycle-check.js";
import { commandArb, malformedCommandArb } from "./commands.js";
import { validTimelineArb } from "./timelines.js";

const runs = { seed: 20261128, numRuns: propertyRuns(200) };

describe("command arbitraries", () => {
  it("every command is well-formed", () => {
    fc.assert(
      fc.property(commandArb(), (command) => {
        expect(parseCommand(command).type).toBe(command.type);
      }),
      runs,
    );
  });

  it("a malformed command is refused with a ValidationError naming the broken field", () => {
    fc.assert(
      fc.property(malformedCommandArb(), ({ command, field }) => {
        const error = (() => {
          try {
            parseCommand(command);
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path.split(".")[0])).toContain(field);
      }),
      runs,
    );
  });

  it("fuzzing the decider: any command in any reachable state is recorded as catalog-valid events, or refused with a typed error", () => {
    let recorded = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        validTimelineArb({ petitionId: "P1" }),
        fc.nat(),
        fc.boolean(),
        fc.gen(),
        (timeline, cut, allowedOnly, g) => {
          // the state after a prefix of a lawful life
          let state: PetitionState | undefined;
          let version = 0;
          for (const c of timeline.slice(0, (cut % timeline.length) + 1)) {
            for (const e of decide(state, c, { policy: nationalPolicy, now: c.at! })) {
              const placed: EventEnvelope = {
                ...e,
                schemaVersion: 1,
                recordedAt: e.occurredAt,
                streamId: "petition-P1",
                version: ++version,
                position: version,
              };
              state = evolve(state, placed);
            }
          }
          // Half the commands are of a type the state allows, so some get recorded.
          const allowed = allowedCommands(state);
          const types = allowedOnly && allowed.length > 0 ? allowed : undefined;
          const command = g(commandArb, { petitionId: "P1", types });
          const now = state?.lastOccurredAt ?? "2025-03-03T09:00:00+08:00";
          let events: ReturnType<typeof decide>;
          try {
            events = decide(state, command, { policy: nationalPolicy, now });
          } catch (error) {
            expect(error).toBeInstanceOf(PetitioError);
            refused++;
            return;
          }
          // Validated outside the try: a ValidationError here is a bug, not a refusal.
          expect(events.length).toBeGreaterThan(0);
          for (const e of events) defaultRegistry.validateData(e.type, e.data);
          recorded++;
        },
      ),
      runs,
    );
    // Seeded, 200 runs: 23 recorded, 177 refused (random actors are mostly the wrong role).
    expect(recorded).toBeGreaterThanOrEqual(Math.floor(runs.numRuns / 20));
    expect(refused).toBeGreaterThanOrEqual(Math.floor(runs.numRuns / 2));
  });
});
