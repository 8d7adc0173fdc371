import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { hotTopicsFromFacts } from "./hot-topics.js";
import type { GroupBy } from "./metric-options.js";
import { computeMetrics, type MetricRates, metricsFromFacts } from "./metrics.js";
import { overdueFromFacts } from "./overdue.js";
import { type PetitionFactsState, petitionFactsProjection } from "./petition-facts.js";
import { byOccurredAt, interleave, momentArb, picksArb, streamsArb } from "./random-log.testkit.js";
import { replaySync } from "./replay.js";

/**
 * Properties of the built-in projections over random logs (docs/metrics.md): the
 * fold does not depend on how it was cut, on how unrelated streams are
 * interleaved, or on events after the moment asked about.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);
const period = { from: "2024-01-15T00:00:00+08:00", to: "2024-03-15T00:00:00+08:00" };
const byArb = fc.constantFrom<GroupBy | undefined>(undefined, "org", "category", "topic", "month");

/** Everything a supervisor sees from a fact table at `asOf`. */
const views = (state: PetitionFactsState, asOf: string, by: GroupBy | undefined) => ({
  metrics: metricsFromFacts(state, { ...period, asOf, by }),
  overdue: overdueFromFacts(state, { asOf }),
  hot: hotTopicsFromFacts(state, { month: "2024-02" }),
});

const snapshotRoundTrip = (state: PetitionFactsState): PetitionFactsState =>
  petitionFactsProjection.fromSnapshot!(
    JSON.parse(JSON.stringify(petitionFactsProjection.toSnapshot!(state))),
  );

describe("petitionFacts properties", () => {
  it("rebuilding from the log equals folding incrementally across snapshot restarts", () => {
    fc.assert(
      fc.property(
        streamsArb,
        picksArb,
        fc.array(fc.nat(), { maxLength: 5 }),
        (streams, picks, cuts) => {
          const log = interleave(streams, picks);
          const rebuilt = replaySync(petitionFactsProjection, log);
          // Fold chunk by chunk; between chunks, save and load a snapshot as a restart would.
          const cutPoints = [...new Set(cuts.map((c) => c % (log.length + 1)))].sort(
            (a, b) => a - b,
          );
          let state = petitionFactsProjection.init();
          let from = 0;
          for (const cut of [...cutPoints, log.length]) {
            for (const event of log.slice(from, cut))
              state = petitionFactsProjection.apply(state, event);
            state = snapshotRoundTrip(state);
            from = cut;
          }
          expect(petitionFactsProjection.toSnapshot!(state)).toEqual(
            petitionFactsProjection.toSnapshot!(rebuilt),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("interleaving unrelated streams differently gives the same metrics, overdue view and hot topics", () => {
    fc.assert(
      fc.property(streamsArb, picksArb, picksArb, momentArb, byArb, (streams, p1, p2, asOf, by) => {
        const a = replaySync(petitionFactsProjection, interleave(streams, p1));
        const b = replaySync(petitionFactsProjection, interleave(streams, p2));
        expect(views(a, asOf, by)).toEqual(views(b, asOf, by));
      }),
      { numRuns: RUNS },
    );
  });

  it("every rate has numerator ≤ denominator, and groups add up to the total", () => {
    const check = (rates: MetricRates) => {
      for (const rate of Object.values(rates)) {
        expect(rate.numerator).toBeGreaterThanOrEqual(0);
        expect(rate.numerator).toBeLessThanOrEqual(rate.denominator);
        expect(rate.value).toBe(rate.denominator === 0 ? null : rate.numerator / rate.denominator);
      }
      expect(rates.satisfaction.denominator).toBe(rates.participation.numerator);
    };
    // Empty reports satisfy every bound: count the cases with petitions in the period.
    let withPetitions = 0;
    fc.assert(
      fc.property(streamsArb, picksArb, momentArb, byArb, (streams, picks, asOf, by) => {
        const log = interleave(streams, picks);
        const state = replaySync(petitionFactsProjection, log, { asOf });
        const report = metricsFromFacts(state, { ...period, asOf, by: by ?? "org" });
        if (report.counts.registered > 0) withPetitions++;
        check(report.rates);
        for (const group of report.groups) check(group.rates);
        const sum = (pick: (g: (typeof report.groups)[number]) => number) =>
          report.groups.reduce((s, g) => s + pick(g), 0);
        expect(sum((g) => g.counts.registered)).toBe(report.counts.registered);
        expect(sum((g) => g.counts.open)).toBe(report.counts.open);
        expect(sum((g) => g.rates.oneTimeResolution.numerator)).toBe(
          report.rates.oneTimeResolution.numerator,
        );
        expect(sum((g) => g.rates.onTimeCompletion.denominator)).toBe(
          report.rates.onTimeCompletion.denominator,
        );
        expect(report.counts.overdue + report.counts.dueSoon).toBeLessThanOrEqual(
          report.counts.open,
        );
      }),
      { numRuns: RUNS },
    );
    // Unseeded: about two runs in three have petitions registered in the period.
    expect(withPetitions).toBeGreaterThanOrEqual(Math.floor(RUNS / 4));
  });

  it("asOf(t) over the whole log equals what a live system showed at t", async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, picksArb, momentArb, byArb, async (streams, picks, t, by) => {
        // The live system received events in business-time order and stopped at t.
        const live = byOccurredAt(streams.flat());
        const shown: EventEnvelope[] = [];
        for (const event of live) {
          if (Date.parse(event.occurredAt) > Date.parse(t)) break;
          shown.push(event);
        }
        const thenState = replaySync(petitionFactsProjection, shown);
        // Replaying the complete log later, in any interleaving, as of t.
        const full = interleave(streams, picks);
        const report = await computeMetrics(full, { ...period, asOf: t, by });
        expect(report).toEqual(metricsFromFacts(thenState, { ...period, asOf: t, by }));
        expect(
          overdueFromFacts(replaySync(petitionFactsProjection, full, { asOf: t }), { asOf: t }),
        ).toEqual(overdueFromFacts(thenState, { asOf: t }));
      }),
      { numRuns: RUNS },
    );
  });
});
