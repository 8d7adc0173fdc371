import { DEFAULT_TIME_ZONE, localDateOf } from "@petitio/core";
import { type CaseRecord, caseText } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { words } from "../text/normalize.js";
import { isContentWord } from "../text/stopwords.js";

/**
 * 每月一题 by meaning: the month's petitions clustered by their words (not by
 * the topic field), each cluster named by its key terms, with its growth over
 * the month before and distinct representative petitions.
 */
export interface TopicCluster {
  /** The cluster's heaviest words: its name. */
  terms: string[];
  count: number;
  /** Petitions of the month before nearest to this cluster. */
  previousCount: number;
  /** (count − previous) ÷ previous; null when the month before had none. */
  growth: number | null;
  /** Closest to the centre and not near-duplicates of each other. */
  representatives: { petitionId: string; title: string }[];
}

export interface TopicOptions {
  month: string;
  timeZone?: string;
  /** Most clusters to list (default 10). */
  limit?: number;
  /** Clusters smaller than this are left out (default 3). */
  minSize?: number;
  representatives?: number;
  /** Cosine to a cluster's centre needed to join it (default 0.2). */
  similarity?: number;
}

type Vector = Map<string, number>;
const MAX_CHARS = 600;

const cosine = (a: Vector, b: Vector): number => {
  let dotProduct = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [t, w] of small) dotProduct += w * (large.get(t) ?? 0);
  return dotProduct;
};

const normalise = (v: Vector): Vector => {
  const norm = Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
};

const monthBefore = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

export const topicClusters = (
  cases: readonly CaseRecord[],
  options: TopicOptions,
): TopicCluster[] => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
    throw new AssistInputError("month", `must be YYYY-MM; got "${options.month}"`);
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const monthOf = (c: CaseRecord): string => localDateOf(c.receivedAt, tz).slice(0, 7);
  const current = cases.filter((c) => monthOf(c) === options.month);
  const previous = cases.filter((c) => monthOf(c) === monthBefore(options.month));
  const counts = (c: CaseRecord): Map<string, number> => {
    const m = new Map<string, number>();
    // The title says what the petition is about: its words count twice.
    for (const w of [
      ...words(c.title),
      ...words(c.title),
      ...words(caseText(c).slice(0, MAX_CHARS)),
    ]) {
      if (isContentWord(w)) m.set(w, (m.get(w) ?? 0) + 1);
    }
    return m;
  };
  const currentCounts = current.map(counts);
  const df = new Map<string, number>();
  for (const m of currentCounts) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = current.length;
  const vectorOf = (m: Map<string, number>): Vector => {
    const v: Vector = new Map();
    for (const [t, k] of m) {
      // In a month of some size, a word in over a third of the petitions names no topic.
      const d = df.get(t) ?? 0;
      if (n >= 30 && d > n / 3) continue;
      v.set(t, (1 + Math.log(k)) * (Math.log((1 + n) / (1 + d)) + 1));
    }
    return normalise(v);
  };
  const vectors = currentCounts.map(vectorOf);
  const threshold = options.similarity ?? 0.2;
  // Leader clustering, then one reassignment pass against the final centres.
  let centres: Vector[] = [];
  let members: number[][] = [];
  const centreOf = (ids: readonly number[]): Vector => {
    const c: Vector = new Map();
    for (const i of ids) for (const [t, w] of vectors[i] ?? []) c.set(t, (c.get(t) ?? 0) + w);
    return normalise(c);
  };
  vectors.forEach((v, i) => {
    let best = -1;
    let bestSim = threshold;
    centres.forEach((c, k) => {
      const s = cosine(v, c);
      if (s >= bestSim) {
        best = k;
        bestSim = s;
      }
    });
    if (best === -1) {
      centres.push(new Map(v));
      members.push([i]);
    } else {
      members[best]?.push(i);
      centres[best] = centreOf(members[best] ?? []);
    }
  });
  const assign = (v: Vector): number => {
    let best = -1;
    let bestSim = threshold;
    centres.forEach((c, k) => {
      const s = cosine(v, c);
      if (s >= bestSim) {
        best = k;
        bestSim = s;
      }
    });
    return best;
  };
  const reassigned: number[][] = centres.map(() => []);
  vectors.forEach((v, i) => {
    const k = assign(v);
    if (k !== -1) reassigned[k]?.push(i);
  });
  members = reassigned;
  centres = members.map((ids) => centreOf(ids));
  const previousCounts = new Array<number>(centres.length).fill(0);
  for (const c of previous) {
    const k = assign(vectorOf(counts(c)));
    if (k !== -1) previousCounts[k] = (previousCounts[k] ?? 0) + 1;
  }
  const minSize = options.minSize ?? 3;
  const perCluster = options.representatives ?? 3;
  const clusters: TopicCluster[] = [];
  members.forEach((ids, k) => {
    if (ids.length < minSize) return;
    const centre = centres[k] as Vector;
    const ranked = [...ids].sort(
      (a, b) => cosine(vectors[b] as Vector, centre) - cosine(vectors[a] as Vector, centre),
    );
    const chosen: number[] = [];
    for (const i of ranked) {
      // Distinct: not a near-copy of one already chosen.
      if (chosen.every((j) => cosine(vectors[i] as Vector, vectors[j] as Vector) < 0.6))
        chosen.push(i);
      if (chosen.length === perCluster) break;
    }
    const prev = previousCounts[k] ?? 0;
    clusters.push({
      terms: [...centre.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([t]) => t),
      count: ids.length,
      previousCount: prev,
      growth: prev === 0 ? null : Number(((ids.length - prev) / prev).toFixed(4)),
      representatives: chosen.map((i) => ({
        petitionId: current[i]?.petitionId ?? "",
        title: current[i]?.title ?? "",
      })),
    });
  });
  clusters.sort((a, b) => b.count - a.count || (b.growth ?? 0) - (a.growth ?? 0));
  return clusters.slice(0, options.limit ?? 10);
};
