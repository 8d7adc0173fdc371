import {
  type HotTopicsReport,
  type MetricsReport,
  type OverdueReport,
  RATE_NAMES,
} from "@petitio/core";
import type * as Echarts from "echarts";
import { RATE_LABELS } from "./labels.js";

/**
 * Charts rendered to SVG at build time with ECharts' server-side renderer, so
 * the report is one file that fetches nothing when opened.
 */

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

let echarts: typeof Echarts | undefined;

/** Load ECharts (about half a second), only when a report needs charts. */
export const loadCharts = async (): Promise<void> => {
  echarts ??= await import("echarts");
};

export const renderSvg = (option: Echarts.EChartsOption, width: number, height: number): string => {
  if (!echarts) throw new Error("call loadCharts() before rendering charts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};

/** Petitions registered per month (groups of a report made with by = "month"). */
export const monthlyVolumeChart = (byMonth: MetricsReport): string =>
  renderSvg(
    {
      title: { text: "Monthly volume 月度登记量", left: "center" },
      tooltip: {},
      grid: { left: 50, right: 20, top: 50, bottom: 60 },
      xAxis: {
        type: "category",
        data: byMonth.groups.map((g) => g.key),
        axisLabel: { rotate: byMonth.groups.length > 12 ? 45 : 0 },
      },
      yAxis: { type: "value", name: "registered" },
      series: [
        {
          type: "bar",
          name: "registered",
          data: byMonth.groups.map((g) => g.counts.registered),
          itemStyle: { color: "#3b6ea8" },
        },
      ],
    },
    900,
    340,
  );

/** Each rate's value per month, in percent; months with no denominator are gaps. */
export const ratesByMonthChart = (byMonth: MetricsReport): string =>
  renderSvg(
    {
      title: { text: "Rates by month 各项指标（按月）", left: "center" },
      legend: { top: 38, data: RATE_NAMES.map((n) => RATE_LABELS[n].zh) },
      grid: { left: 50, right: 20, top: 90, bottom: 60 },
      xAxis: {
        type: "category",
        data: byMonth.groups.map((g) => g.key),
        axisLabel: { rotate: byMonth.groups.length > 12 ? 45 : 0 },
      },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: RATE_NAMES.map((n) => ({
        type: "line" as const,
        name: RATE_LABELS[n].zh,
        connectNulls: false,
        data: byMonth.groups.map((g) => {
          const v = g.rates[n].value;
          return v === null ? null : Math.round(v * 1000) / 10;
        }),
      })),
    },
    900,
    380,
  );

/** Notices issued per org over the report's period (from the log's ReminderIssued / SupervisionIssued). */
export interface NoticesByOrg {
  reminders: Map<string, number>;
  supervisions: Map<string, number>;
}

/**
 * Per org: open petitions overdue and due soon now, and the 督办 / 催办 notices
 * issued over the period (the 15 orgs with most overdue, then most 督办).
 */
export const overdueByOrgChart = (
  overdue: OverdueReport,
  notices: NoticesByOrg,
  limit = 15,
): string => {
  const byOrg = new Map<
    string,
    { overdue: number; dueSoon: number; supervisions: number; reminders: number }
  >();
  const entry = (org: string) => {
    let e = byOrg.get(org);
    if (!e) {
      e = { overdue: 0, dueSoon: 0, supervisions: 0, reminders: 0 };
      byOrg.set(org, e);
    }
    return e;
  };
  for (const item of overdue.items) {
    if (item.status === "overdue") entry(item.org).overdue++;
    else if (item.status === "dueSoon") entry(item.org).dueSoon++;
  }
  for (const [org, n] of notices.supervisions) entry(org).supervisions += n;
  for (const [org, n] of notices.reminders) entry(org).reminders += n;
  const rows = [...byOrg.entries()]
    .sort(
      (a, b) =>
        b[1].overdue - a[1].overdue ||
        b[1].supervisions - a[1].supervisions ||
        b[1].dueSoon - a[1].dueSoon ||
        (a[0] < b[0] ? -1 : 1),
    )
    .slice(0, limit)
    .reverse();
  const series = [
    ["overdue now 当前超期", "#c0392b", (v: (typeof rows)[number][1]) => v.overdue],
    ["due soon now 当前临期", "#e6a23c", (v: (typeof rows)[number][1]) => v.dueSoon],
    ["督办 issued 已发督办", "#8e44ad", (v: (typeof rows)[number][1]) => v.supervisions],
    ["催办 issued 已发催办", "#95a5a6", (v: (typeof rows)[number][1]) => v.reminders],
  ] as const;
  return renderSvg(
    {
      title: { text: "Overdue by org 各单位超期、临期与督办催办", left: "center" },
      legend: { top: 38, data: series.map(([name]) => name) },
      grid: { left: 200, right: 30, top: 80, bottom: 30 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(([org]) => org) },
      series: series.map(([name, color, value]) => ({
        type: "bar" as const,
        name,
        data: rows.map(([, v]) => value(v)),
        itemStyle: { color },
      })),
    },
    900,
    Math.max(220, 90 + rows.length * 44),
  );
};

/** Topics of one month by count, beside the month before. */
export const hotTopicsChart = (hot: HotTopicsReport): string => {
  const rows = [...hot.topics].reverse();
  return renderSvg(
    {
      title: { text: `Hot topics ${hot.month} 每月一题`, left: "center" },
      legend: { top: 38, data: [hot.month, "previous month 上月"] },
      grid: { left: 180, right: 30, top: 80, bottom: 30 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map((t) => t.topic) },
      series: [
        {
          type: "bar",
          name: hot.month,
          data: rows.map((t) => t.count),
          itemStyle: { color: "#3b6ea8" },
        },
        {
          type: "bar",
          name: "previous month 上月",
          data: rows.map((t) => t.previousCount),
          itemStyle: { color: "#a0b4cc" },
        },
      ],
    },
    900,
    Math.max(200, 90 + rows.length * 34),
  );
};
