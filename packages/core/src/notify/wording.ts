import type { NoticeSubject } from "../events/catalog.js";
import { localDate } from "../time/zone.js";

/** The Chinese words notices use for the log's enumerations. */

export const STAGE_NAMES: Record<NoticeSubject, string> = {
  routing: "登记转送交办",
  acceptance: "受理告知",
  objection: "异议",
  handling: "办理",
  reviewRequest: "复查申请",
  review: "复查",
  reexaminationRequest: "复核申请",
  reexamination: "复核",
  // Duties beside a stage (W22 Art. 22 ¶1(3); BJ Art. 23).
  reportBack: "交办结果报告",
  callBack: "回访",
};

export const REPLY_OUTCOME_NAMES: Record<string, string> = {
  supported: "予以支持",
  explained: "解释说明",
  notSupported: "不予支持",
};

export const DECISION_OUTCOME_NAMES: Record<string, string> = {
  upheld: "维持原处理意见",
  revised: "变更原处理意见",
  revoked: "撤销原处理意见",
};

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 1 → 一, 12 → 十二, 20 → 二十; larger numbers stay in Arabic digits. */
export const chineseNumber = (n: number): string => {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n <= 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones === 0 ? "" : DIGITS[ones]}`;
};

/** An ISO instant as a date in the deployment's zone: 2024年12月9日. */
export const chineseDate = (instant: unknown, timeZone: string): string => {
  if (typeof instant !== "string") return "（未载明）";
  const [y, m, d] = localDate(instant, timeZone).split("-");
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
};

export const stageName = (stage: unknown): string =>
  typeof stage === "string" && stage in STAGE_NAMES
    ? STAGE_NAMES[stage as NoticeSubject]
    : String(stage);
