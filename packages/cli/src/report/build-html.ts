import {
  type EventEnvelope,
  type GroupBy,
  type HotTopicsReport,
  hotTopicsFromFacts,
  type MetricsOptions,
  metricsFromFacts,
  overdueFromFacts,
  resolveMetricsOptions,
} from "@petitio/core";
import { EventClassifier } from "@petitio/core/adapter";
import type { TimeOptions } from "../cli/time-options.js";
import type { SynthesizedSummary } from "../input/synthesized-tally.js";
import { type ReportAggregate, ReportAggregator } from "./aggregate.js";
import { loadCharts } from "./charts.js";
import { DEFAULT_MIN_SAMPLE, renderHtmlReport } from "./html-report.js";
import { continuousMonths, lastCompleteMonth } from "./months.js";
import { type NotRecorded, PetitionEventTypes } from "./rate-evidence.js";

export interface HtmlReportOptions {
  resolutionWindowDays?: number;
  reminderWindowDays?: number;
  /** Also a section per group of this key, each with its counts and rates. */
  by?: GroupBy;
  /** Month of the hot topics (`YYYY-MM`); default the last complete month before asOf. */
  month?: string;
  /** Rates over fewer cases than this are marked and not plotted (default 10). */
  minSample?: number;
  /** Which rates rest on synthesized events, asked once the log has been read. */
  synthesized?: () => SynthesizedSummary;
  /** Rates whose evidence the log never records (rate-evidence.ts). */
  notRecorded?: NotRecorded;
  /** More sections, asked once the log has been read and the charts loaded (practice-html.ts). */
  extraSections?: () => string[];
}

/** Representatives asked for per topic, so that three distinct titles can be shown. */
const REPRESENTATIVE_CANDIDATES = 12;
const REPRESENTATIVES_SHOWN = 3;

/** Keep the first petition of each title: duplicates of one complaint say nothing new. */
const distinctRepresentatives = (hot: HotTopicsReport): HotTopicsReport => ({
  ...hot,
  topics: hot.topics.map((t) => {
    const seen = new Set<string>();
    const representatives = t.representatives.filter((r) => {
      const title = r.title.replace(/\s+/g, " ").trim();
      if (seen.has(title)) return false;
      seen.add(title);
      return true;
    });
    return { ...t, representatives: representatives.slice(0, REPRESENTATIVES_SHOWN) };
  }),
});

/**
 * Everything the HTML report shows, from one streaming pass over the log:
 * the events are folded into the petition fact table as they are read, and
 * the metrics (whole, by month, by the chosen group), the overdue view and
 * the hot topics are queries over that table. Memory grows with the number
 * of petitions, not with the length of the log.
 */
export const buildHtmlReport = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  source: string,
  time: TimeOptions,
  options: HtmlReportOptions = {},
): Promise<string> => {
  // Bad options fail before the log is read.
  htmlMetricsOptions(time, options);
  const aggregator = new ReportAggregator(time);
  const types = new PetitionEventTypes();
  // One classification of each event for both folds, as `petitio report` does.
  const classifier = new EventClassifier();
  for await (const e of events) {
    const c = classifier.classify(e);
    aggregator.pushClassified(e, c);
    if (c.petition) types.add(c.code);
  }
  return htmlReportFromAggregate(aggregator.result(), source, time, {
    notRecorded: types.notRecorded(),
    ...options,
  });
};

/** The metrics options of the HTML report; throws on bad ones. */
export const htmlMetricsOptions = (
  time: TimeOptions,
  options: HtmlReportOptions = {},
): MetricsOptions => {
  const { resolutionWindowDays, reminderWindowDays } = options;
  const common: MetricsOptions = {
    ...(time.asOf ? { asOf: time.asOf } : {}),
    ...(time.from ? { from: time.from } : {}),
    ...(time.to ? { to: time.to } : {}),
    timeZone: time.timeZone,
    ...(resolutionWindowDays === undefined ? {} : { resolutionWindowDays }),
    ...(reminderWindowDays === undefined ? {} : { reminderWindowDays }),
  };
  resolveMetricsOptions(common, { lastOccurredAt: null });
  return common;
};

/** The HTML report from a log already folded by a `ReportAggregator`. */
export const htmlReportFromAggregate = async (
  { facts, notices }: ReportAggregate,
  source: string,
  time: TimeOptions,
  options: HtmlReportOptions = {},
): Promise<string> => {
  const {
    by,
    month,
    minSample = DEFAULT_MIN_SAMPLE,
    synthesized,
    notRecorded,
    extraSections,
    ...windows
  } = options;
  const common = htmlMetricsOptions(time, options);
  const chartsLoaded = loadCharts();
  const report = metricsFromFacts(facts, common);
  const byMonth = metricsFromFacts(facts, { ...common, by: "month" });
  const months = continuousMonths(byMonth, time.timeZone);
  const groups =
    by === undefined
      ? undefined
      : by === "month"
        ? months
        : metricsFromFacts(facts, { ...common, by }).groups;
  const overdue = overdueFromFacts(facts, {
    asOf: report.asOf,
    timeZone: time.timeZone,
    ...(windows.reminderWindowDays === undefined
      ? {}
      : { reminderWindowDays: windows.reminderWindowDays }),
  });
  const hotMonth = month ?? lastCompleteMonth(Date.parse(report.asOf), time.timeZone);
  const hotTopics = distinctRepresentatives(
    hotTopicsFromFacts(facts, {
      month: hotMonth,
      timeZone: time.timeZone,
      representatives: REPRESENTATIVE_CANDIDATES,
    }),
  );
  await chartsLoaded;
  return renderHtmlReport({
    source,
    report,
    months,
    overdue,
    notices,
    hotTopics,
    hotTopicsMonthChosen: month !== undefined,
    minSample,
    ...(synthesized ? { synthesized: synthesized() } : {}),
    ...(notRecorded ? { notRecorded } : {}),
    ...(extraSections ? { extraSections: extraSections() } : {}),
    ...(by !== undefined && groups !== undefined ? { groupBy: { by, groups } } : {}),
  });
};
