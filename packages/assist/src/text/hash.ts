import { createHash } from "node:crypto";

/** 32-bit FNV-1a of a string's UTF-16 code units: a cheap, stable token id. */
export const fnv1a = (text: string, seed = 0x811c9dc5): number => {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A small deterministic PRNG (mulberry32): training shuffles and benchmarks repeat exactly. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
