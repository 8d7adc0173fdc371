import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, describe, expect, it } from "vitest";
import {
  chartTransitions,
  formatCoverage,
  TransitionCoverage,
} from "../chart-coverage/transitions.js";
import { walkChart } from "./chart-walk.js";
import { checkLifecycle, propertyRuns } from "./lifecycle-check.js";
import type { SteppingClock } from "./run-step.js";

/** The same checks on real SQLite files, one fresh file per run. */
const dir = mkdtempSync(join(tmpdir(), "petitio-lifecycle-"));
let files = 0;
const sqliteStore = (clock: SteppingClock) =>
  openSqliteStore(join(dir, `run-${++files}.db`), { clock, synchronous: "NORMAL" });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("lifecycle checks on the SQLite store", () => {
  it("random runs agree with the model; with the chart walk every transition is reached", async () => {
    const coverage = new TransitionCoverage();
    // Fewer runs than in memory by default: each run is a new database file.
    const result = await checkLifecycle({
      store: sqliteStore,
      coverage,
      numRuns: propertyRuns(10),
    });
    expect(result.steps.recorded).toBeGreaterThan(100);
    await walkChart({ store: sqliteStore, coverage });
    const report = coverage.report();
    // The full report, transition by transition: PETITIO_PRINT_COVERAGE=1 (or printed on a miss).
    if (process.env.PETITIO_PRINT_COVERAGE || report.missed.length > 0) {
      console.log(formatCoverage(report));
    }
    expect(report.outsideChart).toEqual([]);
    expect(report.missed).toEqual([]);
    expect(report.reached).toHaveLength(chartTransitions().length);
    expect(files).toBe(result.runs + 1);
  }, 120_000);
});
