import type { HotlineRates, PracticeReport, Rate } from "@petitio/core";
import { renderTable } from "../output/table.js";
import { percent } from "./labels.js";
import { type PracticeSections, unrecordedReason } from "./practice-tap.js";

/** The 12345 rates, with their names as the hotline's assessment uses them (BJ Art. 32). */
export const HOTLINE_RATE_LABELS = {
  response: { en: "response", zh: "响应率" },
  resolution: { en: "resolution", zh: "解决率" },
  satisfaction: { en: "satisfaction", zh: "满意率" },
  onTimeHandling: { en: "on-time handling", zh: "按期办结率" },
  onTimeCallBack: { en: "on-time call-back", zh: "按期回访率" },
  callerContacted: { en: "caller contacted", zh: "联系率" },
} as const satisfies Record<string, { en: string; zh: string }>;
export type HotlineRateName = keyof typeof HOTLINE_RATE_LABELS;
export const HOTLINE_RATE_NAMES = Object.keys(HOTLINE_RATE_LABELS) as HotlineRateName[];

/** 咨询 / 求助 / 投诉 / 举报 / 建议 (BJ Art. 11). */
export const REQUEST_TYPE_LABELS: Record<string, string> = {
  consultation: "咨询",
  help: "求助",
  complaint: "投诉",
  report: "举报",
  suggestion: "建议",
};

export const LEVEL_LABELS: Record<string, string> = {
  province: "省级",
  city: "市级",
  county: "县级",
  township: "乡级",
};

/** `2/3 66.7%`, or `—` on an empty denominator. */
export const sample = (r: Rate): string =>
  r.denominator === 0 ? "—" : `${r.numerator}/${r.denominator} ${percent(r.value)}`;

const rateRows = (rows: readonly [string, Rate][]): string =>
  renderTable<[string, Rate]>(
    [
      { header: "rate", value: ([name]) => name },
      { header: "numerator", value: ([, r]) => String(r.numerator), align: "right" },
      { header: "denominator", value: ([, r]) => String(r.denominator), align: "right" },
      { header: "value", value: ([, r]) => percent(r.value), align: "right" },
    ],
    rows,
  );

export const requestTypeList = (h: HotlineRates): string =>
  Object.entries(h.byRequestType)
    .map(
      ([type, n]) =>
        `${type}${REQUEST_TYPE_LABELS[type] ? ` ${REQUEST_TYPE_LABELS[type]}` : ""} ${n}`,
    )
    .join(", ");

/** `‡ rests on synthesized events: PetitionAccepted 10/10` lines, or nothing. */
export const synthesizedLines = (s: PracticeSections["hotlineSynthesized"]): string[] =>
  Object.entries(s ?? {}).map(
    ([rate, shares]) =>
      `‡ ${HOTLINE_RATE_LABELS[rate as HotlineRateName].zh} rests on events the importer synthesized: ${Object.entries(
        shares,
      )
        .map(([type, share]) => `${type} ${share.synthesized}/${share.total}`)
        .join(", ")}`,
  );

/** `— 联系率: not recorded in this log (no CallerContacted event)` lines, or nothing. */
export const unrecordedLines = (h: HotlineRates): string[] =>
  HOTLINE_RATE_NAMES.flatMap((n) => {
    const reason = unrecordedReason(h[n]);
    return reason === undefined ? [] : [`— ${HOTLINE_RATE_LABELS[n].zh}: ${reason}, not 0 %`];
  });

const hotlineText = (h: HotlineRates, s: PracticeSections["hotlineSynthesized"]): string[] => [
  `12345 hotline 接诉即办: ${h.tickets} tickets (${requestTypeList(h)})${
    h.answeredAtOnce > 0
      ? `; ${h.answeredAtOnce} consultation${h.answeredAtOnce === 1 ? "" : "s"} answered at once`
      : ""
  }`,
  "",
  rateRows(
    HOTLINE_RATE_NAMES.map((n) => [
      `${HOTLINE_RATE_LABELS[n].en} ${HOTLINE_RATE_LABELS[n].zh}${s?.[n] ? " ‡" : ""}`,
      h[n],
    ]),
  ).trimEnd(),
  ...unrecordedLines(h),
  ...synthesizedLines(s),
];

