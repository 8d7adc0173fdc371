import { fnv1a } from "../text/hash.js";

/**
 * MinHash with banding (locality-sensitive hashing), only to find candidate
 * pairs cheaply; the score comes from TF-IDF cosine (score.ts). Shingles are
 * pairs of adjacent words: unrelated petitions share few of them even when
 * they share many single words (小区, 物业, 反映).
 *
 * Eight bands of two rows: two texts sharing a share J of their shingles meet
 * in a band with probability 1 − (1 − J²)⁸ (0.53 at J = 0.3, 0.90 at 0.5),
 * against 1 − (1 − J³)¹⁶ (0.36, 0.88) for the sixteen bands of three rows
 * used before. Where a rewording by another petitioner names no place, the
 * bands are its only way in (docs/assist.md); half the band keys also means
 * half the lookups a check.
 */
export const BANDS = 8;
export const ROWS = 2;
const SEEDS = Uint32Array.from({ length: BANDS * ROWS }, (_, i) => fnv1a(`minhash-${i}`));
const BAND_SALTS = Uint32Array.from({ length: BANDS }, (_, band) => fnv1a(`band-${band}`));

const mix = (x: number, seed: number): number => {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * The distinct shingles of a text, ascending. FNV-1a runs on, so a pair's
 * hash is the first word's hash carried through a space and the second word:
 * the same number as hashing "w1 w2", without building that string.
 */
export const shinglesOf = (words: readonly string[]): Uint32Array => {
  if (words.length === 1) return Uint32Array.of(fnv1a(words[0] ?? ""));
  const out = new Uint32Array(Math.max(0, words.length - 1));
  for (let i = 0; i + 1 < words.length; i++) {
    out[i] = fnv1a(words[i + 1] ?? "", fnv1a(" ", fnv1a(words[i] ?? "")));
  }
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i] ?? 0;
  return out.subarray(0, n);
};

/** One 32-bit key per band, salted with the band number; empty for a text with no words. */
export const bandKeys = (shingles: Uint32Array): Uint32Array => {
  if (shingles.length === 0) return new Uint32Array(0);
  const keys = new Uint32Array(BANDS);
  for (let band = 0; band < BANDS; band++) {
    let key = BAND_SALTS[band] ?? 0;
    for (let row = 0; row < ROWS; row++) {
      const seed = SEEDS[band * ROWS + row] ?? 0;
      let min = 0xffffffff;
      for (let s = 0; s < shingles.length; s++) {
        const h = mix(shingles[s] ?? 0, seed);
        if (h < min) min = h;
      }
      key = mix(key ^ min, 0x27d4eb2f);
    }
    keys[band] = key;
  }
  return keys;
};
