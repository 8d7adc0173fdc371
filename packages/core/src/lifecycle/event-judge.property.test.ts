import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { defaultRegistry } from "../events/registry.js";
import { checkEvent } from "./check-event.js";
import { chartJudge } from "./check-event-by-chart.testkit.js";
import { edited, editsArb, randomLog, timelineLog } from "./edited-logs.testkit.js";
import { evolve } from "./evolve.js";
import type { OrgHierarchy } from "./org-hierarchy.js";
import type { PetitionState } from "./state.js";

/**
 * The compiled procedure table (event-judge.ts) judges every recorded event
 * exactly as the statechart does (check-event-by-chart.testkit.ts): the same
 * violations, in the same order, with the same words, on lawful logs and on
 * logs broken by random edits (edited-logs.testkit.ts).
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 200);
const byChart = chartJudge();

/** A hierarchy over the random logs' orgs (some left out): reviews are then judged one level up. */
const ORGS: OrgHierarchy = {
  "org-A": "upper",
  "org-B": "upper",
  upper: "top",
  "org-a": "org-review",
  "org-review": "org-reexamination",
};

/** Judge a log both ways, event by event, each stream folded as verify folds it. */
const judgeBothWays = (log: readonly EventEnvelope[], orgs?: OrgHierarchy) => {
  const states = new Map<string, PetitionState | undefined>();
  const table: unknown[] = [];
  const chart: unknown[] = [];
  for (const raw of log) {
    let event: EventEnvelope;
    try {
      event = defaultRegistry.decode(raw);
    } catch {
      continue; // verify drops a line the catalog rejects before judging anything
    }
    const state = states.get(event.streamId);
    table.push(checkEvent(state, event, orgs ? { orgs } : {}));
    chart.push(checkEvent(state, event, { judge: byChart, ...(orgs ? { orgs } : {}) }));
    states.set(event.streamId, evolve(state, event));
  }
  return { table, chart };
};

describe("the compiled procedure table judges as the statechart", () => {
  it("on lawful timelines (no violations) and on their edited copies", () => {
    let broken = 0;
    fc.assert(
      fc.property(timelineLog, editsArb, (log, edits) => {
        const lawful = judgeBothWays(log);
        expect(lawful.table).toStrictEqual(lawful.chart);
        expect(lawful.table.flat()).toEqual([]);
        const mutated = judgeBothWays(edited(log, edits));
        expect(mutated.table).toStrictEqual(mutated.chart);
        if (mutated.table.flat().length > 0) broken++;
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    // The edits do break the lifecycle, so the refusals are compared, not only the silence.
    expect(broken).toBeGreaterThan(RUNS / 3);
  }, 120_000);

  it("on random interleaved logs of many petitions and their edited copies", () => {
    const rules = new Set<string>();
    fc.assert(
      fc.property(randomLog, editsArb, (log, edits) => {
        const plain = judgeBothWays(log);
        expect(plain.table).toStrictEqual(plain.chart);
        const mutated = judgeBothWays(edited(log, edits));
        expect(mutated.table).toStrictEqual(mutated.chart);
        for (const v of mutated.table.flat() as { rule: string }[]) rules.add(v.rule);
        const withOrgs = judgeBothWays(edited(log, edits), ORGS);
        expect(withOrgs.table).toStrictEqual(withOrgs.chart);
        for (const v of withOrgs.table.flat() as { rule: string }[]) rules.add(v.rule);
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    // Refusals of every kind were compared: the chart's, the rules', the roles'.
    expect(rules).toContain("lifecycle");
    expect(rules).toContain("role");
    expect(rules).toContain("review one level up");
    expect(rules.size).toBeGreaterThan(8);
  }, 120_000);
});
