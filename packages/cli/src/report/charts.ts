import {
  type HotTopicsReport,
  type MetricsGroup,
  type OverdueReport,
  RATE_NAMES,
} from "@petitio/core";
import type * as Echarts from "echarts";
import type { NoticesByOrg } from "./aggregate.js";
import { RATE_COLORS, RATE_LABELS } from "./labels.js";
import type { NotRecorded } from "./rate-evidence.js";

/**
 * Charts rendered to SVG at build time with ECharts' server-side renderer, so
 * the report is one file that fetches nothing when opened.
 */

/**
 * CJK-capable fonts, most common first on Linux, macOS and Windows. Single
 * quotes: ECharts writes the stack inside a double-quoted style attribute.
 */
export const FONT_STACK =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif";

/** A chart: its SVG, and the colours its data are drawn in (the browser test looks for them). */
export interface Chart {
  svg: string;
  seriesColors: string[];
}

let echarts: typeof Echarts | undefined;

/** Load ECharts (about half a second), only when a report needs charts. */
export const loadCharts = async (): Promise<void> => {
  echarts ??= await import("echarts");
};

export const renderSvg = (option: Echarts.EChartsOption, width: number, height: number): string => {
  if (!echarts) throw new Error("call loadCharts() before rendering charts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};

const VOLUME_COLOR = "#3b6ea8";

const monthAxis = (months: readonly MetricsGroup[]): Echarts.XAXisComponentOption => ({
  type: "category",
  data: months.map((g) => g.key),
  axisLabel: { rotate: months.length > 12 ? 45 : 0, hideOverlap: true },
});

/** Petitions registered per month, every month of the axis shown (zero months too). */
export const monthlyVolumeChart = (months: readonly MetricsGroup[]): Chart => ({
  seriesColors: [VOLUME_COLOR],
  svg: renderSvg(
    {
      title: { text: "Monthly volume 月度登记量", left: "center" },
      grid: { left: 50, right: 20, top: 50, bottom: 60 },
      xAxis: monthAxis(months),
      yAxis: { type: "value", name: "registered", minInterval: 1 },
      series: [
        {
          type: "bar",
          name: "registered",
          data: months.map((g) => g.counts.registered),
          itemStyle: { color: VOLUME_COLOR },
        },
      ],
    },
    900,
    340,
  ),
});

/**
 * Each rate per month, in percent. A month whose denominator is below
 * `minSample` is a gap, not a point: 1 of 1 is not "100 %".
 */
export const ratesByMonthChart = (
  months: readonly MetricsGroup[],
  minSample: number,
  notRecorded: NotRecorded = {},
): Chart => {
  // A rate the log never records the evidence of is a default, not a line worth drawing.
  const plotted = RATE_NAMES.filter(
    (n) => notRecorded[n] === undefined && months.some((g) => g.rates[n].denominator >= minSample),
  );
  const unrecorded = RATE_NAMES.filter((n) => notRecorded[n] !== undefined);
  const unplotted =
    unrecorded.length === 0
      ? ""
      : `\nnot recorded in this log, not drawn 未记录不绘制: ${unrecorded.map((n) => RATE_LABELS[n].zh).join(" ")}`;
  // The second subtitle line pushes the legend and the plot down.
  const below = unplotted === "" ? 0 : 16;
  return {
    seriesColors: plotted.map((n) => RATE_COLORS[n]),
    svg: renderSvg(
      {
        title: {
          text: "Rates by month 各项指标（按月）",
          subtext: `months with fewer than ${minSample} cases in a rate are gaps 样本不足${minSample}件的月份不绘制${unplotted}`,
          left: "center",
        },
        legend: { top: 64 + below, data: plotted.map((n) => RATE_LABELS[n].zh) },
        grid: { left: 50, right: 20, top: 110 + below, bottom: 60 },
        xAxis: monthAxis(months),
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: plotted.map((n) => ({
          type: "line" as const,
          name: RATE_LABELS[n].zh,
          connectNulls: false,
          showSymbol: true,
          symbolSize: 4,
          itemStyle: { color: RATE_COLORS[n] },
          lineStyle: { color: RATE_COLORS[n] },
          data: months.map((g) => {
            const r = g.rates[n];
            return r.value === null || r.denominator < minSample
              ? null
              : Math.round(r.value * 1000) / 10;
          }),
        })),
      },
      900,
      410,
    ),
  };
};

interface OrgRow {
  overdue: number;
  dueSoon: number;
  supervisions: number;
  reminders: number;
}

const ORG_SERIES = [
  ["overdue now 当前超期", "#c0392b", (v: OrgRow) => v.overdue],
  ["due soon now 当前临期", "#e6a23c", (v: OrgRow) => v.dueSoon],
  ["督办 issued 已发督办", "#8e44ad", (v: OrgRow) => v.supervisions],
  ["催办 issued 已发催办", "#7f8c8d", (v: OrgRow) => v.reminders],
] as const;

/**
 * Per org: open petitions on the 督办 (overdue) and 催办 (due soon) lists now,
 * and the notices issued over the period (the `limit` orgs with most overdue,
 * then most 督办). Undefined when no org has any.
 */
export const overdueByOrgChart = (
  overdue: OverdueReport,
  notices: NoticesByOrg,
  limit = 15,
): Chart | undefined => {
  const byOrg = new Map<string, OrgRow>();
  const entry = (org: string) => {
    let e = byOrg.get(org);
    if (!e) {
      e = { overdue: 0, dueSoon: 0, supervisions: 0, reminders: 0 };
      byOrg.set(org, e);
    }
    return e;
  };
  for (const item of overdue.supervisionList) entry(item.org).overdue++;
  for (const item of overdue.reminderList) entry(item.org).dueSoon++;
  for (const [org, n] of notices.supervisions) entry(org).supervisions += n;
  for (const [org, n] of notices.reminders) entry(org).reminders += n;
  if (byOrg.size === 0) return undefined;
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
  const shown = ORG_SERIES.filter(([, , value]) => rows.some(([, v]) => value(v) > 0));
  return {
    seriesColors: shown.map(([, color]) => color),
    svg: renderSvg(
      {
        title: { text: "Overdue by org 各单位超期、临期与督办催办", left: "center" },
        legend: { top: 38, data: shown.map(([name]) => name) },
        grid: { left: 200, right: 30, top: 80, bottom: 30 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(([org]) => org || "(none)") },
        series: shown.map(([name, color, value]) => ({
          type: "bar" as const,
          name,
          data: rows.map(([, v]) => value(v)),
          itemStyle: { color },
        })),
      },
      900,
      Math.max(220, 90 + rows.length * 44),
    ),
  };
};

const HOT_COLOR = "#3b6ea8";
const PREVIOUS_COLOR = "#a0b4cc";

/** Topics of one month by count, beside the month before. */
export const hotTopicsChart = (hot: HotTopicsReport): Chart => {
  const rows = [...hot.topics].reverse();
  return {
    seriesColors: [HOT_COLOR],
    svg: renderSvg(
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
            itemStyle: { color: HOT_COLOR },
          },
          {
            type: "bar",
            name: "previous month 上月",
            data: rows.map((t) => t.previousCount),
            itemStyle: { color: PREVIOUS_COLOR },
          },
        ],
      },
      900,
      Math.max(200, 90 + rows.length * 34),
    ),
  };
};
