/**
 * A compact multimap from 32-bit keys to 32-bit values for millions of
 * entries: open hashing into typed arrays (12 bytes an entry plus the head
 * table), no per-entry objects. An entry's key, value and link sit side by
 * side in one array, so walking a chain touches one cache line an entry, not
 * three. Values of a key come back newest first, so a caller walking a
 * time-ordered insert stream can stop at its time window. Keys are hashes:
 * two keys may collide, and callers verify what they get.
 */
const KEY = 0;
const VALUE = 1;
const NEXT = 2;
const WIDTH = 3;

export class FlatMultiMap {
  private heads: Int32Array;
  private mask: number;
  /** Entry e at [WIDTH × e]: key (as int32), value, the next older entry of the bucket (-1: none). */
  private entries: Int32Array;
  private size = 0;

  /** Room for `expectedEntries` from the start: doubling past a known size would leave up to half the entries' bytes unused. */
  constructor(expectedEntries = 1 << 16) {
    let capacity = 1 << 10;
    while (capacity < expectedEntries) capacity <<= 1;
    this.heads = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.entries = new Int32Array(Math.max(1 << 10, expectedEntries) * WIDTH);
  }

  get count(): number {
    return this.size;
  }

  get bytes(): number {
    return this.heads.byteLength + this.entries.byteLength;
  }

  add(key: number, value: number): void {
    if (this.size * WIDTH === this.entries.length) this.grow();
    if (this.size > this.heads.length) this.rehash();
    const e = this.size++;
    const bucket = this.bucketOf(key);
    const at = e * WIDTH;
    this.entries[at + KEY] = key | 0;
    this.entries[at + VALUE] = value;
    this.entries[at + NEXT] = this.heads[bucket] ?? -1;
    this.heads[bucket] = e;
  }

  /**
   * The newest entry stored under `key`, or -1; walk on with `nextOf` and read
   * with `valueAt`. A cursor rather than a callback: a check walks a dozen
   * keys, and allocates nothing to do so.
   */
  first(key: number): number {
    return this.matching(this.heads[this.bucketOf(key)] ?? -1, key | 0);
  }

  /** The next older entry under the same key as entry `e`, or -1. */
  nextOf(e: number): number {
    const at = e * WIDTH;
    return this.matching(this.entries[at + NEXT] ?? -1, this.entries[at + KEY] ?? 0);
  }

  valueAt(e: number): number {
    return this.entries[e * WIDTH + VALUE] ?? 0;
  }

  /** `e` or the first older entry of its chain stored under `key` (as int32), or -1. */
  private matching(e: number, key: number): number {
    while (e !== -1 && this.entries[e * WIDTH + KEY] !== key) {
      e = this.entries[e * WIDTH + NEXT] ?? -1;
    }
    return e;
  }

  private bucketOf(key: number): number {
    return (Math.imul(key >>> 0, 0x9e3779b1) >>> 0) & this.mask;
  }

  private grow(): void {
    const entries = new Int32Array(this.entries.length * 2);
    entries.set(this.entries);
    this.entries = entries;
  }

  /** Double the head table; re-linking in insert order keeps every chain newest first. */
  private rehash(): void {
    this.heads = new Int32Array(this.heads.length * 2).fill(-1);
    this.mask = this.heads.length - 1;
    for (let e = 0; e < this.size; e++) {
      const at = e * WIDTH;
      const bucket = this.bucketOf(this.entries[at + KEY] ?? 0);
      this.entries[at + NEXT] = this.heads[bucket] ?? -1;
      this.heads[bucket] = e;
    }
  }
}
