import {
  type GroupBy,
  type HotTopicsReport,
  type MetricsGroup,
  type MetricsReport,
  type OverdueItem,
  type OverdueReport,
  RATE_NAMES,
  type Rate,
} from "@petitio/core";
import type { SynthesizedSummary } from "../input/synthesized-tally.js";
import type { NoticesByOrg } from "./aggregate.js";
import {
  type Chart,
  FONT_STACK,
  hotTopicsChart,
  monthlyVolumeChart,
  overdueByOrgChart,
  ratesByMonthChart,
} from "./charts.js";
import { COUNT_LABELS, percent, RATE_LABELS } from "./labels.js";
import { NOT_RECORDED, type NotRecorded, notRecordedLines } from "./rate-evidence.js";

/** Rates over fewer cases than this are marked as too few and left out of charts. */
export const DEFAULT_MIN_SAMPLE = 10;

/** Most group sections written; the rest are counted (the CSV output has them all). */
const MAX_GROUP_SECTIONS = 60;
const MAX_LIST_ROWS = 30;

export interface HtmlReportInput {
  /** Shown in the title: the log or store file. */
  source: string;
  report: MetricsReport;
  /** The period's months on a continuous axis (empty months included). */
  months: MetricsGroup[];
  overdue: OverdueReport;
  /** 催办 and 督办 issued per org in the period. */
  notices: NoticesByOrg;
  /** Hot topics of one month (possibly none). */
  hotTopics: HotTopicsReport;
  /** The month was given (--month), rather than the default last complete month. */
  hotTopicsMonthChosen?: boolean;
  minSample: number;
  /** Which rates rest on events an importer synthesized (meta.synthesized). */
  synthesized?: SynthesizedSummary;
  /** Rates whose evidence the log never records: shown as —, with the reason, and not plotted. */
  notRecorded?: NotRecorded;
  /** `--by`: a section per group. */
  groupBy?: { by: GroupBy; groups: MetricsGroup[] };
  /** Sections of other reports over the same log (practice, 12345: practice-html.ts). */
  extraSections?: readonly string[];
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `
body{font-family:${FONT_STACK.replace(/'/g, '"')},system-ui;margin:2rem auto;max-width:980px;color:#222;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
.meta,.note{color:#666;font-size:.9rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{padding:.25rem .7rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.id,td.date,td.key{white-space:nowrap;font-variant-numeric:tabular-nums}
td.few{color:#999;font-style:italic}
td.synthesized{color:#8a6d3b;font-size:.8rem}tr.rests-on-synthesized td:first-child{color:#8a6d3b}
.counts{display:flex;gap:1rem;flex-wrap:wrap}.counts div{background:#f4f6f9;border-radius:6px;padding:.6rem 1rem}
.counts b{display:block;font-size:1.4rem}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
tr.overdue td.id{color:#c0392b}tr.dueSoon td.id{color:#b7791f}
section.group{border-left:3px solid #dde3ea;padding-left:.8rem;margin:1rem 0}
details summary{cursor:pointer;color:#3b6ea8}
`;

export const table = (head: readonly string[], rows: readonly string[]): string =>
  `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join(
    "",
  )}</tbody></table></div>`;

export const figure = (name: string, chart: Chart): string =>
  `<figure data-chart="${name}" data-series-colors="${chart.seriesColors.join(" ")}">${chart.svg}</figure>`;

/**
 * A rate's value beside its sample, marked when the sample is below the
 * minimum; — with the reason (`notRecorded`) when the log never records its evidence.
 */
export const rateCell = (r: Rate, minSample: number, notRecorded?: string): string => {
  if (notRecorded !== undefined) {
    const sample = r.denominator === 0 ? "" : `${r.numerator}/${r.denominator}, `;
    return `<td class="n few unrecorded" title="${escapeHtml(notRecorded)}">— (${sample}${NOT_RECORDED})</td>`;
  }
  if (r.denominator === 0) return `<td class="n few" title="no cases">—</td>`;
  const sample = `${r.numerator}/${r.denominator}`;
  if (r.denominator < minSample) {
    return `<td class="n few" title="fewer than ${minSample} cases">${percent(r.value)} (${sample})†</td>`;
  }
  return `<td class="n">${percent(r.value)} (${sample})</td>`;
};

const fewNote = (minSample: number): string =>
  `<p class="note">Each rate is shown as value (numerator/denominator). † fewer than ${minSample} cases: too few to compare, and left out of the charts. 样本不足${minSample}件的比率以 † 标出，图中不绘制。</p>`;

const countsBlock = (r: Pick<MetricsGroup, "counts">): string =>
  `<div class="counts">${Object.entries(r.counts)
    .map(([k, v]) => `<div><b>${v}</b>${escapeHtml(COUNT_LABELS[k] ?? k)}</div>`)
    .join("")}</div>`;

const ratesTable = (
  g: Pick<MetricsGroup, "rates">,
  minSample: number,
  notRecorded: NotRecorded,
  synthesized?: SynthesizedSummary,
): string =>
  table(
    [
      "rate 指标",
      "value (numerator/denominator)",
      ...(synthesized ? ["rests on synthesized events 依赖合成事件"] : []),
    ],
    RATE_NAMES.map((n) => {
      const inputs = synthesized?.rates[n];
      const provenance = !synthesized
        ? ""
        : inputs
          ? `<td class="synthesized">${Object.entries(inputs)
              .map(
                ([type, s]) =>
                  `${escapeHtml(type)} ${s.synthesized}/${s.total}${s.synthesized === s.total ? " (all 全部)" : ""}`,
              )
              .join("<br>")}</td>`
          : "<td></td>";
      return `<tr${inputs ? ' class="rests-on-synthesized"' : ""}><td>${RATE_LABELS[n].zh} ${RATE_LABELS[n].en}${
        inputs ? " ‡" : ""
      }</td>${rateCell(g.rates[n], minSample, notRecorded[n])}${provenance}</tr>`;
    }),
  );

const synthesizedNote = (s: SynthesizedSummary | undefined): string =>
  s && Object.keys(s.rates).length > 0
    ? `<p class="note">‡ rests on events the importer synthesized (${s.events} events marked meta.synthesized): the rate reflects the importer's assumptions, not the source's record. ‡ 该指标依赖导入时合成的事件，反映导入假设而非原始记录。</p>`
    : "";

/** `— 参评率: not recorded in this log (…)` notes, or nothing. */
const notRecordedNote = (report: MetricsReport, notRecorded: NotRecorded): string =>
  notRecordedLines(report, notRecorded)
    .map((line) => `<p class="note">${escapeHtml(line)}</p>`)
    .join("");

/** One row per group: its counts and every rate with its sample. */
const groupsTable = (
  groups: readonly MetricsGroup[],
  minSample: number,
  keyHeader: string,
  notRecorded: NotRecorded,
): string =>
  table(
    [
      keyHeader,
      ...Object.keys(groups[0]?.counts ?? {}).map((k) => escapeHtml(COUNT_LABELS[k] ?? k)),
      ...RATE_NAMES.map((n) => RATE_LABELS[n].zh),
    ],
    groups.map(
      (g) =>
        `<tr><td class="key">${escapeHtml(g.key || "(none)")}</td>${Object.values(g.counts)
          .map((v) => `<td class="n">${v}</td>`)
          .join(
            "",
          )}${RATE_NAMES.map((n) => rateCell(g.rates[n], minSample, notRecorded[n])).join("")}</tr>`,
    ),
  );

const overdueTable = (items: readonly OverdueItem[]): string =>
  `${table(
    ["petition", "org", "stage", "due", "days", "督办", "title"],
    items
      .slice(0, MAX_LIST_ROWS)
      .map(
        (i) =>
          `<tr class="${i.status}"><td class="id">${escapeHtml(i.petitionId)}</td><td>${escapeHtml(i.org)}</td><td>${
            i.stage
          }</td><td class="date">${escapeHtml(i.dueAt)}</td><td class="n">${i.daysLeft}</td><td class="n">${
            i.maxSupervisionLevel || ""
          }</td><td class="text">${escapeHtml(i.title.slice(0, 40))}</td></tr>`,
      ),
  )}${items.length > MAX_LIST_ROWS ? `<p class="meta">… and ${items.length - MAX_LIST_ROWS} more</p>` : ""}`;

const hotTopicsSection = (hot: HotTopicsReport, chosen: boolean, asOf: string): string[] => {
  const why = chosen
    ? "the month asked for (--month)"
    : `the last complete month before ${escapeHtml(asOf)}; choose another with --month YYYY-MM`;
  const head = [
    `<h2>Hot topics 每月一题 — ${escapeHtml(hot.month)}</h2>`,
    `<p class="meta">${why}</p>`,
  ];
  if (hot.topics.length === 0) {
    return [
      ...head,
      `<p>(no petitions with a topic were received in ${escapeHtml(hot.month)})</p>`,
    ];
  }
  return [
    ...head,
    figure("hot-topics", hotTopicsChart(hot)),
    table(
      ["topic 主题", "count", "previous", "growth", "representative petitions 代表件"],
      hot.topics.map(
        (t) =>
          `<tr><td class="key">${escapeHtml(t.topic)}</td><td class="n">${t.count}</td><td class="n">${
            t.previousCount
          }</td><td class="n">${percent(t.growth)}</td><td class="text">${t.representatives
            .map(
              (r) => `<span class="id">${escapeHtml(r.petitionId)}</span> ${escapeHtml(r.title)}`,
            )
            .join("<br>")}</td></tr>`,
      ),
    ),
  ];
};

const GROUP_NAMES: Record<GroupBy, string> = {
  org: "org 单位",
  category: "category 类别",
  topic: "topic 主题",
  month: "month 月份",
};

/** `--by`: a comparison table, then a section per group (the largest first, months in order). */
const groupSections = (
  by: GroupBy,
  groups: readonly MetricsGroup[],
  minSample: number,
  notRecorded: NotRecorded,
): string[] => {
  const ordered =
    by === "month"
      ? [...groups]
      : [...groups].sort(
          (a, b) => b.counts.registered - a.counts.registered || (a.key < b.key ? -1 : 1),
        );
  const shown = ordered.slice(0, MAX_GROUP_SECTIONS);
  return [
    `<h2 id="by-${by}">By ${GROUP_NAMES[by]} (${groups.length})</h2>`,
    groupsTable(ordered, minSample, GROUP_NAMES[by], notRecorded),
    ...shown.map(
      (g) =>
        `<section class="group" data-group="${escapeHtml(g.key)}"><h3>${escapeHtml(g.key || "(none)")}</h3>${countsBlock(
          g,
        )}${ratesTable(g, minSample, notRecorded)}</section>`,
    ),
    ordered.length > shown.length
      ? `<p class="meta">… and ${ordered.length - shown.length} more groups in the table above (all of them: --format csv)</p>`
      : "",
  ];
};

/** One self-contained HTML page: inline CSS, inline SVG charts, no scripts, nothing fetched. */
export const renderHtmlReport = (input: HtmlReportInput): string => {
  const { report, months, overdue, hotTopics, notices, minSample } = input;
  const notRecorded = input.notRecorded ?? {};
  const period =
    report.from === null && report.to === null
      ? "all time 全部"
      : `${report.from ?? "…"} — ${report.to ?? "…"}`;
  const orgChart = overdueByOrgChart(overdue, notices);
  const sections = [
    `<h1>Petitio report 信访与诉求办理报告</h1>`,
    `<p class="meta">${escapeHtml(input.source)} · as of <span class="date">${escapeHtml(report.asOf)}</span> · period ${escapeHtml(period)}</p>`,
    countsBlock(report),
    `<h2>Rates 指标</h2>`,
    ratesTable(report, minSample, notRecorded, input.synthesized),
    notRecordedNote(report, notRecorded),
    synthesizedNote(input.synthesized),
    fewNote(minSample),
  ];
  if (months.length > 0) {
    sections.push(
      `<h2>Monthly volume 月度登记量</h2>`,
      figure("monthly-volume", monthlyVolumeChart(months)),
      `<h2>Rates by month 各月指标</h2>`,
      figure("rates-by-month", ratesByMonthChart(months, minSample, notRecorded)),
      `<details><summary>per-month numbers 各月明细 (${months.length} months)</summary>${groupsTable(
        months,
        minSample,
        "month 月份",
        notRecorded,
      )}</details>`,
    );
  }
  sections.push(
    `<h2>Overdue by org 超期与临期（督办、催办）</h2>`,
    orgChart
      ? figure("overdue-by-org", orgChart)
      : `<p>(no org has overdue or due-soon petitions, or notices)</p>`,
    `<h3>督办 supervision list — overdue as of ${escapeHtml(overdue.asOf)} (${overdue.supervisionList.length})</h3>${
      overdue.supervisionList.length ? overdueTable(overdue.supervisionList) : "<p>(none)</p>"
    }`,
    `<h3>催办 reminder list — due soon (${overdue.reminderList.length})</h3>${
      overdue.reminderList.length ? overdueTable(overdue.reminderList) : "<p>(none)</p>"
    }`,
    ...hotTopicsSection(hotTopics, input.hotTopicsMonthChosen ?? false, report.asOf),
  );
  if (input.groupBy)
    sections.push(...groupSections(input.groupBy.by, input.groupBy.groups, minSample, notRecorded));
  sections.push(...(input.extraSections ?? []));
  sections.push(
    `<p class="meta">Formulas: docs/metrics.md; due times are the ones stored in the log. Generated by petitio.</p>`,
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Petitio report — ${escapeHtml(input.source)}</title><style>${CSS}</style></head>
<body>
${sections.join("\n")}
</body></html>
`;
};
