import { chainHash, GENESIS_HASH, isChainHash } from "./chain.js";
import type { ChainHead } from "./checkpoint.js";

/**
 * Recomputes the hash chain of a log line by line (docs/log-integrity.md) and
 * says where and how it breaks. It keeps one short key per line to tell the
 * kinds of break apart, so memory grows by about 40 bytes a line.
 */

export type ChainBreakKind =
  /** The line's content no longer gives its own hash: it was edited. */
  | "edited"
  /** The line follows a line further back: the lines in between were inserted. */
  | "inserted"
  /** The line follows a hash no line in the log has: lines before it were deleted. */
  | "deleted"
  /** The line follows a line that comes after it: lines were moved. */
  | "reordered"
  /** The line has no (or malformed) `prevHash` / `hash` while others do. */
  | "unsealed";

export interface ChainBreak {
  /** 1-based line of the log (or rank in a store). */
  line: number;
  position?: number;
  kind: ChainBreakKind;
  message: string;
}

/** How the log compares to a published head. */
export interface HeadCheck {
  ok: boolean;
  /** The line holding the head, when found. */
  line?: number;
  message: string;
}

export interface ChainReport {
  /** Lines that carry chain fields. */
  sealed: number;
  /** Lines that carry none. */
  unsealed: number;
  breaks: ChainBreak[];
  /** Breaks found beyond the first MAX_BREAKS, counted only. */
  omitted: number;
  /** Position and hash of the last sealed line. */
  last?: ChainHead;
  head?: HeadCheck;
}

/** Lookup key of a hash: 12 bytes of it are plenty to tell lines apart. */
/** Breaks kept in detail; a log broken on every line needs no million messages. */
export const MAX_BREAKS = 1000;

const keyOf = (hash: string): string => hash.slice(0, 24);

interface Pending {
  line: number;
  position?: number;
  prevKey: string;
  /** Line whose hash was expected as this line's predecessor. */
  after: number;
}

export class ChainVerifier {
  private readonly lineOfHash = new Map<string, number>();
  private readonly breaks: ChainBreak[] = [];
  /** Link breaks whose kind depends on lines not read yet. */
  private readonly pending: Pending[] = [];
  /** Lines that precede the line they follow: `from` follows `to`. */
  private readonly moves: { from: number; to: number }[] = [];
  private expected: string | undefined = GENESIS_HASH;
  private expectedLine = 0;
  private sealed = 0;
  private unsealed = 0;
  private firstUnsealedLine: number | undefined;
  private last: ChainHead | undefined;
  private headLine: number | undefined;
  private headAtPosition: { line: number; hash: string } | undefined;
  private maxPosition = 0;
  private omitted = 0;

  constructor(private readonly head?: { hash: string; position?: number }) {}

  /** A parsed line of the log (the raw JSON object, before any decoding). */
  push(line: number, raw: unknown): void {
    const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const position = typeof r.position === "number" ? r.position : undefined;
    const where = position === undefined ? { line } : { line, position };
    if (position !== undefined) this.maxPosition = Math.max(this.maxPosition, position);
    const { prevHash, hash } = r;
    if (prevHash === undefined && hash === undefined) {
      this.unsealed++;
      this.firstUnsealedLine ??= line;
      this.expected = undefined; // the next sealed line cannot be linked to this one
      return;
    }
    this.sealed++;
    if (!isChainHash(prevHash) || !isChainHash(hash)) {
      this.record({
        ...where,
        kind: "unsealed",
        message: "prevHash and hash must both be 64 lowercase hex digits",
      });
      this.expected = undefined;
      return;
    }
    this.lineOfHash.set(keyOf(hash), line);
    this.trackHead(line, position, hash);
    const recomputed = chainHash(prevHash, r);
    if (recomputed !== hash) {
      this.record({
        ...where,
        kind: "edited",
        message: `the line's content gives hash ${recomputed.slice(0, 12)}…, not the ${hash.slice(0, 12)}… it carries: it was changed after it was written`,
      });
    } else if (this.expected !== undefined && prevHash !== this.expected) {
      this.linkBreak(line, position, prevHash);
    }
    this.expected = hash;
    this.expectedLine = line;
    this.last = { position: position ?? 0, hash };
  }

  private room(): boolean {
    return this.breaks.length + this.pending.length < MAX_BREAKS;
  }

  private record(found: ChainBreak): void {
    if (this.room()) this.breaks.push(found);
    else this.omitted++;
  }

