import {
  computeHotTopics,
  computeMetrics,
  computeOverdue,
  type EventEnvelope,
} from "@petitio/core";
import type { TimeOptions } from "../cli/time-options.js";
import { loadCharts } from "./charts.js";
import { renderHtmlReport } from "./html-report.js";

/**
 * Compute everything the HTML report shows from one in-memory log: the metrics
 * (whole and by month), the overdue view at asOf, and the hot topics of the
 * latest month that has petitions.
 */
export const buildHtmlReport = async (
  events: readonly EventEnvelope[],
  source: string,
  time: TimeOptions,
  options: { resolutionWindowDays?: number; reminderWindowDays?: number } = {},
): Promise<string> => {
  const common = {
    ...(time.asOf ? { asOf: time.asOf } : {}),
    ...(time.from ? { from: time.from } : {}),
    ...(time.to ? { to: time.to } : {}),
    timeZone: time.timeZone,
    ...options,
  };
  const report = await computeMetrics(events, common);
  const byMonth = await computeMetrics(events, { ...common, by: "month" });
  const overdue = await computeOverdue(events, {
    asOf: report.asOf,
    timeZone: time.timeZone,
    ...(options.reminderWindowDays === undefined
      ? {}
      : { reminderWindowDays: options.reminderWindowDays }),
  });
  const latest = [...byMonth.groups].reverse().find((g) => g.counts.registered > 0)?.key;
  const hotTopics =
    latest === undefined
      ? undefined
      : await computeHotTopics(events, {
          month: latest,
          timeZone: time.timeZone,
          asOf: report.asOf,
        });
  await loadCharts();
  return renderHtmlReport({
    source,
    report,
    byMonth,
    overdue,
    ...(hotTopics ? { hotTopics } : {}),
  });
};
