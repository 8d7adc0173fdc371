/**
 * Feature index of a 1- or 2-character n-gram, looked up by its code units
 * without making a string: a direct array for single characters of the Basic
 * Multilingual Plane, and an open-addressing table of 32-bit keys
 * (first << 16 | second) for pairs of them. N-grams with characters beyond
 * the BMP (emoji, rare CJK extensions) go through the string map.
 */
export class NgramTable {
  private readonly single = new Int32Array(0x10000).fill(-1);
  private readonly keys: Uint32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(private readonly vocabulary: ReadonlyMap<string, number>) {
    let capacity = 16;
    while (capacity < vocabulary.size * 2) capacity <<= 1;
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    for (const [gram, index] of vocabulary) {
      if (gram.length === 1) this.single[gram.charCodeAt(0)] = index;
      else if (gram.length === 2)
        this.put(((gram.charCodeAt(0) << 16) | gram.charCodeAt(1)) >>> 0, index);
    }
  }

  private slotOf(key: number): number {
    // The product's high bits: its low bits would depend on the second character alone.
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.values[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  private put(key: number, index: number): void {
    const slot = this.slotOf(key);
    this.keys[slot] = key;
    this.values[slot] = index;
  }

  /** Index of the character with this UTF-16 code unit (a BMP character), or -1. */
  one(code: number): number {
    return this.single[code] as number;
  }

  /** Index of the BMP pair (first, second), or -1. */
  two(first: number, second: number): number {
    return this.values[this.slotOf(((first << 16) | second) >>> 0)] as number;
  }

  /** Index of any n-gram as a string (the path for characters beyond the BMP), or -1. */
  other(gram: string): number {
    return this.vocabulary.get(gram) ?? -1;
  }
}
