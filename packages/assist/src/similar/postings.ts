/**
 * An inverted index in typed arrays: for each term id, the slots of the
 * cases that contain it (ascending, as cases are added) and the term's count
 * in each. One pair of arrays a term, doubled as it fills.
 *
 * A term in many cases also gets a bitmap of the slots that contain it (one
 * bit a case: smaller than its slots once it is in one case of 32), so a query
 * can intersect the words every good case must have 32 cases at a time.
 */
export class Postings {
  private slots: Int32Array[] = [];
  private counts: Uint16Array[] = [];
  private bits: (Uint32Array | undefined)[] = [];
  private readonly mapped: number[] = [];
  private lengths = new Int32Array(1024);
  private terms = 0;

  push(term: number, slot: number, count: number): void {
    if (term >= this.terms) this.addTerms(term + 1);
    const at = this.lengths[term] as number;
    let slots = this.slots[term] as Int32Array;
    if (at === slots.length) {
      slots = doubled(slots);
      this.slots[term] = slots;
      this.counts[term] = doubled(this.counts[term] as Uint16Array);
    }
    slots[at] = slot;
    (this.counts[term] as Uint16Array)[at] = count;
    this.lengths[term] = at + 1;
    if (this.bits[term] !== undefined) this.setBit(term, slot);
  }

  /** The slots and counts of the cases containing `term` (oldest first), how many, and its bitmap if it has one. */
  of(term: number): {
    slots: Int32Array;
    counts: Uint16Array;
    length: number;
    bits: Uint32Array | undefined;
  } {
    if (term >= this.terms)
      return { slots: EMPTY_SLOTS, counts: EMPTY_COUNTS, length: 0, bits: undefined };
    return {
      slots: this.slots[term] as Int32Array,
      counts: this.counts[term] as Uint16Array,
      length: this.lengths[term] as number,
      bits: this.bits[term],
    };
  }

  /** The terms that have a bitmap. */
  mappedTerms(): readonly number[] {
    return this.mapped;
  }

  /** Gives a bitmap to every term in at least `cases` ÷ 32 cases that has none yet. */
  mapDenseTerms(cases: number): void {
    for (let term = 0; term < this.terms; term++) {
      const length = this.lengths[term] as number;
      if (this.bits[term] !== undefined || length * 32 < cases || length === 0) continue;
      const slots = this.slots[term] as Int32Array;
      this.bits[term] = new Uint32Array(((slots[length - 1] as number) >>> 5) + 1);
      for (let i = 0; i < length; i++) this.setBit(term, slots[i] as number);
      this.mapped.push(term);
    }
  }

  /** How many cases contain each term, by term id (a copy). */
  documentFrequencies(): Int32Array {
    return this.lengths.slice(0, this.terms);
  }

  get bytes(): number {
    let sum = this.lengths.byteLength;
    for (let t = 0; t < this.terms; t++)
      sum +=
        (this.slots[t] as Int32Array).byteLength +
        (this.counts[t] as Uint16Array).byteLength +
        (this.bits[t]?.byteLength ?? 0);
    return sum;
  }

  private setBit(term: number, slot: number): void {
    let bits = this.bits[term] as Uint32Array;
    const word = slot >>> 5;
    if (word >= bits.length) {
      // A quarter more than needed: a dense term's bitmap grows with every case.
      const next = new Uint32Array(Math.max(word + 1, Math.ceil(bits.length * 1.25)));
      next.set(bits);
      bits = next;
      this.bits[term] = bits;
    }
    bits[word] = (bits[word] as number) | (1 << (slot & 31));
  }

  private addTerms(count: number): void {
    if (this.lengths.length < count) {
      let size = this.lengths.length;
      while (size < count) size *= 2;
      const lengths = new Int32Array(size);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    for (let t = this.terms; t < count; t++) {
      this.slots.push(new Int32Array(2));
      this.counts.push(new Uint16Array(2));
      this.bits.push(undefined);
    }
    this.terms = count;
  }
}

const EMPTY_SLOTS = new Int32Array(0);
const EMPTY_COUNTS = new Uint16Array(0);

const doubled = <A extends Int32Array | Uint16Array>(array: A): A => {
  const next = new (array.constructor as new (n: number) => A)(array.length * 2);
  next.set(array);
  return next;
};