const practiceText = (p: PracticeReport): string[] => {
  const s = p.suggestions;
  const r = p.recommendations;
  const parts = [
    `People's suggestions 人民建议征集: ${s.received} received, adoption 采纳率 ${sample(s.adoption)}, ` +
      `feedback on time ${sample(s.onTimeFeedback)}, median days to feedback ${
        s.medianDaysToFeedback === null ? "—" : s.medianDaysToFeedback.toFixed(1)
      }, rewarded ${s.rewarded}`,
  ];
  if (s.byCampaign.length > 0) {
    parts.push(
      "",
      renderTable(
        [
          { header: "campaign 征集活动", value: (c) => c.campaignId },
          { header: "title", value: (c) => c.title, maxWidth: 30 },
          { header: "kind", value: (c) => c.kind },
          { header: "suggestions", value: (c) => String(c.received), align: "right" },
        ],
        s.byCampaign,
      ).trimEnd(),
    );
  }
  const open = Object.entries(r.openByOrg).sort(([a], [b]) => (a < b ? -1 : 1));
  parts.push(
    "",
    `三项建议 recommendations: ${r.issued} issued, written feedback on time 按期反馈率 ${sample(r.onTimeFeedback)}, open ${open.reduce((n, [, c]) => n + c, 0)}`,
  );
  if (open.length > 0) {
    parts.push(
      renderTable<[string, number]>(
        [
          { header: "org 单位", value: ([org]) => org },
          { header: "open 未办结", value: ([, n]) => String(n), align: "right" },
        ],
        open,
      ).trimEnd(),
    );
  }
  if (p.monthlyTopics.length > 0) {
    parts.push(
      "",
      "每月一题 monthly topics:",
      renderTable(
        [
          { header: "month", value: (c) => c.month },
          { header: "topic 主题", value: (c) => c.topic, maxWidth: 24 },
          { header: "lead org 牵头单位", value: (c) => c.leadOrg },
          { header: "tasks done", value: (c) => `${c.completed}/${c.tasks}`, align: "right" },
          { header: "overdue", value: (c) => String(c.overdue), align: "right" },
          { header: "closed", value: (c) => (c.closed ? "yes" : "no") },
          {
            header: "before 治理前",
            value: (c) => `${c.before.count} (${c.before.months.join(" ")})`,
          },
          {
            header: "after 治理后",
            value: (c) =>
              c.after.months.length === 0
                ? "— (no complete month yet)"
                : `${c.after.count} (${c.after.months.join(" ")})`,
          },
        ],
        p.monthlyTopics,
      ).trimEnd(),
    );
  }
  const levels = Object.entries(p.receptions.byLevel);
  parts.push(
    "",
    `Leaders' reception 领导接访: ${p.receptions.sessions} sessions, ${p.receptions.people} people; ` +
      `包案 ${p.leaderCases.taken} cases, resolved ${sample(p.leaderCases.resolved)}`,
  );
  if (levels.length > 0) {
    parts.push(
      renderTable<[string, { sessions: number; people: number }]>(
        [
          { header: "level", value: ([l]) => `${l} ${LEVEL_LABELS[l] ?? ""}`.trim() },
          { header: "sessions", value: ([, v]) => String(v.sessions), align: "right" },
          { header: "people", value: ([, v]) => String(v.people), align: "right" },
        ],
        levels,
      ).trimEnd(),
    );
  }
  const co = p.coHandling;
  if (co.orgsAsked > 0 || co.onTimeResults.denominator > 0) {
    parts.push(
      "",
      `首接负责制 co-handling: ${co.tickets} tickets, ${co.orgsAsked} orgs asked, results to the first receiver on time ${sample(co.onTimeResults)}`,
    );
  }
  return parts;
};

/** The practice and 12345 sections of the text report; empty when the log has neither. */
export const practiceSectionsText = (sections: PracticeSections): string => {
  const parts: string[] = [];
  if (sections.hotline)
    parts.push("", ...hotlineText(sections.hotline, sections.hotlineSynthesized));
  if (sections.practice) parts.push("", ...practiceText(sections.practice));
  return parts.length === 0 ? "" : `${parts.join("\n")}\n`;
};
