import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validTimelineArb } from "../../../testing/src/arbitraries/timelines.js";
import { decide } from "../engine/decide.js";
import { ACTOR_ROLES, type EventEnvelope } from "../events/envelope.js";
import { defaultRegistry } from "../events/registry.js";
import { interleave, picksArb, streamsArb } from "../projections/random-log.testkit.js";
import { nationalPolicy } from "../time/policy.js";
import { checkEvent } from "./check-event.js";
import { chartJudge } from "./check-event-by-chart.testkit.js";
import { evolve } from "./evolve.js";
import type { PetitionState } from "./state.js";

/**
 * The compiled procedure table (event-judge.ts) judges every recorded event
 * exactly as the statechart does (check-event-by-chart.testkit.ts): the same
 * violations, in the same order, with the same words, on lawful logs and on
 * logs broken by random edits (events dropped, repeated, swapped, moved in
 * time, acted by another role or org, with a field changed or removed).
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 200);
const byChart = chartJudge();

/** Judge a log both ways, event by event, each stream folded as verify folds it. */
const judgeBothWays = (log: readonly EventEnvelope[]) => {
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
    table.push(checkEvent(state, event));
    chart.push(checkEvent(state, event, { judge: byChart }));
    states.set(event.streamId, evolve(state, event));
  }
  return { table, chart };
};

/** One petition's lawful life, recorded as the engine records it. */
const timelineLog = validTimelineArb({ maxSteps: 14 }).map((commands) => {
  const events: EventEnvelope[] = [];
  let state: PetitionState | undefined;
  for (const command of commands) {
    for (const e of decide(state, command, { policy: nationalPolicy, now: command.at! })) {
      const event: EventEnvelope = {
        ...e,
        position: events.length + 1,
        streamId: "petition-T1",
        version: (state?.version ?? 0) + 1,
        schemaVersion: 1,
        recordedAt: e.occurredAt,
      };
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
});

/** Several petitions' lives (repeats, merges, notices, reviews), interleaved. */
const randomLog = fc
  .tuple(streamsArb, picksArb)
  .map(([streams, picks]) => interleave(streams, picks));

const HOUR = 3_600_000;
const VALUES: unknown[] = [
  undefined,
  true,
  false,
  0,
  1,
  15,
  31,
  6,
  "",
  "handling",
  "review",
  "routing",
  "reportBack",
  "resolved",
  "reviewWindowLapsed",
  "org-a",
  "bureau",
  "2024-01-02T09:00:00+08:00",
  "2026-01-01T00:00:00Z",
];
const ORGS = [undefined, "bureau", "org-a", "org-b", "org-review", "intake-office"];

type Edit = (log: EventEnvelope[], seed: number[]) => EventEnvelope[];
const at = (log: readonly unknown[], n: number) => n % Math.max(1, log.length);
const replace = (log: EventEnvelope[], i: number, event: EventEnvelope) =>
  log.map((e, k) => (k === i ? event : e));

const EDITS: Edit[] = [
  (log, [i = 0]) => log.filter((_, k) => k !== at(log, i)),
  (log, [i = 0, j = 0]) => {
    const copy = [...log];
    copy.splice(at(log, j), 0, log[at(log, i)]!);
    return copy;
  },
  (log, [i = 0, j = 0]) => {
    const copy = [...log];
    [copy[at(log, i)], copy[at(log, j)]] = [copy[at(log, j)]!, copy[at(log, i)]!];
    return copy;
  },
  (log, [i = 0, hours = 0]) => {
    const e = log[at(log, i)]!;
    const shifted = new Date(Date.parse(e.occurredAt) + ((hours % 2000) - 1000) * HOUR);
    const iso = shifted.toISOString();
    return replace(log, at(log, i), { ...e, occurredAt: iso, recordedAt: iso });
  },
  (log, [i = 0, r = 0]) => {
    const e = log[at(log, i)]!;
    return replace(log, at(log, i), { ...e, actor: { ...e.actor, role: ACTOR_ROLES[r % 5]! } });
  },
  (log, [i = 0, o = 0]) => {
    const e = log[at(log, i)]!;
    const { org: _, ...actor } = e.actor;
    const org = ORGS[o % ORGS.length];
    return replace(log, at(log, i), { ...e, actor: org === undefined ? actor : { ...actor, org } });
  },
  (log, [i = 0, f = 0, v = 0]) => {
    const e = log[at(log, i)]!;
    const keys = Object.keys(e.data);
    if (keys.length === 0) return log;
    const key = keys[f % keys.length]!;
    const { [key]: _, ...rest } = e.data;
    const value = VALUES[v % VALUES.length];
    return replace(log, at(log, i), {
      ...e,
      data: value === undefined ? rest : { ...rest, [key]: value },
    });
  },
  (log, [i = 0, j = 0]) => {
    // An event of one stream recorded in another.
    const e = log[at(log, i)]!;
    const other = log[at(log, j)]!;
    return replace(log, at(log, i), { ...e, streamId: other.streamId, version: other.version });
  },
];

const editsArb = fc.array(
  fc.tuple(fc.nat(EDITS.length - 1), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })),
  { minLength: 1, maxLength: 4 },
);
const edited = (log: EventEnvelope[], edits: [number, number[]][]) =>
  edits.reduce((l, [edit, seed]) => (l.length === 0 ? l : EDITS[edit]!(l, seed)), log);

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
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    // Refusals of every kind were compared: the chart's, the rules', the roles'.
    expect(rules).toContain("lifecycle");
    expect(rules).toContain("role");
    expect(rules.size).toBeGreaterThan(8);
  }, 120_000);
});
