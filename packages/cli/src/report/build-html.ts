import {
  computeHotTopics,
  computeMetrics,
  computeOverdue,
  type EventEnvelope,
  type MetricsReport,
} from "@petitio/core";
import type { TimeOptions } from "../cli/time-options.js";
import { loadCharts, type NoticesByOrg } from "./charts.js";
import { renderHtmlReport } from "./html-report.js";

/**
 * 催办 and 督办 issued in the report's period (and by its asOf), counted for the
 * org the petition was routed to at the time (else the registering org).
 */
const noticesByOrg = (events: readonly EventEnvelope[], report: MetricsReport): NoticesByOrg => {
  const asOf = Date.parse(report.asOf);
  const from = report.from === null ? Number.NEGATIVE_INFINITY : Date.parse(report.from);
  const to = report.to === null ? Number.POSITIVE_INFINITY : Date.parse(report.to);
  const orgOf = new Map<string, string>();
  const result: NoticesByOrg = { reminders: new Map(), supervisions: new Map() };
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (at > asOf) continue;
    if (e.type === "PetitionRegistered" && !orgOf.has(e.streamId)) {
      orgOf.set(e.streamId, String(e.data.registeredBy));
    } else if (e.type === "PetitionRouted") {
      orgOf.set(e.streamId, String(e.data.toOrg));
    } else if (
      (e.type === "ReminderIssued" || e.type === "SupervisionIssued") &&
      at >= from &&
      at < to
    ) {
      const counts = e.type === "ReminderIssued" ? result.reminders : result.supervisions;
      const org = orgOf.get(e.streamId) ?? "";
      counts.set(org, (counts.get(org) ?? 0) + 1);
    }
  }
  return result;
};

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
    notices: noticesByOrg(events, report),
    ...(hotTopics ? { hotTopics } : {}),
  });
};
