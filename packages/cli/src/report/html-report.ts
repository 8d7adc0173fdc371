import {
  type HotTopicsReport,
  type MetricsReport,
  type OverdueItem,
  type OverdueReport,
  RATE_NAMES,
} from "@petitio/core";
import {
  hotTopicsChart,
  monthlyVolumeChart,
  type NoticesByOrg,
  overdueByOrgChart,
  ratesByMonthChart,
} from "./charts.js";
import { percent, RATE_LABELS } from "./labels.js";

export interface HtmlReportInput {
  /** Shown in the title: the log or store file. */
  source: string;
  report: MetricsReport;
  /** The same period grouped by month. */
  byMonth: MetricsReport;
  overdue: OverdueReport;
  /** 催办 and 督办 issued per org in the period. */
  notices: NoticesByOrg;
  /** Hot topics of the latest month with petitions, if any. */
  hotTopics?: HotTopicsReport;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.meta{color:#666;font-size:.9rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{padding:.25rem .7rem;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.counts{display:flex;gap:1rem;flex-wrap:wrap}.counts div{background:#f4f6f9;border-radius:6px;padding:.6rem 1rem}
.counts b{display:block;font-size:1.4rem}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
.overdue{color:#c0392b}.dueSoon{color:#b7791f}
`;

const countsBlock = (r: MetricsReport): string => {
  const c = r.counts;
  const cell = (label: string, value: number) => `<div><b>${value}</b>${label}</div>`;
  return `<div class="counts">${cell("registered 登记", c.registered)}${cell("open 在办", c.open)}${cell(
    "overdue 超期",
    c.overdue,
  )}${cell("due soon 临期", c.dueSoon)}</div>`;
};

const ratesTable = (r: MetricsReport): string =>
  `<table><thead><tr><th>rate 指标</th><th>numerator</th><th>denominator</th><th>value</th></tr></thead><tbody>${RATE_NAMES.map(
    (n) =>
      `<tr><td>${RATE_LABELS[n].zh} ${RATE_LABELS[n].en}</td><td class="n">${r.rates[n].numerator}</td><td class="n">${
        r.rates[n].denominator
      }</td><td class="n">${percent(r.rates[n].value)}</td></tr>`,
  ).join("")}</tbody></table>`;

const overdueTable = (items: readonly OverdueItem[], limit: number): string =>
  `<table><thead><tr><th>petition</th><th>org</th><th>stage</th><th>due</th><th>days</th><th>督办</th><th>title</th></tr></thead><tbody>${items
    .slice(0, limit)
    .map(
      (i) =>
        `<tr class="${i.status}"><td>${escapeHtml(i.petitionId)}</td><td>${escapeHtml(i.org)}</td><td>${i.stage}</td><td>${escapeHtml(
          i.dueAt,
        )}</td><td class="n">${i.daysLeft}</td><td class="n">${i.maxSupervisionLevel || ""}</td><td>${escapeHtml(
          i.title.slice(0, 40),
        )}</td></tr>`,
    )
    .join(
      "",
    )}</tbody></table>${items.length > limit ? `<p class="meta">… and ${items.length - limit} more</p>` : ""}`;

const hotTopicsTable = (hot: HotTopicsReport): string =>
  `<table><thead><tr><th>topic 主题</th><th>count</th><th>previous</th><th>growth</th><th>representative petitions 代表件</th></tr></thead><tbody>${hot.topics
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.topic)}</td><td class="n">${t.count}</td><td class="n">${t.previousCount}</td><td class="n">${percent(
          t.growth,
        )}</td><td>${t.representatives.map((r) => escapeHtml(r.title)).join("<br>")}</td></tr>`,
    )
    .join("")}</tbody></table>`;

/** One self-contained HTML page: inline CSS, inline SVG charts, no scripts, nothing fetched. */
export const renderHtmlReport = (input: HtmlReportInput): string => {
  const { report, byMonth, overdue, hotTopics, notices } = input;
  const period =
    report.from === null && report.to === null
      ? "all time 全部"
      : `${report.from ?? "…"} — ${report.to ?? "…"}`;
  const sections = [
    `<h1>Petitio report 信访与诉求办理报告</h1>`,
    `<p class="meta">${escapeHtml(input.source)} · as of ${escapeHtml(report.asOf)} · period ${escapeHtml(period)}</p>`,
    countsBlock(report),
    `<h2>Rates 指标</h2>`,
    ratesTable(report),
    `<h2>Monthly volume 月度登记量</h2>`,
    `<figure>${monthlyVolumeChart(byMonth)}</figure>`,
    `<h2>Rates by month 各月指标</h2>`,
    `<figure>${ratesByMonthChart(byMonth)}</figure>`,
    `<h2>Overdue by org 超期与临期（督办、催办）</h2>`,
    `<figure>${overdueByOrgChart(overdue, notices)}</figure>`,
    `<h3>督办 supervision list — overdue as of ${escapeHtml(overdue.asOf)} (${overdue.supervisionList.length})</h3>${
      overdue.supervisionList.length ? overdueTable(overdue.supervisionList, 30) : "<p>(none)</p>"
    }`,
    `<h3>催办 reminder list — due soon (${overdue.reminderList.length})</h3>${
      overdue.reminderList.length ? overdueTable(overdue.reminderList, 30) : "<p>(none)</p>"
    }`,
  ];
  if (hotTopics && hotTopics.topics.length > 0) {
    sections.push(
      `<h2>Hot topics 每月一题 — ${escapeHtml(hotTopics.month)}</h2>`,
      `<figure>${hotTopicsChart(hotTopics)}</figure>`,
      hotTopicsTable(hotTopics),
    );
  }
  sections.push(
    `<p class="meta">Formulas: LOG-FORMAT.md “Metrics over a log”; due times are the ones stored in the log. Generated by petitio.</p>`,
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Petitio report — ${escapeHtml(input.source)}</title><style>${CSS}</style></head>
<body>
${sections.join("\n")}
</body></html>
`;
};
