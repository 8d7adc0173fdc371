import type { DuplicateSignals } from "./duplicate-index.js";

/**
 * The weights that turn signals into one score. The score is linear in the
 * signals, with its own weights for the two kinds of candidate — one
 * petitioner's two petitions, and two petitioners' — because the signals mean
 * different things for them: between strangers a differing estate marks a
 * re-used template, while one person's follow-up names more places in new
 * words and is told from their other requests by what the titles ask. Defaults
 * were fitted on one half of the labelled pairs (docs/assist.md). The weights
 * added with the per-kind score and the title conflict are optional (absent:
 * 0), so weights written for the earlier score still type-check.
 */
export interface ScoreWeights {
  /** Weight of differing places and numbers against the cosine, between different petitioners. */
  placePenalty: number;
  /** Added when the two share a petitioner. */
  samePetitionerBonus: number;
  /** Added, times the title similarity, when the two share a petitioner and a named place (or a rare title word, a name without a place word): a follow-up on the same matter in new words. */
  followUpBonus: number;
  /** Weight of the titles' word cosine (what is asked), between different petitioners. */
  titleWeight?: number;
  /** Weight of the titles' word cosine for one petitioner's two petitions. */
  samePetitionerTitleWeight?: number;
  /** Weight of differing places for one petitioner's two petitions (a follow-up often names more places). */
  samePetitionerPlacePenalty?: number;
  /** Subtracted from one petitioner's two petitions when both carry a category and the categories differ: the same person asking another thing. */
  samePetitionerCategoryPenalty?: number;
  /**
   * Subtracted between different petitioners when their titles name different
   * places of one kind (a template sent for another school or estate). Not for
   * one petitioner's two petitions: on the labelled pairs a follow-up's title
   * often names a nearby place instead, so there it marks no other matter.
   */
  titleConflictPenalty?: number;
}

/** Only the cosine: the strongest single signal, for comparison. */
export const COSINE_ONLY: ScoreWeights = {
  placePenalty: 0,
  samePetitionerBonus: 0,
  followUpBonus: 0,
  titleWeight: 0,
  samePetitionerTitleWeight: 0,
  samePetitionerPlacePenalty: 0,
  samePetitionerCategoryPenalty: 0,
  titleConflictPenalty: 0,
};

export const scoreOf = (s: DuplicateSignals, w: ScoreWeights): number => {
  let score = s.cosine;
  if (s.samePetitioner) {
    score += w.samePetitionerBonus;
    score += (w.samePetitionerTitleWeight ?? 0) * s.titleWords;
    score -= (w.samePetitionerPlacePenalty ?? 0) * s.conflict;
    if (s.sharedPlaces > 0 || s.titleName === true) score += w.followUpBonus * s.titleSimilarity;
    if (s.otherCategory) score -= w.samePetitionerCategoryPenalty ?? 0;
  } else {
    score += (w.titleWeight ?? 0) * s.titleWords - w.placePenalty * s.conflict;
    if ((s.titleConflict ?? 0) > 0) score -= w.titleConflictPenalty ?? 0;
  }
  return Math.max(0, Math.min(1, score));
};

/** The part of the score read from term vectors alone: what a candidate is ranked by before places are compared. */
export const termScoreOf = (
  cosine: number,
  titleWords: number,
  samePetitioner: boolean,
  w: ScoreWeights,
): number =>
  cosine + ((samePetitioner ? w.samePetitionerTitleWeight : w.titleWeight) ?? 0) * titleWords;

export const reasonsOf = (
  s: DuplicateSignals,
  shared: readonly string[],
  onlyMine: readonly string[],
  onlyTheirs: readonly string[],
  days: number,
  categories?: readonly [string, string],
): string[] => {
  const reasons = [
    `word TF-IDF cosine ${s.cosine.toFixed(2)}`,
    `title word cosine ${s.titleWords.toFixed(2)}`,
    `title similarity ${s.titleSimilarity.toFixed(2)}`,
  ];
  if (s.samePetitioner) reasons.push("same petitioner");
  if (shared.length > 0) reasons.push(`same places: ${shared.slice(0, 4).join(", ")}`);
  if (s.conflict > 0) {
    reasons.push(
      `different places or numbers: ${onlyMine.slice(0, 3).join(", ")} ≠ ${onlyTheirs.slice(0, 3).join(", ")}`,
    );
  }
  if ((s.titleConflict ?? 0) > 0) reasons.push("the titles name different places");
  if (s.titleName === true) reasons.push("the titles share a rare word (a name)");
  if (s.otherCategory && categories) {
    reasons.push(`different categories: ${categories[0]} ≠ ${categories[1]}`);
  }
  reasons.push(days < 1 ? "same day" : `${Math.round(days)} days apart`);
  return reasons;
};
