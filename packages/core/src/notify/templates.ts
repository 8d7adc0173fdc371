import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type PetitionSummary,
  type RenderedNotice,
} from "./notification.js";
import {
  chineseDate,
  chineseNumber,
  DECISION_OUTCOME_NAMES,
  REPLY_OUTCOME_NAMES,
  stageName,
} from "./wording.js";

/**
 * Chinese message templates: 催办单, 督办单 (with its level), and the notices
 * the 信访工作条例 (2022, "W22") owes the petitioner — acceptance or not
 * (Art. 23), extension (Art. 34), the written reply (Art. 32) and the review
 * and re-examination decisions (Art. 35–36). Each template gives a document
 * title, labelled fields and paragraphs; one layout turns that into text,
 * Markdown and HTML, so the three forms never say different things.
 */

export interface NoticeInput {
  kind: NotificationKind;
  eventType: string;
  petitionId: string;
  data: Record<string, unknown>;
  /** The org the notice is about (acting org of a 催办/督办, deciding org of a notice). */
  org?: string;
  petition?: Partial<PetitionSummary>;
  /** Zone in which dates are written (default Asia/Shanghai). */
  timeZone?: string;
  /** Display name of an org id (default: the id). */
  orgName?: (org: string) => string;
}

interface NoticeDocument {
  title: string;
  subject: string;
  /** The salutation line, if any. */
  to?: string;
  fields: [label: string, value: string][];
  paragraphs: string[];
}

const str = (value: unknown, fallback = "（未载明）"): string =>
  typeof value === "string" && value.length > 0 ? value : fallback;

