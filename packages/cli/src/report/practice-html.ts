import type { HotlineRates, MonthlyTopicReport, PracticeReport, Rate } from "@petitio/core";
import { renderSvg } from "./charts.js";
import { escapeHtml, figure, rateCell, table } from "./html-report.js";
import { type PracticeSections, unrecordedReason } from "./practice-tap.js";
import {
  HOTLINE_RATE_LABELS,
  HOTLINE_RATE_NAMES,
  LEVEL_LABELS,
  REQUEST_TYPE_LABELS,
  sample,
  synthesizedLines,
  unrecordedLines,
} from "./practice-text.js";

const BEFORE_COLOR = "#c62828";
const AFTER_COLOR = "#2e7d32";

/** A rate the log has no evidence for is — with its reason, not 0 %. */
const hotlineRateCell = (r: Rate, minSample: number): string =>
  rateCell(r, minSample, unrecordedReason(r));

const hotlineSection = (
  h: HotlineRates,
  minSample: number,
  synthesized: PracticeSections["hotlineSynthesized"],
): string[] => [
  `<h2 id="hotline">12345 hotline 接诉即办 (${h.tickets} tickets)</h2>`,
  table(
    ["request type 诉求类型", "tickets"],
    Object.entries(h.byRequestType).map(
      ([type, n]) =>
        `<tr><td class="key">${escapeHtml(type)} ${REQUEST_TYPE_LABELS[type] ?? ""}</td><td class="n">${n}</td></tr>`,
    ),
  ),
  table(
    ["rate 指标", "value (numerator/denominator)"],
    HOTLINE_RATE_NAMES.map(
      (n) =>
        `<tr data-rate="${n}"><td>${HOTLINE_RATE_LABELS[n].zh} ${HOTLINE_RATE_LABELS[n].en}${
          synthesized?.[n] ? " ‡" : ""
        }</td>${hotlineRateCell(h[n], minSample)}</tr>`,
    ),
  ),
  ...unrecordedLines(h).map((line) => `<p class="note">${escapeHtml(line)}</p>`),
  ...synthesizedLines(synthesized).map((line) => `<p class="note">${escapeHtml(line)}</p>`),
  `<p class="note">响应率 = signed for by the sign-for due time; 解决率 and 满意率 = of the tickets called back (回访), by the latest call-back; on-time rates judge the latest handling run and its call-back (docs/metrics.md).</p>`,
];

/** Petitions on the topic in the months before the cycle and the months after it. */
const beforeAfterChart = (cycles: readonly MonthlyTopicReport[]) => ({
  seriesColors: [BEFORE_COLOR, AFTER_COLOR],
  svg: renderSvg(
    {
      title: { text: "每月一题: volume before and after 治理前后诉求量", left: "center" },
      legend: { top: 28 },
      grid: { top: 64, left: 48, right: 16, bottom: 48 },
      xAxis: { type: "category", data: cycles.map((c) => `${c.month} ${c.topic}`) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          name: "before 治理前",
          type: "bar",
          color: BEFORE_COLOR,
          data: cycles.map((c) => c.before.count),
        },
        {
          name: "after 治理后",
          type: "bar",
          color: AFTER_COLOR,
          data: cycles.map((c) => (c.after.months.length === 0 ? null : c.after.count)),
        },
      ],
    },
    760,
    320,
  ),
});

