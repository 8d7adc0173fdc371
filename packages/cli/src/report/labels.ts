import type { MetricCounts, MetricRates } from "@petitio/core";

export type RateName = keyof MetricRates;

/** English and Chinese names of each rate, as supervisors know them. */
export const RATE_LABELS: Record<RateName, { en: string; zh: string }> = {
  oneTimeResolution: { en: "one-time resolution", zh: "一次性化解率" },
  onTimeAcceptance: { en: "on-time acceptance", zh: "按期受理告知率" },
  onTimeCompletion: { en: "on-time completion", zh: "按期办结率" },
  participation: { en: "participation", zh: "参评率" },
  satisfaction: { en: "satisfaction", zh: "满意率" },
  repeat: { en: "repeat petitions", zh: "重复信访率" },
  onTimeRouting: { en: "on-time routing", zh: "按期转送率" },
};

/** One line colour per rate, the same in every chart. */
export const RATE_COLORS: Record<RateName, string> = {
  oneTimeResolution: "#2e7d32",
  onTimeAcceptance: "#1565c0",
  onTimeCompletion: "#6a1b9a",
  participation: "#ef6c00",
  satisfaction: "#00838f",
  repeat: "#c62828",
  onTimeRouting: "#5d4037",
};

/** Names of the counts; a count without an entry is shown by its key. */
export const COUNT_LABELS: Partial<Record<keyof MetricCounts | string, string>> = {
  registered: "registered 登记",
  open: "open 在办",
  overdue: "overdue 超期",
  dueSoon: "due soon 临期",
  awaitingPetitioner: "awaiting petitioner 待信访人",
};

export const percent = (value: number | null): string =>
  value === null ? "—" : `${(value * 100).toFixed(1)}%`;
