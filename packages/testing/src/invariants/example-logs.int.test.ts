import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  computeMetrics,
  definePolicy,
  type EventEnvelope,
  nationalPolicy,
  petitionFactsProjection,
  readLogFile,
} from "@petitio/core";
import { describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../../core/test/worked-example.js";
import { dueTimesMatchPolicy } from "./due-times.js";
import { checkLog, requestsWithinLegalWindows } from "./log-invariants.js";
import { metricBounds } from "./metric-bounds.js";
import { rebuildEqualsIncremental, sameLogSameResultAsync } from "./replay-invariants.js";

/**
 * The worked examples committed with core's tests (docs/log-format.md): a lawful
 * sample log, and the same log with one review requested too late on line 66.
 */
const examples = writeWorkedExamples(mkdtempSync(join(tmpdir(), "petitio-invariants-")));

const load = async (which: "sample" | "lateReview"): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  for await (const event of readLogFile(examples[which])) events.push(event);
  return events;
};

describe("invariants on the worked example logs", () => {
  it("hold on the lawful sample log", async () => {
    const events = await load("sample");
    expect(events.length).toBe(7616);
    expect(checkLog(events)).toEqual([]);
  });

  it("give the same metrics twice, within bounds, and rebuild = incremental", async () => {
    const events = await load("sample");
    const options = {
      asOf: "2018-03-31T23:59:59+08:00",
      from: "2017-07-01T00:00:00+08:00",
      to: "2018-01-01T00:00:00+08:00",
    };
    for (const by of [undefined, "org", "month"] as const) {
      const report = await computeMetrics(events, { ...options, by });
      expect(metricBounds(report)).toEqual([]);
    }
    const metrics = (log: readonly EventEnvelope[]) =>
      computeMetrics(log, { ...options, by: "org" });
    expect(await sameLogSameResultAsync("computeMetrics", events, metrics)).toEqual([]);
    expect(rebuildEqualsIncremental(petitionFactsProjection, events)).toEqual([]);
  });

  it("store due times of the national limits, counted without moving a last rest day", async () => {
    const events = await load("sample");
    // The sample's generator counts plain calendar days (no Civil Code Art. 203 move).
    const plainDays = definePolicy(nationalPolicy, { lastDayRule: "none" });
    expect(dueTimesMatchPolicy(plainDays)(events)).toEqual([]);
    // Under the default rule some last days fall on a rest day and move: the check sees it.
    const moved = dueTimesMatchPolicy(nationalPolicy)(events);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((v) => /DueAt is .* but cn-national-w22 gives/.test(v.message))).toBe(true);
  });

  it("name line 66 of the log with a late review request", async () => {
    const events = await load("lateReview");
    const violations = requestsWithinLegalWindows(events);
    expect(violations).toHaveLength(1);
    // positions are 1-based and dense in this file, so index + 1 is the line
    expect(violations[0]?.index).toBe(65);
    expect(violations[0]?.message).toContain("W22 Art. 35");
  });
});