const monthlyTopicSection = (cycles: readonly MonthlyTopicReport[]): string[] => [
  `<h2 id="monthly-topic">每月一题 monthly topic (${cycles.length} cycles)</h2>`,
  `<p class="meta">A month's topic taken up as governance: a lead unit, rectification tasks with deadlines, and the topic's volume in the months up to the cycle's month against the complete months after it closed (未诉先办).</p>`,
  ...(cycles.length > 0 ? [figure("monthly-topic", beforeAfterChart(cycles))] : []),
  table(
    [
      "month",
      "topic 主题",
      "lead org 牵头单位",
      "tasks done 完成/任务",
      "overdue 超期",
      "closed 结项",
      "before 治理前",
      "after 治理后",
    ],
    cycles.map(
      (c) =>
        `<tr data-cycle="${escapeHtml(c.cycleId)}"><td class="date">${escapeHtml(c.month)}</td><td class="key">${escapeHtml(
          c.topic,
        )}</td><td>${escapeHtml(c.leadOrg)}</td><td class="n">${c.completed}/${c.tasks}</td><td class="n">${
          c.overdue
        }</td><td>${c.closed ? "yes 是" : "no 否"}</td><td class="n">${c.before.count} <span class="meta">${escapeHtml(
          c.before.months.join(" "),
        )}</span></td><td class="n">${
          c.after.months.length === 0
            ? "—"
            : `${c.after.count} <span class="meta">${escapeHtml(c.after.months.join(" "))}</span>`
        }</td></tr>`,
    ),
  ),
];

const practiceSection = (p: PracticeReport, minSample: number): string[] => {
  const s = p.suggestions;
  const levels = Object.entries(p.receptions.byLevel);
  return [
    `<h2 id="suggestions">People's suggestions 人民建议征集 (${s.received})</h2>`,
    table(
      ["rate 指标", "value (numerator/denominator)"],
      [
        `<tr><td>采纳率 adoption</td>${rateCell(s.adoption, minSample)}</tr>`,
        `<tr><td>按期反馈率 feedback on time</td>${rateCell(s.onTimeFeedback, minSample)}</tr>`,
      ],
    ),
    `<p class="meta">median days to feedback ${
      s.medianDaysToFeedback === null ? "—" : s.medianDaysToFeedback.toFixed(1)
    } · rewarded ${s.rewarded}</p>`,
    table(
      ["campaign 征集活动", "title", "kind", "suggestions"],
      s.byCampaign.map(
        (c) =>
          `<tr><td class="key">${escapeHtml(c.campaignId)}</td><td>${escapeHtml(c.title)}</td><td>${escapeHtml(
            c.kind,
          )}</td><td class="n">${c.received}</td></tr>`,
      ),
    ),
    `<h2 id="recommendations">三项建议 recommendations (${p.recommendations.issued} issued)</h2>`,
    `<p>written feedback on time 按期反馈率: ${escapeHtml(sample(p.recommendations.onTimeFeedback))}</p>`,
    table(
      ["org 单位", "open 未办结"],
      Object.entries(p.recommendations.openByOrg).map(
        ([org, n]) => `<tr><td class="key">${escapeHtml(org)}</td><td class="n">${n}</td></tr>`,
      ),
    ),
    ...monthlyTopicSection(p.monthlyTopics),
    `<h2 id="receptions">Leaders' reception 领导接访 and 包案</h2>`,
    `<p>${p.receptions.sessions} sessions, ${p.receptions.people} people received; 包案 ${p.leaderCases.taken} cases, resolved ${escapeHtml(
      sample(p.leaderCases.resolved),
    )}</p>`,
    table(
      ["level 层级", "sessions 场次", "people 人次"],
      levels.map(
        ([level, v]) =>
          `<tr><td class="key">${escapeHtml(level)} ${LEVEL_LABELS[level] ?? ""}</td><td class="n">${v.sessions}</td><td class="n">${v.people}</td></tr>`,
      ),
    ),
    `<h2 id="co-handling">首接负责制 first receiver and co-handling (BJ Art. 14)</h2><p>${p.coHandling.tickets} tickets, ${p.coHandling.orgsAsked} orgs asked; results to the first receiver on time ${escapeHtml(
      sample(p.coHandling.onTimeResults),
    )}</p>`,
  ];
};

/** The practice and 12345 sections of the HTML report (charts must be loaded). */
export const practiceSectionsHtml = (sections: PracticeSections, minSample: number): string[] => [
  ...(sections.hotline
    ? hotlineSection(sections.hotline, minSample, sections.hotlineSynthesized)
    : []),
  ...(sections.practice ? practiceSection(sections.practice, minSample) : []),
];
