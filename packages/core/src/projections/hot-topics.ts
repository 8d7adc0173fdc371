import { ValidationError } from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import type { PetitionFacts, PetitionFactsState } from "./petition-facts.js";
import { petitionFactsProjection } from "./petition-facts.js";
import { replay } from "./replay.js";
import {
  checkMonth,
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  monthOf,
  previousMonth,
} from "./zoned-month.js";

/**
 * Monthly hot topics (每月一题): the topics of the petitions received in a
 * month (in the deployment time zone), ranked by count, then by growth over
 * the month before, each with the petitions that best represent it: those
 * most often followed by repeat or merged duplicates, then the earliest.
 */

export interface HotTopic {
  topic: string;
  count: number;
  previousCount: number;
  /** (count − previousCount) ÷ previousCount; null when the previous month had none. */
  growth: number | null;
  representatives: { petitionId: string; title: string }[];
}

export interface HotTopicsOptions {
  /** `YYYY-MM`, in `timeZone`. */
  month: string;
  /** Most topics to return (default 10). */
  limit?: number;
  /** Default "Asia/Shanghai". */
  timeZone?: string;
  /** Representative petitions per topic (default 3). */
  representatives?: number;
  /** Replay only events up to this moment (default: all). */
  asOf?: string;
}

export interface HotTopicsReport {
  month: string;
  topics: HotTopic[];
}

const checkCount = (value: unknown, field: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValidationError("hot topics options", [
      { path: field, message: `must be an integer ≥ 0, got ${JSON.stringify(value)}` },
    ]);
  }
  return value;
};

const resolve = (options: HotTopicsOptions) => {
  const month = checkMonth(options?.month);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timeZone);
  return {
    month,
    previous: previousMonth(month),
    timeZone,
    limit: checkCount(options.limit, "limit", 10),
    representatives: checkCount(options.representatives, "representatives", 3),
  };
};

const byWeight = (a: PetitionFacts, b: PetitionFacts): number =>
  b.followers - a.followers ||
  (a.receivedAt ?? 0) - (b.receivedAt ?? 0) ||
  (a.petitionId < b.petitionId ? -1 : a.petitionId > b.petitionId ? 1 : 0);

/** Hot topics over a fact table. Petitions without a topic are not a topic and are left out. */
export const hotTopicsFromFacts = (
  state: PetitionFactsState,
  options: HotTopicsOptions,
): HotTopicsReport => {
  const o = resolve(options);
  const current = new Map<string, PetitionFacts[]>();
  const previousCounts = new Map<string, number>();
  for (const f of state.petitions.values()) {
    if (!f.registered || f.receivedAt === null || f.topic === null) continue;
    const month = monthOf(f.receivedAt, o.timeZone);
    if (month === o.month) {
      const list = current.get(f.topic);
      if (list) list.push(f);
      else current.set(f.topic, [f]);
    } else if (month === o.previous) {
      previousCounts.set(f.topic, (previousCounts.get(f.topic) ?? 0) + 1);
    }
  }
  const topics: HotTopic[] = [...current.entries()].map(([topic, petitions]) => {
    const count = petitions.length;
    const previousCount = previousCounts.get(topic) ?? 0;
    return {
      topic,
      count,
      previousCount,
      growth: previousCount === 0 ? null : (count - previousCount) / previousCount,
      representatives: petitions
        .sort(byWeight)
        .slice(0, o.representatives)
        .map((f) => ({ petitionId: f.petitionId, title: f.title })),
    };
  });
  topics.sort(
    (a, b) =>
      b.count - a.count ||
      (b.growth ?? Number.NEGATIVE_INFINITY) - (a.growth ?? Number.NEGATIVE_INFINITY) ||
      (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
  );
  return { month: o.month, topics: topics.slice(0, o.limit) };
};

/** Replay a log and rank the topics of `options.month`. */
export const computeHotTopics = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: HotTopicsOptions,
): Promise<HotTopicsReport> => {
  resolve(options);
  const state = await replay(petitionFactsProjection, events, { asOf: options.asOf });
  return hotTopicsFromFacts(state, options);
};
