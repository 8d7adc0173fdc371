import {
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
    fc.assert(
      fc.property(
        validTimelineArb({ petitionId: "P1" }),
        fc.nat(),
        commandArb({ petitionId: "P1" }),
        (timeline, cut, command) => {
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
          const now = state?.lastOccurredAt ?? "2025-03-03T09:00:00+08:00";
          try {
            const events = decide(state, command, { policy: nationalPolicy, now });
            expect(events.length).toBeGreaterThan(0);
            for (const e of events) defaultRegistry.validateData(e.type, e.data);
          } catch (error) {
            expect(error).toBeInstanceOf(PetitioError);
          }
        },
      ),
      runs,
    );
  });
});
