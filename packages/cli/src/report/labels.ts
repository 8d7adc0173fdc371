import type { MetricRates } from "@petitio/core";

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

export const percent = (value: number | null): string =>
  value === null ? "—" : `${(value * 100).toFixed(1)}%`;
