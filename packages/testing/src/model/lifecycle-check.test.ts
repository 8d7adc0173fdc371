import { hotline12345Policy, MemoryEventStore } from "@petitio/core";
import { describe, expect, it } from "vitest";
import {
  chartTransitions,
  formatCoverage,
  TransitionCoverage,
} from "../chart-coverage/transitions.js";
import type { LogInvariant } from "../invariants/log-invariants.js";
import { walkChart } from "./chart-walk.js";
import { checkLifecycle } from "./lifecycle-check.js";

const memoryStore = (clock: { now(): string }) => new MemoryEventStore({ clock });

describe("lifecycle checks on the in-memory store", () => {
  it("random runs: the engine agrees with the model after every step, invariants hold", async () => {
    const coverage = new TransitionCoverage();
    // 60 runs: enough that the coverage below does not rest on a lucky seed.
    const result = await checkLifecycle({ store: memoryStore, coverage, numRuns: 60 });
    const report = coverage.report();
    // The runs go deep and meet refusals as well as successes.
    expect(result.steps.recorded).toBeGreaterThan(300);
    expect(result.steps.refused).toBeGreaterThan(50);
    expect(result.steps.ticks).toBeGreaterThan(50);
    expect(report.outsideChart).toEqual([]);
    expect(report.ratio, formatCoverage(report)).toBeGreaterThan(0.8);
  }, 120_000);

  it("random runs under the 12345 profile: call-back and report-back duties get their notices, the engine still agrees", async () => {
    // Which duty notices the runs produced (an observer, not a check: it reports nothing).
    const seen = new Set<string>();
    const observe: LogInvariant = (events) => {
      for (const e of events) {
        const notice = e.type === "ReminderIssued" || e.type === "SupervisionIssued";
        if (notice && (e.data.stage === "callBack" || e.data.stage === "reportBack"))
          seen.add(`${e.type} ${String(e.data.stage)}`);
      }
      return [];
    };
    const result = await checkLifecycle({
      store: memoryStore,
      policy: hotline12345Policy,
      // 30 runs: with the seed, 20 stopped meeting a reminder window once the catalog grew.
      numRuns: 30,
      invariants: { observe },
    });
    expect(result.steps.recorded).toBeGreaterThan(100);
    // Both duties were supervised once overdue; their short reminder windows (a day before
    // a 3-working-day call-back, 3 days before a 5-working-day report-back) are met less often.
    expect([...seen]).toEqual(
      expect.arrayContaining(["SupervisionIssued callBack", "SupervisionIssued reportBack"]),
    );
    expect([...seen].some((notice) => notice.startsWith("ReminderIssued"))).toBe(true);
  }, 60_000);

  it("the chart walk takes every transition of petitionMachine", async () => {
    const coverage = await walkChart({ store: memoryStore });
    const report = coverage.report();
    if (report.missed.length > 0) console.log(formatCoverage(report));
    expect(report.missed).toEqual([]);
    expect(report.outsideChart).toEqual([]);
    expect(report.reached).toHaveLength(chartTransitions().length);
  });
});

describe("the check catches a faulty engine or store", () => {
  it("fails when stored handling due times are a day late", async () => {
    const DAY = 86_400_000;
    // A store that shifts every PetitionAccepted.handlingDueAt by a day as it writes.
    const skewing = (clock: { now(): string }) => {
      const store = new MemoryEventStore({ clock });
      const append = store.append.bind(store);
      store.append = (streamId, events, options) =>
        append(
          streamId,
          events.map((e) =>
            e.type === "PetitionAccepted"
              ? {
                  ...e,
                  data: {
                    ...e.data,
                    handlingDueAt: new Date(
                      Date.parse(String(e.data.handlingDueAt)) + DAY,
                    ).toISOString(),
                  },
                }
              : e,
          ),
          options,
        );
      return store;
    };
    const run = checkLifecycle({ store: skewing, numRuns: 5 });
    await expect(run).rejects.toThrow(/handlingDueAt|handling due/);
  }, 60_000);
});
