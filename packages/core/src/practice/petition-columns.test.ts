import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { monthOf } from "../projections/zoned-month.js";
import type { PetitionFact } from "./petition-columns.js";
import { type PracticeFacts, practiceProjection, practiceReport } from "./projection.js";

/**
 * The practice fold keeps its petitions in columns; these properties hold it
 * to the plain record it kept before (its snapshot form) and hold the two
 * numbers read from it — 每月一题 volume and 包案 resolved — to the plain
 * record's reading, on random logs with times written in several forms.
 */

const ZONE = "Asia/Shanghai";
const BASE = Date.parse("2026-01-01T00:00:00+08:00");
const HOUR = 3_600_000;

/** A time in one of the forms a log may hold (the last ones are kept as written). */
const timeText = (ms: number, form: number): string => {
  const iso = new Date(ms).toISOString();
  const local = new Date(ms + 8 * HOUR).toISOString().slice(0, 19);
  return [
    `${local}+08:00`,
    `${iso.slice(0, 19)}Z`,
    `${new Date(ms - 5 * HOUR).toISOString().slice(0, 19)}-05:00`,
    `${local}.250+08:00`,
    `${iso.slice(0, 19)}-00:00`,
    "not a time",
  ][form]!;
};

const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 200 * 24 }), fc.integer({ min: 0, max: 11 }))
  .map(([hours, dice]) => timeText(BASE + hours * HOUR, dice < 7 ? 0 : dice - 6));

const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant("register" as const),
    id: fc.integer({ min: 0, max: 6 }),
    topic: fc.option(fc.constantFrom("供暖", "物业", "教育"), { nil: undefined }),
    at: timeArb,
  }),
  fc.record({
    kind: fc.constant("conclude" as const),
    id: fc.integer({ min: 0, max: 7 }),
    reason: fc.constantFrom("resolved", "final", "withdrawn"),
    at: timeArb,
  }),
  fc.record({
    kind: fc.constant("leader" as const),
    id: fc.integer({ min: 0, max: 7 }),
    at: timeArb,
  }),
  fc.record({
    kind: fc.constant("cycle" as const),
    topic: fc.constantFrom("供暖", "物业", "教育"),
    month: fc.constantFrom("2026-02", "2026-03", "2026-05"),
    at: timeArb,
  }),
);

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

const eventOf = (step: Step, n: number): EventEnvelope => {
  const common = { position: n + 1, version: 1, schemaVersion: 1, occurredAt: step.at };
  const actor = { id: "desk", role: "intake", org: "office" };
  const envelope = (streamId: string, type: string, data: Record<string, unknown>) =>
    ({ ...common, recordedAt: step.at, actor, streamId, type, data }) as EventEnvelope;
  switch (step.kind) {
    case "register":
      return envelope(`petition-p${step.id}`, "PetitionRegistered", {
        receivedAt: step.at,
        ...(step.topic === undefined ? {} : { topic: step.topic }),
      });
    case "conclude":
      return envelope(`petition-p${step.id}`, "PetitionConcluded", { reason: step.reason });
    case "leader":
      return envelope(`leader-case-l${n}`, "LeaderTookCharge", {
        petitionId: `p${step.id}`,
        leader: { level: "county" },
      });
    case "cycle":
      return envelope(`monthly-topic-c${n}`, "MonthlyTopicChosen", {
        month: step.month,
        topic: step.topic,
        leadOrg: "office",
      });
  }
};

/** The plain record of petitions, as the fold kept it before the columns. */
const referencePetitions = (events: EventEnvelope[]): Record<string, PetitionFact> => {
  const petitions: Record<string, PetitionFact> = {};
  for (const e of events) {
    if (!e.streamId.startsWith("petition-")) continue;
    const id = e.streamId.slice("petition-".length);
    if (e.type === "PetitionRegistered") {
      petitions[id] = {
        receivedAt: String(e.data.receivedAt),
        ...(typeof e.data.topic === "string" ? { topic: e.data.topic } : {}),
      };
    } else if (e.type === "PetitionConcluded" && e.data.reason === "resolved") {
      const p = petitions[id];
      if (p && p.resolvedAt === undefined) p.resolvedAt = e.occurredAt;
    }
  }
  return petitions;
};

const fold = (events: EventEnvelope[]): PracticeFacts => {
  let state = practiceProjection.init();
  for (const e of events) state = practiceProjection.apply(state, e);
  return state;
};

describe("practice petitions in columns", () => {
  it("snapshot as the plain record, which folds back to the same state", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 8, maxLength: 60, size: "medium" }), (steps) => {
        const events = steps.map(eventOf);
        const state = fold(events);
        const snapshot = practiceProjection.toSnapshot!(state) as PracticeFacts;
        expect(snapshot.petitions).toEqual(referencePetitions(events));
        const copy = JSON.parse(JSON.stringify(snapshot)) as PracticeFacts;
        expect(practiceProjection.toSnapshot!(practiceProjection.fromSnapshot!(copy))).toEqual(
          snapshot,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("每月一题 volumes and 包案 resolved read as from the plain record, as of any moment", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 8, maxLength: 60, size: "medium" }),
        timeArb,
        fc.nat(),
        (steps, time, pick) => {
          // Often the time of one of the log's events: the edge of "known by then".
          const asOf = steps.length > 0 && pick % 3 !== 0 ? steps[pick % steps.length]!.at : time;
          const events = steps.map(eventOf);
          const state = fold(events);
          const petitions = referencePetitions(events);
          const query = Number.isNaN(Date.parse(asOf)) ? {} : { asOf };
          const report = practiceReport(state, { ...query, timeZone: ZONE });
          const limit = Date.parse(query.asOf ?? state.lastAt ?? "");
          const known = (t: string | undefined) => t !== undefined && Date.parse(t) <= limit;
          const count = (topic: string, months: string[]) =>
            Object.values(petitions).filter(
              (p) =>
                p.topic === topic &&
                known(p.receivedAt) &&
                months.includes(monthOf(Date.parse(p.receivedAt), ZONE)),
            ).length;
          for (const cycle of report.monthlyTopics) {
            expect(cycle.before.count).toBe(count(cycle.topic, cycle.before.months));
            expect(cycle.after.count).toBe(count(cycle.topic, cycle.after.months));
          }
          const taken = Object.entries(state.leaderCases).filter(([, c]) => {
            const ms = Date.parse(c.takenAt);
            return ms <= limit;
          });
          expect(report.leaderCases.resolved.denominator).toBe(taken.length);
          expect(report.leaderCases.resolved.numerator).toBe(
            taken.filter(([id]) => known(petitions[id]?.resolvedAt)).length,
          );
          // A plain state (as a snapshot holds it) reports the same.
          const plain = JSON.parse(JSON.stringify(practiceProjection.toSnapshot!(state)));
          expect(practiceReport(plain, { ...query, timeZone: ZONE })).toEqual(report);
        },
      ),
      { numRuns: 300 },
    );
  });
});
