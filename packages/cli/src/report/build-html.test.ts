import { DEFAULT_TIME_ZONE, type EventEnvelope } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { workedExampleText } from "../../../core/test/worked-example.js";
import type { TimeOptions } from "../cli/time-options.js";
import { ReportAggregator } from "./aggregate.js";
import { buildHtmlReport, htmlReportFromAggregate } from "./build-html.js";
import { PetitionEventTypes } from "./rate-evidence.js";

const TIME: TimeOptions = {
  timeZone: DEFAULT_TIME_ZONE,
  asOf: "2018-03-31T23:59:59+08:00",
  from: "2017-07-01T00:00:00+08:00",
  to: "2018-01-01T00:00:00+08:00",
};
const events = (keep: (e: EventEnvelope) => boolean = () => true): EventEnvelope[] =>
  workedExampleText()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as EventEnvelope)
    .filter(keep);

/** The chart renderer numbers its CSS classes per process (zr1-cls-4, zr5-cls-19): not part of what is compared. */
const withoutChartIds = (html: string): string => html.replace(/zr\d+(-cls-\d+)?/g, "zr");

/** The same report from each fold's own unclassified entry point. */
const unclassified = async (log: EventEnvelope[]): Promise<string> => {
  const aggregator = new ReportAggregator(TIME);
  const types = new PetitionEventTypes();
  for (const e of log) {
    aggregator.push(e);
    types.push(e);
  }
  return withoutChartIds(
    await htmlReportFromAggregate(aggregator.result(), "worked example", TIME, {
      notRecorded: types.notRecorded(),
    }),
  );
};

describe("buildHtmlReport", () => {
  it("equals the report folded without the shared classification, on the worked example", async () => {
    const log = events();
    const html = withoutChartIds(await buildHtmlReport(log, "worked example", TIME));
    expect(html).toBe(await unclassified(log));
    expect(html).not.toContain("not recorded in this log");
  });

  it("marks a rate whose evidence the log lacks, the same as the unclassified folds", async () => {
    const log = events((e) => e.type !== "SatisfactionEvaluated");
    const html = withoutChartIds(await buildHtmlReport(log, "worked example", TIME));
    expect(html).toBe(await unclassified(log));
    expect(html).toContain("no SatisfactionEvaluated event");
  });
});
