/**
 * An inverted index in typed arrays: for each term id, the slots of the
 * cases that contain it (ascending, as cases are added) and the term's count
 * in each. One pair of arrays a term, doubled as it fills.
 */
export class Postings {
  private slots: Int32Array[] = [];
  private counts: Uint16Array[] = [];
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
  }

  /** The slots and counts of the cases containing `term` (oldest first), and how many there are. */
  of(term: number): { slots: Int32Array; counts: Uint16Array; length: number } {
    if (term >= this.terms) return { slots: EMPTY_SLOTS, counts: EMPTY_COUNTS, length: 0 };
    return {
      slots: this.slots[term] as Int32Array,
      counts: this.counts[term] as Uint16Array,
      length: this.lengths[term] as number,
    };
  }

  /** How many cases contain each term, by term id (a copy). */
  documentFrequencies(): Int32Array {
    return this.lengths.slice(0, this.terms);
  }

  get bytes(): number {
    let sum = this.lengths.byteLength;
    for (let t = 0; t < this.terms; t++)
      sum += (this.slots[t] as Int32Array).byteLength + (this.counts[t] as Uint16Array).byteLength;
    return sum;
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
