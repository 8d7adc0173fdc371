import type { DuplicateSignals } from "./duplicate-index.js";

/** The weights that turn signals into one score; defaults measured in docs/assist.md. */
export interface ScoreWeights {
  /** Weight of differing places and numbers against the cosine. */
  placePenalty: number;
  /** Added when the two share a petitioner. */
  samePetitionerBonus: number;
  /** Added, times the title similarity, when the two share a petitioner and a named place: a follow-up on the same matter in new words. */
  followUpBonus: number;
}

export const scoreOf = (s: DuplicateSignals, w: ScoreWeights): number => {
  let score = s.cosine - w.placePenalty * s.conflict;
  if (s.samePetitioner) {
    score += w.samePetitionerBonus;
    if (s.sharedPlaces > 0) score += w.followUpBonus * s.titleSimilarity;
  }
  return Math.max(0, Math.min(1, score));
};

export const reasonsOf = (
  s: DuplicateSignals,
  shared: readonly string[],
  onlyMine: readonly string[],
  onlyTheirs: readonly string[],
  days: number,
): string[] => {
  const reasons = [
    `word TF-IDF cosine ${s.cosine.toFixed(2)}`,
    `title similarity ${s.titleSimilarity.toFixed(2)}`,
  ];
  if (s.samePetitioner) reasons.push("same petitioner");
  if (shared.length > 0) reasons.push(`same places: ${shared.slice(0, 4).join(", ")}`);
  if (s.conflict > 0) {
    reasons.push(
      `different places or numbers: ${onlyMine.slice(0, 3).join(", ")} ≠ ${onlyTheirs.slice(0, 3).join(", ")}`,
    );
  }
  reasons.push(days < 1 ? "same day" : `${Math.round(days)} days apart`);
  return reasons;
};