  /** A line that could not be read: the next line is not linked to it. */
  unreadable(): void {
    this.expected = undefined;
  }

  private linkBreak(line: number, position: number | undefined, prevHash: string): void {
    const earlier = this.lineOfHash.get(keyOf(prevHash));
    const where = position === undefined ? { line } : { line, position };
    if (prevHash === GENESIS_HASH) {
      this.record({
        ...where,
        kind: "inserted",
        message: `the line starts a new chain (prevHash is the genesis hash) after line ${this.expectedLine}: lines 1–${this.expectedLine} were inserted before it`,
      });
    } else if (earlier !== undefined) {
      this.record({
        ...where,
        kind: "inserted",
        message: `the line follows line ${earlier}, not line ${this.expectedLine}: line${this.expectedLine - earlier > 1 ? `s ${earlier + 1}–${this.expectedLine} were` : ` ${this.expectedLine} was`} inserted or moved here`,
      });
    } else {
      if (this.room()) {
        this.pending.push({ line, position, prevKey: keyOf(prevHash), after: this.expectedLine });
      } else this.omitted++;
    }
  }

  private trackHead(line: number, position: number | undefined, hash: string): void {
    if (!this.head) return;
    if (hash === this.head.hash) this.headLine ??= line;
    if (this.head.position !== undefined && position === this.head.position) {
      this.headAtPosition ??= { line, hash };
    }
  }

  finish(): ChainReport {
    for (const p of this.pending) {
      const later = this.lineOfHash.get(p.prevKey);
      const where =
        p.position === undefined ? { line: p.line } : { line: p.line, position: p.position };
      if (later !== undefined && later > p.line) {
        this.moves.push({ from: p.line, to: later });
        this.breaks.push({
          ...where,
          kind: "reordered",
          message: `the line follows line ${later}, which comes after it: lines were moved`,
        });
      } else {
        this.breaks.push({
          ...where,
          kind: "deleted",
          message:
            p.after === 0
              ? "the first line does not follow the genesis hash: lines before it were deleted (or the log is a partial export)"
              : `the line does not follow line ${p.after} nor any line in the log: lines between them were deleted, or line ${p.after} was replaced`,
        });
      }
    }
    // A move also breaks the links around the place the lines came from: report the move once.
    const breaks = this.breaks
      .filter(
        (b) =>
          !(b.kind === "inserted" && this.moves.some((m) => m.from < b.line && b.line <= m.to + 1)),
      )
      .sort((a, b) => a.line - b.line);
    if (this.sealed > 0 && this.unsealed > 0 && this.firstUnsealedLine !== undefined) {
      breaks.unshift({
        line: this.firstUnsealedLine,
        kind: "unsealed",
        message: `${this.unsealed} line${this.unsealed === 1 ? "" : "s"} carry no chain fields while ${this.sealed} do: chain fields were removed or lines added without them`,
      });
      breaks.sort((a, b) => a.line - b.line);
    }
    const report: ChainReport = {
      sealed: this.sealed,
      unsealed: this.unsealed,
      breaks,
      omitted: this.omitted,
      ...(this.last ? { last: this.last } : {}),
    };
    if (this.head) report.head = this.checkHead(this.head);
    return report;
  }

  private checkHead(head: { hash: string; position?: number }): HeadCheck {
    const short = `${head.hash.slice(0, 12)}…`;
    if (head.position !== undefined) {
      if (this.headAtPosition?.hash === head.hash) {
        return {
          ok: true,
          line: this.headAtPosition.line,
          message: `the published head (position ${head.position}, ${short}) is line ${this.headAtPosition.line}`,
        };
      }
      if (this.headAtPosition) {
        return {
          ok: false,
          line: this.headAtPosition.line,
          message: `at position ${head.position} (line ${this.headAtPosition.line}) the log has hash ${this.headAtPosition.hash.slice(0, 12)}…, the published head says ${short}: the log was rewritten`,
        };
      }
      if (this.maxPosition < head.position) {
        return {
          ok: false,
          message: `the log ends at position ${this.maxPosition}, before the published head at position ${head.position}: its tail was cut off`,
        };
      }
      return {
        ok: false,
        message: `no line has position ${head.position}, the published head: the log was truncated or rewritten`,
      };
    }
    if (this.headLine !== undefined) {
      return {
        ok: true,
        line: this.headLine,
        message: `the published head ${short} is line ${this.headLine}`,
      };
    }
    return {
      ok: false,
      message: `no line has the published head hash ${short}: the log was truncated or rewritten`,
    };
  }
}
