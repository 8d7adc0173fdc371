/**
 * A name the place reader cannot read — a company, an estate or a platform
 * called by its brand alone (九九富达, 富惠天下), with no place word after it —
 * still shows when two titles share a word that few petitions use. The word
 * segmenter splits an unknown name into pieces no other text uses, so the
 * pieces are rare where a common word (加快, 噪音, 小区) is not.
 */

/** A title word used by at most this share of the indexed petitions (and by at least three allowed) is rare. */
export const RARE_TITLE_WORD_SHARE = 0.003;

/** The highest document frequency a rare word may have in an index of `documents` petitions. */
export const rareWordLimit = (documents: number): number =>
  Math.max(3, Math.floor(RARE_TITLE_WORD_SHARE * documents));

/**
 * Whether two titles' term ids (each ascending) share one whose document
 * frequency is at most `limit`: one merge of the two sorted lists.
 */
export const sharesRareTerm = (
  mine: Uint32Array,
  myCount: number,
  theirs: Uint32Array,
  from: number,
  to: number,
  df: Uint32Array,
  limit: number,
): boolean => {
  let i = 0;
  let j = from;
  while (i < myCount && j < to) {
    const a = mine[i] ?? 0;
    const b = theirs[j] ?? 0;
    if (a === b) {
      if ((df[a] ?? 0) <= limit) return true;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return false;
};
