import {
  dateTimeText,
  lastZone,
  NO_TIME,
  readDateTime,
  TEXT_KEPT,
} from "../projections/date-time-codes.js";
import { StringCodes } from "../projections/string-codes.js";

/** A petition as the practice report judges it, in the plain form of a snapshot. */
export interface PetitionFact {
  topic?: string;
  receivedAt: string;
  resolvedAt?: string;
}

const PETITION_STREAM = "petition-";

/**
 * The practice report's facts of every petition — its topic and reception time
 * (每月一题's volume before and after a cycle) and when it was first resolved
 * (包案) — in columns: one row per petition, the two times as instants and zone
 * codes in typed arrays, the topic as a dictionary code. A log of 1M events
 * holds ≈ 170,000 petitions; as one object each (with its time texts) the
 * collector marked all of them again as the log was read. A time text is
 * written again from its instant and zone when a snapshot is made; a form that
 * is not `…±HH:MM` or `…Z` is kept as written, beside.
 */
export class PetitionColumns {
  /** Rows by stream id (`petition-<id>`): the event's own string, whose hash it keeps. */
  private readonly rows = new Map<string, number>();
  private readonly streamIds: string[] = [];
  private received = new Float64Array(0);
  private resolved = new Float64Array(0);
  /** Zone codes: row * 2 (received) and row * 2 + 1 (resolved); NO_TIME when none. */
  private zones = new Int16Array(0);
  private topicCodes = new Int32Array(0);
  private readonly topics = new StringCodes();
  /** Time texts kept as written (TEXT_KEPT), by the zone's index. */
  private readonly keptTexts = new Map<number, string>();

  get size(): number {
    return this.streamIds.length;
  }

  /** A registration: the petition's facts start again (a second registration replaces the first). */
  register(streamId: string, receivedAt: string, topic: string | undefined): void {
    let row = this.rows.get(streamId);
    if (row === undefined) {
      row = this.streamIds.length;
      if (row >= this.received.length) this.grow();
      this.rows.set(streamId, row);
      this.streamIds.push(streamId);
    }
    this.received[row] = this.setTime(row * 2, receivedAt);
    this.resolved[row] = Number.NaN;
    this.setTime(row * 2 + 1, null);
    this.topicCodes[row] = this.topics.codeOf(topic ?? null);
  }

  /** The first resolution of a registered petition (later ones keep the first). */
  resolve(streamId: string, at: string): void {
    const row = this.rows.get(streamId);
    if (row === undefined || this.zones[row * 2 + 1] !== NO_TIME) return;
    this.resolved[row] = this.setTime(row * 2 + 1, at);
  }

  /** The row of a petition by its id, or -1. */
  find(petitionId: string): number {
    return this.rows.get(PETITION_STREAM + petitionId) ?? -1;
  }

  /** The instant of a row's reception (NaN when its text is no date, as Date.parse gives). */
  receivedAt(row: number): number {
    return this.received[row]!;
  }

  /** The instant of a row's first resolution, NaN when none. */
  resolvedAt(row: number): number {
    return this.resolved[row]!;
  }

  /** A row's topic, or null. */
  topic(row: number): string | null {
    return this.topics.textOf(this.topicCodes[row]!);
  }

  /** The plain form: petitions by id, in the order they were first registered. */
  toRecord(): Record<string, PetitionFact> {
    const record: Record<string, PetitionFact> = {};
    for (let row = 0; row < this.size; row++) {
      const topic = this.topic(row);
      const resolvedAt = this.timeText(row * 2 + 1, this.resolved[row]!);
      record[this.streamIds[row]!.slice(PETITION_STREAM.length)] = {
        receivedAt: this.timeText(row * 2, this.received[row]!)!,
        ...(topic === null ? {} : { topic }),
        ...(resolvedAt === null ? {} : { resolvedAt }),
      };
    }
    return record;
  }

  /** Columns holding a plain record's petitions. */
  static fromRecord(record: Record<string, PetitionFact>): PetitionColumns {
    const columns = new PetitionColumns();
    for (const [id, p] of Object.entries(record)) {
      const streamId = PETITION_STREAM + id;
      columns.register(streamId, p.receivedAt, p.topic);
      if (p.resolvedAt !== undefined) columns.resolve(streamId, p.resolvedAt);
    }
    return columns;
  }

  /** Keep a time's zone (or its text) at `slot`; its instant is returned. */
  private setTime(slot: number, text: string | null): number {
    if (this.keptTexts.size > 0) this.keptTexts.delete(slot);
    if (text === null) {
      this.zones[slot] = NO_TIME;
      return Number.NaN;
    }
    const ms = readDateTime(text);
    this.zones[slot] = lastZone;
    if (lastZone === TEXT_KEPT) this.keptTexts.set(slot, text);
    return ms;
  }

  private timeText(slot: number, ms: number): string | null {
    const zone = this.zones[slot]!;
    if (zone === NO_TIME) return null;
    if (zone === TEXT_KEPT) return this.keptTexts.get(slot)!;
    return dateTimeText(ms, zone);
  }

  private grow(): void {
    const rows = Math.max(1024, this.received.length * 2);
    const grown = <T extends Float64Array | Int16Array | Int32Array>(old: T, length: number): T => {
      const next = new (old.constructor as new (n: number) => T)(length);
      next.set(old);
      return next;
    };
    this.received = grown(this.received, rows);
    this.resolved = grown(this.resolved, rows);
    this.zones = grown(this.zones, rows * 2);
    this.topicCodes = grown(this.topicCodes, rows);
  }
}
