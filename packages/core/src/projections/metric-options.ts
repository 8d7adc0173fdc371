import { ValidationError } from "../errors.js";
import type { PetitionFactsState } from "./petition-facts.js";
import { parseInstantOption } from "./replay.js";
import { DAY_MS, DEFAULT_REMINDER_WINDOW_DAYS } from "./stage-status.js";
import { checkTimeZone, DEFAULT_TIME_ZONE } from "./zoned-month.js";

/** Options of the metrics report (docs/metrics.md). */
export interface MetricsOptions {
  /** The moment the report describes; events after it are ignored. Default: the last `occurredAt`. */
  asOf?: string;
  /** Period start, inclusive. Absent: unbounded. */
  from?: string;
  /** Period end, exclusive. Absent: unbounded. */
  to?: string;
  by?: GroupBy;
  /** Deployment time zone for months (default "Asia/Shanghai"). */
  timeZone?: string;
  /** W of the one-time resolution rate, in days (default 30 = the review window, W22 Art. 35). */
  resolutionWindowDays?: number;
  /** Days before a due time when a stage counts as due soon (催办, default 3). */
  reminderWindowDays?: number;
}

export const GROUP_BY = ["org", "category", "topic", "month"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** W = 30 days by default: the petitioner's window to ask for a review (W22 Art. 35). */
export const DEFAULT_RESOLUTION_WINDOW_DAYS = 30;

/** Options resolved to numbers, checked once. */
export interface ResolvedMetricsOptions {
  asOf: string;
  asOfMs: number;
  from: string | null;
  fromMs: number;
  to: string | null;
  toMs: number;
  by: GroupBy | undefined;
  timeZone: string;
  resolutionWindowMs: number;
  reminderWindowMs: number;
}

const checkDays = (value: unknown, field: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValidationError("metrics options", [
      { path: field, message: `must be a number of days ≥ 0, got ${JSON.stringify(value)}` },
    ]);
  }
  return value;
};

/** The asOf of a report: the option, else the last `occurredAt` folded. */
export const resolveAsOf = (
  asOf: string | undefined,
  state: Pick<PetitionFactsState, "lastOccurredAt">,
): { asOf: string; asOfMs: number } => {
  if (asOf !== undefined)
    return { asOf, asOfMs: parseInstantOption(asOf, "asOf", "metrics options") };
  // An empty log describes no moment; the epoch keeps every number at zero.
  const text = state.lastOccurredAt ?? "1970-01-01T00:00:00Z";
  return { asOf: text, asOfMs: Date.parse(text) };
};

export const resolveMetricsOptions = (
  options: MetricsOptions,
  state: Pick<PetitionFactsState, "lastOccurredAt">,
): ResolvedMetricsOptions => {
  const { asOf, asOfMs } = resolveAsOf(options.asOf, state);
  const fromMs =
    options.from === undefined
      ? Number.NEGATIVE_INFINITY
      : parseInstantOption(options.from, "from", "metrics options");
  const toMs =
    options.to === undefined
      ? Number.POSITIVE_INFINITY
      : parseInstantOption(options.to, "to", "metrics options");
  if (fromMs >= toMs) {
    throw new ValidationError("metrics options", [
      {
        path: "to",
        message: `the period [from, to) is empty: ${options.to} is not after ${options.from}`,
      },
    ]);
  }
  if (options.by !== undefined && !GROUP_BY.includes(options.by)) {
    throw new ValidationError("metrics options", [
      {
        path: "by",
        message: `must be one of ${GROUP_BY.join(", ")}, got ${JSON.stringify(options.by)}`,
      },
    ]);
  }
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timeZone);
  return {
    asOf,
    asOfMs,
    from: options.from ?? null,
    fromMs,
    to: options.to ?? null,
    toMs,
    by: options.by,
    timeZone,
    resolutionWindowMs:
      checkDays(
        options.resolutionWindowDays,
        "resolutionWindowDays",
        DEFAULT_RESOLUTION_WINDOW_DAYS,
      ) * DAY_MS,
    reminderWindowMs:
      checkDays(options.reminderWindowDays, "reminderWindowDays", DEFAULT_REMINDER_WINDOW_DAYS) *
      DAY_MS,
  };
};
