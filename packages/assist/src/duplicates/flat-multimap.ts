/**
 * A compact multimap from 32-bit keys to 32-bit values for millions of
 * entries: open hashing into typed arrays (12 bytes an entry plus the head
 * table), no per-entry objects. Values of a key come back newest first, so a
 * caller walking a time-ordered insert stream can stop at its time window.
 * Keys are hashes: two keys may collide, and callers verify what they get.
 */
export class FlatMultiMap {
  private heads: Int32Array;
  private mask: number;
  private keys = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private next = new Int32Array(1024);
  private size = 0;

  constructor(expectedEntries = 1 << 16) {
    let capacity = 1 << 10;
    while (capacity < expectedEntries) capacity <<= 1;
    this.heads = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  get entries(): number {
    return this.size;
  }

  get bytes(): number {
    return (
      this.heads.byteLength + this.keys.byteLength + this.values.byteLength + this.next.byteLength
    );
  }

  add(key: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    if (this.size > this.heads.length) this.rehash();
    const e = this.size++;
    const bucket = this.bucketOf(key);
    this.keys[e] = key >>> 0;
    this.values[e] = value;
    this.next[e] = this.heads[bucket] ?? -1;
    this.heads[bucket] = e;
  }

  /**
   * The newest entry stored under `key`, or -1; walk on with `nextOf` and read
   * with `valueAt`. A cursor rather than a callback: a check walks a dozen
   * keys, and allocates nothing to do so.
   */
  first(key: number): number {
    const k = key >>> 0;
    let e = this.heads[this.bucketOf(k)] ?? -1;
    while (e !== -1 && this.keys[e] !== k) e = this.next[e] ?? -1;
    return e;
  }

  /** The next older entry under the same key as entry `e`, or -1. */
  nextOf(e: number): number {
    const k = this.keys[e];
    let n = this.next[e] ?? -1;
    while (n !== -1 && this.keys[n] !== k) n = this.next[n] ?? -1;
    return n;
  }

  valueAt(e: number): number {
    return this.values[e] ?? 0;
  }

  private bucketOf(key: number): number {
    return (Math.imul(key >>> 0, 0x9e3779b1) >>> 0) & this.mask;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Uint32Array(capacity);
    keys.set(this.keys);
    const values = new Int32Array(capacity);
    values.set(this.values);
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.keys = keys;
    this.values = values;
    this.next = next;
  }

  /** Double the head table; re-linking in insert order keeps every chain newest first. */
  private rehash(): void {
    this.heads = new Int32Array(this.heads.length * 2).fill(-1);
    this.mask = this.heads.length - 1;
    for (let e = 0; e < this.size; e++) {
      const bucket = this.bucketOf(this.keys[e] ?? 0);
      this.next[e] = this.heads[bucket] ?? -1;
      this.heads[bucket] = e;
    }
  }
}