function documentFor(input: NoticeInput): NoticeDocument {
  const tz = input.timeZone ?? "Asia/Shanghai";
  const d = input.data;
  const date = (v: unknown) => chineseDate(v, tz);
  const orgId = input.org ?? str(d.org, "");
  const org = orgId ? (input.orgName?.(orgId) ?? orgId) : "承办单位";
  const title = input.petition?.title;
  const matter = `${input.petitionId}${title ? `《${title}》` : ""}`;
  const petitioner = input.petition?.contacts?.[0]?.name;
  const to = `${petitioner ?? "信访人"}：`;
  switch (input.kind) {
    case "reminder":
      return {
        title: "催办单",
        subject: `【催办单】信访事项 ${input.petitionId} ${stageName(d.stage)}将于${date(d.dueAt)}到期`,
        to: `${org}：`,
        fields: [
          ["信访事项", matter],
          ["办理环节", stageName(d.stage)],
          ["期限", `${date(d.dueAt)}（剩余 ${String(d.daysLeft)} 天）`],
        ],
        paragraphs: ["该信访事项即将到期，请抓紧办理，在期限内办结并按规定反馈。"],
      };
    case "supervision": {
      const level = `${chineseNumber(Number(d.level))}级督办`;
      return {
        title: `督办单（${level}）`,
        subject: `【督办单·${level}】信访事项 ${input.petitionId} ${stageName(d.stage)}已超期 ${String(d.daysOverdue)} 天`,
        to: `${org}：`,
        fields: [
          ["信访事项", matter],
          ["办理环节", stageName(d.stage)],
          ["期限", date(d.dueAt)],
          ["超期", `${String(d.daysOverdue)} 天`],
          ["督办级别", level],
        ],
        paragraphs: [
          "该信访事项已超过办理期限。依据《信访工作条例》第四十条，请立即办理，并将办理结果及超期原因书面报告。",
        ],
      };
    }
    case "acceptanceNotice":
      return {
        title: "信访事项受理告知书",
        subject: `【受理告知】您的信访事项 ${input.petitionId} 已受理`,
        to,
        fields: [
          ["信访事项", matter],
          ["受理单位", org],
          ["办理期限", date(d.handlingDueAt)],
        ],
        paragraphs: [
          `您提出的信访事项已由${org}受理。依据《信访工作条例》第三十四条，将自受理之日起60日内办结，并出具书面答复意见。`,
        ],
      };
    case "notAcceptedNotice":
      return {
        title: "信访事项不予受理告知书",
        subject: `【不予受理告知】信访事项 ${input.petitionId}`,
        to,
        fields: [
          ["信访事项", matter],
          ["告知单位", org],
          ["理由", str(d.reason)],
        ],
        paragraphs: [
          "经审查，您提出的信访事项不予受理（《信访工作条例》第二十三条）。您可以依照上述理由，向有权处理的机关、单位提出。",
        ],
      };
    case "extensionNotice":
      return {
        title: "信访事项延期办理告知书",
        subject: `【延期告知】信访事项 ${input.petitionId} 办理期限延长 ${String(d.days)} 日`,
        to,
        fields: [
          ["信访事项", matter],
          ["延长", `${String(d.days)} 日`],
          ["新的办理期限", date(d.handlingDueAt)],
          ["延期理由", str(d.reason)],
        ],
        paragraphs: [
          "因情况复杂，经本机关、单位负责人批准，延长办理期限。依据《信访工作条例》第三十四条，特告知延期理由。",
        ],
      };
    case "reply": {
      const basis = Array.isArray(d.legalBasis) ? d.legalBasis.map(String).join("；") : "";
      return {
        title: "信访事项处理意见书",
        subject: `【处理意见】信访事项 ${input.petitionId} 已答复`,
        to,
        fields: [
          ["信访事项", matter],
          ["处理单位", org],
          ["处理意见", REPLY_OUTCOME_NAMES[str(d.outcome)] ?? str(d.outcome)],
          ["说明", str(d.summary)],
          ["依据", basis || "（未载明）"],
        ],
        paragraphs: [
          `如不服本处理意见，可以自收到书面答复之日起30日内（至${date(d.reviewRequestDueAt)}）请求原办理机关、单位的上一级机关、单位复查（《信访工作条例》第三十五条）。`,
        ],
      };
    }
    case "decision": {
      const review = input.eventType === "ReviewDecided";
      const name = review ? "复查意见书" : "复核意见书";
      return {
        title: `信访事项${name}`,
        subject: `【${name.slice(0, 2)}意见】信访事项 ${input.petitionId}`,
        to,
        fields: [
          ["信访事项", matter],
          [review ? "复查单位" : "复核单位", org],
          ["意见", DECISION_OUTCOME_NAMES[str(d.outcome)] ?? str(d.outcome)],
          ["说明", str(d.summary)],
        ],
        paragraphs: [
          review
            ? `如不服本复查意见，可以自收到书面答复之日起30日内（至${date(d.reexaminationRequestDueAt)}）向复查机关、单位的上一级机关、单位请求复核（《信访工作条例》第三十六条）。`
            : "对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理（《信访工作条例》第三十六条第三款）。",
        ],
      };
    }
  }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Render one notice as subject, text, Markdown and HTML. */
export function renderNotice(input: NoticeInput): RenderedNotice {
  const doc = documentFor(input);
  const text = [
    doc.title,
    ...(doc.to ? [doc.to] : []),
    ...doc.fields.map(([k, v]) => `${k}：${v}`),
    ...doc.paragraphs,
  ].join("\n");
  const markdown = [
    `**${doc.title}**`,
    ...(doc.to ? [doc.to] : []),
    ...doc.fields.map(([k, v]) => `> ${k}：${v}`),
    ...doc.paragraphs,
  ].join("\n");
  const rows = doc.fields
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("");
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(doc.subject)}</title></head><body>` +
    `<h2>${escapeHtml(doc.title)}</h2>` +
    (doc.to ? `<p>${escapeHtml(doc.to)}</p>` : "") +
    `<table>${rows}</table>` +
    doc.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("") +
    "</body></html>";
  return { subject: doc.subject, text, markdown, html };
}

/** The notice kind of an outbox payload, or undefined when it is not one the templates know. */
export const isNotificationKind = (kind: unknown): kind is NotificationKind =>
  typeof kind === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(kind);
