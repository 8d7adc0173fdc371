/**
 * Many short strings held as UTF-16 code units in one growing typed array,
 * with their start offsets: a million petitions' ids, titles, places and
 * petitioner keys as two arrays instead of four million string objects (less
 * memory, and nothing for the collector to mark). Strings are compared where
 * they lie and copied out only when a caller needs one.
 */
const CHUNK = 4096;

export class StringPool {
  private chars = new Uint16Array(1 << 12);
  private starts = new Uint32Array(1 << 10).fill(0);
  private size = 0;

  get count(): number {
    return this.size;
  }

  get bytes(): number {
    return this.chars.byteLength + this.starts.byteLength;
  }

  /** Appends `text`; returns its index. */
  add(text: string): number {
    const from = this.starts[this.size] ?? 0;
    const to = from + text.length;
    if (to > this.chars.length) {
      const chars = new Uint16Array(Math.max(to, this.chars.length * 2));
      chars.set(this.chars.subarray(0, from));
      this.chars = chars;
    }
    if (this.size + 2 > this.starts.length) {
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    for (let i = 0; i < text.length; i++) this.chars[from + i] = text.charCodeAt(i);
    this.starts[++this.size] = to;
    return this.size - 1;
  }

  get(index: number): string {
    const from = this.starts[index] ?? 0;
    const to = this.starts[index + 1] ?? 0;
    let text = "";
    // A chunk a call: arguments to one call are limited.
    for (let at = from; at < to; at += CHUNK) {
      const part = this.chars.subarray(at, Math.min(to, at + CHUNK));
      text += String.fromCharCode.apply(null, part as unknown as number[]);
    }
    return text;
  }

  /** Whether string `index` is `text`. */
  equals(index: number, text: string): boolean {
    const from = this.starts[index] ?? 0;
    const to = this.starts[index + 1] ?? 0;
    return to - from === text.length && this.matchesAt(from, text);
  }

  /** Whether string `index` is `text`, or has `text` as one of its parts between `separator`s. */
  hasPart(index: number, text: string, separator: string): boolean {
    if (this.equals(index, text)) return true;
    const from = this.starts[index] ?? 0;
    const to = this.starts[index + 1] ?? 0;
    const sep = separator.charCodeAt(0);
    let partStart = from;
    for (let i = from; i <= to; i++) {
      if (i < to && this.chars[i] !== sep) continue;
      if (i - partStart === text.length && this.matchesAt(partStart, text)) return true;
      partStart = i + 1;
    }
    return false;
  }

  private matchesAt(at: number, text: string): boolean {
    for (let i = 0; i < text.length; i++)
      if (this.chars[at + i] !== text.charCodeAt(i)) return false;
    return true;
  }
}
