import { normalizeText, words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";

/**
 * 审核: checks a reply before it is issued. Each returns findings for a
 * person to act on; nothing is changed. The law each check comes from is
 * named in its `basis`.
 */
export type ReplyOutcome = "supported" | "explained" | "notSupported";

export interface ReplyDraft {
  /** The petition being answered. */
  petition: { title: string; content: string; receivedAt?: number };
  reply: {
    text: string;
    outcome?: ReplyOutcome;
    legalBasis?: readonly string[];
    /** Epoch ms the reply is (or will be) delivered. */
    deliveredAt?: number;
    /** Epoch ms the handling stage is due (the stored handlingDueAt). */
    handlingDueAt?: number;
  };
}

export type CheckName =
  | "legalBasis"
  | "requestsAnswered"
  | "remedyRoute"
  | "outcomeConsistent"
  | "deadline"
  | "personalData"
  | "substance";

export interface ReviewFinding {
  check: CheckName;
  severity: "error" | "warning";
  message: string;
  basis: string;
}

const CITATION =
  /《[^》]{2,40}》|第[一二三四五六七八九十百零〇\d]+条|依据|根据[^，。]{0,30}(规定|办法|条例|法)/;
const REMEDY_ROUTE = /复查|复核|行政复议|提起诉讼|行政诉讼|申请仲裁|向人民法院/;
const TIME_LIMIT = /(\d+|[一二三四五六七八九十]+)\s*(个)?(日|天|工作日|个月)(内|之内)/;
const NOT_SUPPORTED =
  /不予支持|不符合[^，。]{0,20}(条件|规定|政策)|无法(满足|支持|办理)|不能(满足|支持|办理)|不予(受理|办理|采纳)|没有法律依据|于法无据/;
const SUPPORTED =
  /予以支持|已(责令|要求|督促)?[^，。]{0,12}(整改|拆除|解决|清理|修复|退还|办理|落实|完成|处理完毕)|已经?(修复|解决|整改|清理|拆除|退还)/;
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const ID_NUMBER = /(?<![\dx])\d{17}[\dx](?![\dx])/i;
/** A request: a sentence that asks, demands or proposes. */
const REQUEST =
  /请求|恳请|请问|请[^愿示假]|要求|建议|能否|可否|是否|何时|什么时候|为什么|为何|如何|呼吁/;

/** The outcome a reply's own words express, or null when they say neither. */
export const outcomeOfText = (text: string): ReplyOutcome | null => {
  if (NOT_SUPPORTED.test(text)) return "notSupported";
  if (SUPPORTED.test(text)) return "supported";
  return null;
};

/** The petition's requests (the title, and each clause that asks), each as its telling words (at most 8). */
export const requestsOf = (title: string, content: string): string[][] => {
  // A clause that ends in a question mark asks too: split after it, keep the mark.
  const clauses = [
    title,
    ...content
      .split(/[。！!\n；;，,]|(?<=[？?])/)
      .filter((s) => REQUEST.test(s) || /[？?]$/.test(s)),
  ];
  const out: string[][] = [];
  for (const s of clauses) {
    const terms = [...new Set(words(s).filter(isContentWord))].slice(0, 4);
    if (terms.length > 0) out.push(terms);
    if (out.length === 8) break;
  }
  return out;
};

const DAY = 86_400_000;

export const reviewReply = (draft: ReplyDraft): ReviewFinding[] => {
  const findings: ReviewFinding[] = [];
  const text = draft.reply.text ?? "";
  const normal = normalizeText(text);
  const declared = draft.reply.outcome;
  const stated = outcomeOfText(text);
  const outcome = declared ?? stated ?? "explained";
  if (normal.replace(/\s/g, "").length < 30) {
    findings.push({
      check: "substance",
      severity: "error",
      message: `the reply is ${normal.length} characters: it cannot state the facts found, the basis and the handling opinion`,
      basis: "W22 Art. 32; Beijing regulation Art. 43",
    });
  }
  const cited = (draft.reply.legalBasis?.length ?? 0) > 0 || CITATION.test(text);
  if (outcome === "notSupported" && !cited) {
    findings.push({
      check: "legalBasis",
      severity: "error",
      message: "the request is not supported, but no law, regulation or rule is cited",
      basis: "W22 Art. 32 (3); Beijing regulation Art. 43 (3)",
    });
  } else if (!cited) {
    findings.push({
      check: "legalBasis",
      severity: "warning",
      message: "no law, regulation or rule is cited",
      basis: "W22 Art. 32; Beijing regulation Art. 43 (3)",
    });
  }
  const unanswered = requestsOf(draft.petition.title, draft.petition.content).filter(
    // Answered, as far as words can tell: one of the request's telling words appears in the reply.
    (terms) => !terms.some((t) => normal.includes(t)),
  );
  if (unanswered.length > 0) {
    findings.push({
      check: "requestsAnswered",
      severity: "warning",
      message: `${unanswered.length} request(s) of the petition have none of their words in the reply: ${unanswered
        .map((t) => t.slice(0, 3).join("/"))
        .join("; ")}`,
      basis: "Beijing regulation Art. 43 (1), (4)",
    });
  }
  const route = REMEDY_ROUTE.test(text);
  const limit = route && TIME_LIMIT.test(text);
  if (!route || !limit) {
    findings.push({
      check: "remedyRoute",
      severity: "error",
      message: route
        ? "a remedy route is named but not its time limit (e.g. 30 days to request a review)"
        : "the reply does not say how to seek a remedy (review 复查 within 30 days of receipt) and by when",
      basis: "Beijing regulation Art. 43 (5); W22 Art. 35",
    });
  }
  if (declared !== undefined && stated !== null && declared !== stated) {
    findings.push({
      check: "outcomeConsistent",
      severity: "error",
      message: `the outcome is recorded as ${declared}, but the reply's words read as ${stated}`,
      basis: "W22 Art. 32",
    });
  }
  const { deliveredAt, handlingDueAt } = draft.reply;
  const receivedAt = draft.petition.receivedAt;
  if (deliveredAt !== undefined && handlingDueAt !== undefined && deliveredAt > handlingDueAt) {
    findings.push({
      check: "deadline",
      severity: "error",
      message: `the reply is ${Math.ceil((deliveredAt - handlingDueAt) / DAY)} day(s) past the handling due time`,
      basis: "W22 Art. 34",
    });
  } else if (handlingDueAt === undefined && deliveredAt !== undefined && receivedAt !== undefined) {
    const days = (deliveredAt - receivedAt) / DAY;
    if (days > 90) {
      findings.push({
        check: "deadline",
        severity: "warning",
        message: `${Math.floor(days)} days from receipt to reply: more than 60 days plus the 30-day extension`,
        basis: "W22 Art. 34",
      });
    }
  }
  const own = `${draft.petition.title}${draft.petition.content}`;
  const phone = PHONE.exec(normal)?.[0];
  const id = ID_NUMBER.exec(normal)?.[0];
  for (const [kind, value] of [
    ["phone number", phone],
    ["ID number", id],
  ] as const) {
    if (value !== undefined && !own.includes(value)) {
      findings.push({
        check: "personalData",
        severity: "error",
        message: `the reply contains a ${kind} that is not the petitioner's own (…${value.slice(-4)})`,
        basis: "Beijing regulation Art. 22 (4): nothing that may harm others may be disclosed",
      });
    }
  }
  return findings;
};
