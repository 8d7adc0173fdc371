import {
  type CommandInput,
  createEngine,
  ForbiddenRoleError,
  IllegalCommandError,
  MemoryEventStore,
  NotAuthorizedError,
  nationalPolicy,
} from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyRuns } from "../model/lifecycle-check.js";
import { invalidTimelineArb, validTimelineArb } from "./timelines.js";

const engineFor = (authorization: "default" | "off" = "off") => {
  let now = "2025-03-03T09:00:00+08:00";
  const clock = { now: () => now };
  const store = new MemoryEventStore({ clock });
  // By default timelines predict the lifecycle's own refusals, without the default authorize.
  const engine = createEngine({
    store,
    policy: nationalPolicy,
    clock,
    channels: [],
    ...(authorization === "off" ? { authorize: false as const } : {}),
  });
  const execute = (c: CommandInput) => {
    now = c.at ?? now;
    return engine.execute(c);
  };
  return { store, execute };
};

describe("timeline arbitraries", () => {
  it("valid timelines: the engine records every command, time never goes back", async () => {
    const types = new Set<string>();
    await fc.assert(
      fc.asyncProperty(validTimelineArb(), async (timeline) => {
        for (const c of timeline) types.add(c.type);
        const times = timeline.map((c) => Date.parse(c.at!));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const { store, execute } = engineFor();
        for (const command of timeline) await execute(command);
        expect(await store.streamVersion("petition-T1")).toBeGreaterThanOrEqual(timeline.length);
      }),
      { seed: 20261128, numRuns: propertyRuns(60) },
    );
    // the timelines go deep: replies, reviews and re-examinations happen
    expect(types).toContain("reply");
    expect(types).toContain("decideReview");
    expect(types).toContain("requestReexamination");
  });

  it("invalid timelines: the prefix is recorded, the last command refused with the predicted error", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(invalidTimelineArb(), async ({ commands, expectedError, breaks }) => {
        seen.add(breaks);
        const { store, execute } = engineFor();
        for (const command of commands.slice(0, -1)) await execute(command);
        const before = await store.headPosition();
        const error = await execute(commands.at(-1)!).catch((e: unknown) => e);
        const want =
          expectedError === "ForbiddenRoleError" ? ForbiddenRoleError : IllegalCommandError;
        expect(error).toBeInstanceOf(want);
        expect(await store.headPosition()).toBe(before);
      }),
      { seed: 20261128, numRuns: propertyRuns(60) },
    );
    expect([...seen].sort()).toEqual(["law", "lifecycle", "role"]);
  });

  it('with authorization: "default", the engine\'s default authorization records valid timelines and refuses as predicted, rule and article', async () => {
    const seen = new Set<string>();
    const rules = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        validTimelineArb({ authorization: "default" }),
        invalidTimelineArb({ authorization: "default" }),
        async (valid, { commands, expectedError, breaks, refusal }) => {
          const lawful = engineFor("default");
          for (const command of valid) await lawful.execute(command);
          seen.add(breaks);
          const { store, execute } = engineFor("default");
          for (const command of commands.slice(0, -1)) await execute(command);
          const before = await store.headPosition();
          const error = await execute(commands.at(-1)!).catch((e: unknown) => e);
          const want = { NotAuthorizedError, ForbiddenRoleError, IllegalCommandError }[
            expectedError
          ];
          expect(error).toBeInstanceOf(want);
          // With the default authorization, who acts is always its refusal, never the lifecycle's.
          expect(expectedError).not.toBe("ForbiddenRoleError");
          if (refusal) {
            rules.add(refusal.rule);
            expect(error).toMatchObject({ rule: refusal.rule, article: refusal.article });
          }
          expect(await store.headPosition()).toBe(before);
        },
      ),
      { seed: 20261128, numRuns: propertyRuns(60) },
    );
    expect([...seen].sort()).toEqual(["authorization", "law", "lifecycle", "role"]);
    expect([...rules]).toEqual(expect.arrayContaining(["role", "org scope", "own petition"]));
  });
});
