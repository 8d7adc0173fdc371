import { fnv1a } from "../text/hash.js";

/**
 * MinHash with banding (locality-sensitive hashing), only to find candidate
 * pairs cheaply; the score comes from TF-IDF cosine (score.ts). Shingles are
 * pairs of adjacent words: unrelated petitions share few of them even when
 * they share many single words (小区, 物业, 反映).
 */
export const BANDS = 16;
export const ROWS = 3;
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => fnv1a(`minhash-${i}`));

const mix = (x: number, seed: number): number => {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

export const shinglesOf = (words: readonly string[]): Uint32Array => {
  const out = new Set<number>();
  if (words.length === 1) out.add(fnv1a(words[0] ?? ""));
  for (let i = 0; i + 1 < words.length; i++) out.add(fnv1a(`${words[i]} ${words[i + 1]}`));
  return Uint32Array.from(out);
};

/** One 32-bit key per band, salted with the band number; empty for a text with no words. */
export const bandKeys = (shingles: Uint32Array): Uint32Array => {
  if (shingles.length === 0) return new Uint32Array(0);
  const keys = new Uint32Array(BANDS);
  for (let band = 0; band < BANDS; band++) {
    let key = fnv1a(`band-${band}`);
    for (let row = 0; row < ROWS; row++) {
      const seed = SEEDS[band * ROWS + row] ?? 0;
      let min = 0xffffffff;
      for (const s of shingles) {
        const h = mix(s, seed);
        if (h < min) min = h;
      }
      key = mix(key ^ min, 0x27d4eb2f);
    }
    keys[band] = key;
  }
  return keys;
};
