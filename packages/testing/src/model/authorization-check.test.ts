import { type Authorize, createDefaultAuthorize, MemoryEventStore } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { walkChart } from "./chart-walk.js";
import { checkLifecycle } from "./lifecycle-check.js";
import type { AuthorizeUnderTest } from "./run-step.js";

const memoryStore = (clock: { now(): string }) => new MemoryEventStore({ clock });

/** Core's default rules with one rule turned into a pass: the faulty hooks below. */
const lettingThrough =
  (rule: string): AuthorizeUnderTest =>
  (accusedOrgsOf): Authorize => {
    const rules = createDefaultAuthorize({ accusedOrgsOf });
    return async (actor, command, petition) => {
      const decision = await rules(actor, command, petition);
      return !decision.allowed && decision.rule === rule ? { allowed: true } : decision;
    };
  };

/** The check with `authorize` as the engine's hook; shorter runs shrink faster once it fails. */
const checkWith = (authorize: AuthorizeUnderTest) =>
  checkLifecycle({ store: memoryStore, numRuns: 40, maxCommands: 80, authorize });

describe("the model predicts the default authorization", () => {
  it("random runs: every refusal of the engine's authorization is the model's, rule and article, and every rule is met", async () => {
    const result = await checkLifecycle({ store: memoryStore, numRuns: 40 });
    const by = result.steps.notAuthorizedBy;
    // Each rule of the default authorization refused some command, as the model predicted.
    expect(Object.keys(by).sort()).toEqual([
      "accused org",
      "conflict of interest",
      "org",
      "org scope",
      "own petition",
      "role",
      "unregistered",
    ]);
    expect(result.steps.notAuthorized).toBe(Object.values(by).reduce((a, b) => a + b, 0));
    expect(result.steps.notAuthorized).toBeGreaterThan(60);
    // … and the runs still go deep: most commands are recorded.
    expect(result.steps.recorded).toBeGreaterThan(300);
  }, 120_000);

  it('authorization: "off" runs the lifecycle\'s rules alone: nothing is refused by authorization', async () => {
    const result = await checkLifecycle({ store: memoryStore, numRuns: 15, authorization: "off" });
    expect(result.steps.notAuthorized).toBe(0);
    expect(result.steps.notAuthorizedBy).toEqual({});
    expect(result.steps.refused).toBeGreaterThan(20);
    // The chart walk too: every transition, by the lifecycle's rules alone.
    const coverage = await walkChart({ store: memoryStore, authorization: "off" });
    expect(coverage.report().missed).toEqual([]);
  }, 60_000);

  it("fails when the engine lets an official act on their own petition (W22 Art. 28 ¶3)", async () => {
    const run = checkWith(lettingThrough("conflict of interest"));
    await expect(run).rejects.toThrow(/expected it refused \(.* is its petitioner\)/);
  }, 120_000);

  it("fails when the engine sends an accusation to the org it accuses (W22 Art. 30 ¶3)", async () => {
    // Core's plain default, as `createEngine` runs it: it is told no accused orgs.
    const run = checkWith(() => createDefaultAuthorize());
    await expect(run).rejects.toThrow(
      /the model expected it refused \(sent to the accused org-\w+\)/,
    );
  }, 120_000);

  it("fails when the engine's authorization lets the wrong holding org act in a stage (W22 Art. 32, 35)", async () => {
    const run = checkWith(lettingThrough("org"));
    // The lifecycle still refuses, but with its own error, not the authorization's.
    await expect(run).rejects.toThrow(
      /expected a NotAuthorizedError \(only \S+ may \w+\), got ForbiddenRoleError/,
    );
  }, 120_000);
});
