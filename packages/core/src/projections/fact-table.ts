import type { Category, Stage } from "../events/catalog.js";
import { dateTimeText, lastZone, NO_TIME, readDateTime, TEXT_KEPT } from "./date-time-codes.js";
import type { Awaiting, ClosedBy, PetitionFacts, Rating } from "./petition-facts.js";
import { StringCodes } from "./string-codes.js";

/**
 * The petition fact table stored in columns: a row number per petition, its
 * times and counters in one Float64Array, its strings as dictionary codes
 * and its flags in one Int32Array, and only the id and the title as strings.
 * At 1M events the table holds ≈ 170,000 petitions; as objects (≈ 35 fields,
 * a boxed number per time, several strings each) the collector marked all
 * of them again and again while the table grew. Typed arrays hold no
 * references, so it marks next to nothing here. `PetitionFacts` objects are
 * made only when asked for (`petitions`, `factsAt`).
 */

// Numbers, row-major in `num` (NUM per row). A nullable time is -Infinity when null:
// no instant is (Date.parse gives NaN or a finite number), and JSON snapshots hold no infinities.
export const RECEIVED_AT = 0;
export const FIRST_ROUTING_DUE_AT = 1;
export const ACCEPTANCE_DUE_AT = 2;
export const FIRST_DECISION_AT = 3;
export const HANDLING_DUE_AT = 4;
export const FIRST_REPLY_AT = 5;
export const FIRST_REPLY_DELIVERED_AT = 6;
export const FIRST_REVIEW_REQUEST_AT = 7;
export const FIRST_REPEAT_LINK_AT = 8;
/** The instants of `routingDueAt` and `stageDueAt` (their text: zone codes below). */
export const ROUTING_DUE_MS = 9;
export const STAGE_DUE_MS = 10;
export const FOLLOWERS = 11;
export const REMINDERS = 12;
export const SUPERVISIONS = 13;
export const MAX_SUPERVISION_LEVEL = 14;
export const NUM = 15;

// Codes, row-major in `code` (CODE per row).
export const CATEGORY = 0;
export const TOPIC = 1;
export const REGISTERED_BY = 2;
export const ROUTED_TO = 3;
export const RATING = 4;
export const CLOSED_BY = 5;
export const STAGE = 6;
export const AWAITING = 7;
export const ROUTING_DUE_ZONE = 8;
export const STAGE_DUE_ZONE = 9;
export const FLAGS = 10;
export const CODE = 11;

// Bits of FLAGS.
export const REGISTERED = 1;
export const ROUTING_PENDING = 2;
export const ROUTING_LATE = 4;
export const IS_REPEAT = 8;

export const NULL_TIME = Number.NEGATIVE_INFINITY;

/** The stream of a petition is `petition-<id>`; rows are found by stream id, whose hash the event's string keeps. */
export const PETITION_STREAM = "petition-";

const timeOrNull = (v: number): number | null => (v === NULL_TIME ? null : v);

export class FactTable {
  /** Greatest `occurredAt` folded so far, as written in the log: the default `asOf`. */
  lastOccurredAt: string | null = null;
  /** Rows in use. */
  size = 0;
  num = new Float64Array(0);
  code = new Int32Array(0);
  /** The stream id of each row (`petition-<id>`). */
  readonly streamIds: string[] = [];
  readonly titles: string[] = [];
  readonly categories = new StringCodes<Category>();
  readonly topics = new StringCodes();
  /** Orgs, for both `registeredBy` and `routedTo` (the same names recur in both). */
  readonly orgs = new StringCodes();
  readonly ratings = new StringCodes<Rating>();
  readonly closings = new StringCodes<ClosedBy>();
  readonly stages = new StringCodes<Stage>();
  readonly awaitings = new StringCodes<Awaiting>();
  /** Due-time texts that are not in a form rebuilt from their instant, by `row * 2 + (0 routing | 1 stage)`. */
  private readonly keptTexts = new Map<number, string>();
  /** Rows by stream id. */
  private readonly rows = new Map<string, number>();
  /** The last due-time text read, its instant and zone code (one event often stores one text twice). */
  private readText = "";
  private readMs = Number.NaN;
  private readZone = TEXT_KEPT;
  readonly officeCode = this.awaitings.codeOf("office");
  readonly petitionerCode = this.awaitings.codeOf("petitioner");
  readonly closureCode = this.awaitings.codeOf("closure");
  private view: FactsView | undefined;

  /** The row of a petition, or -1. */
  find(petitionId: string): number {
    return this.rows.get(PETITION_STREAM + petitionId) ?? -1;
  }

  /** The row of a petition by its id (`rowOf` its stream). */
  rowOfPetition(petitionId: string): number {
    return this.rowOf(PETITION_STREAM + petitionId);
  }

  /** The row of a petition's stream, added (with no facts yet) the first time it is named. */
  rowOf(streamId: string): number {
    const found = this.rows.get(streamId);
    if (found !== undefined) return found;
    const row = this.size++;
    if (row * NUM >= this.num.length) this.grow();
    this.rows.set(streamId, row);
    this.streamIds.push(streamId);
    this.titles.push("");
    const n = row * NUM;
    for (let i = RECEIVED_AT; i <= STAGE_DUE_MS; i++) this.num[n + i] = NULL_TIME;
    this.code[row * CODE + AWAITING] = this.officeCode;
    this.code[row * CODE + ROUTING_DUE_ZONE] = NO_TIME;
    this.code[row * CODE + STAGE_DUE_ZONE] = NO_TIME;
    return row;
  }

  private grow(): void {
    const rows = Math.max(1024, this.num.length / NUM) * 2;
    const num = new Float64Array(rows * NUM);
    num.set(this.num);
    this.num = num;
    const code = new Int32Array(rows * CODE);
    code.set(this.code);
    this.code = code;
  }

  /** Set a due time's text (`which`: ROUTING_DUE_MS or STAGE_DUE_MS); its instant is kept for the rules. */
  setDueText(row: number, which: number, text: string | null): void {
    const zoneAt = row * CODE + (which === ROUTING_DUE_MS ? ROUTING_DUE_ZONE : STAGE_DUE_ZONE);
    const key = row * 2 + (which === ROUTING_DUE_MS ? 0 : 1);
    if (text === null) {
      this.num[row * NUM + which] = NULL_TIME;
      this.code[zoneAt] = NO_TIME;
    } else {
      const ms = this.instantOf(text);
      const zone = this.readZone;
      this.num[row * NUM + which] = ms;
      this.code[zoneAt] = zone;
      if (zone === TEXT_KEPT) {
        this.keptTexts.set(key, text);
        return;
      }
    }
    if (this.keptTexts.size > 0) this.keptTexts.delete(key);
  }

  /**
   * The instant of a due-time text (as `instantMs`), read once for the column
   * and the stage it sets; its zone code is left in `readZone`.
   */
  instantOf(text: string): number {
    if (text !== this.readText) {
      this.readMs = readDateTime(text);
      this.readZone = lastZone;
      this.readText = text;
    }
    return this.readMs;
  }

  /** A due time's text as it was set. */
  dueText(row: number, which: number): string | null {
    const zone =
      this.code[row * CODE + (which === ROUTING_DUE_MS ? ROUTING_DUE_ZONE : STAGE_DUE_ZONE)]!;
    if (zone === NO_TIME) return null;
    if (zone === TEXT_KEPT)
      return this.keptTexts.get(row * 2 + (which === ROUTING_DUE_MS ? 0 : 1))!;
    return dateTimeText(this.num[row * NUM + which]!, zone);
  }

  /** A time of a row (RECEIVED_AT … FIRST_REPEAT_LINK_AT), or null. */
  time(row: number, field: number): number | null {
    return timeOrNull(this.num[row * NUM + field]!);
  }

  hasFlag(row: number, flag: number): boolean {
    return (this.code[row * CODE + FLAGS]! & flag) !== 0;
  }

  /** The petition id of a row. */
  petitionIdAt(row: number): string {
    return this.streamIds[row]!.slice(PETITION_STREAM.length);
  }

  /** The facts of a row, as a fresh plain object. */
  factsAt(row: number): PetitionFacts {
    const n = row * NUM;
    const c = row * CODE;
    const num = this.num;
    const code = this.code;
    const flags = code[c + FLAGS]!;
    return {
      petitionId: this.petitionIdAt(row),
      registered: (flags & REGISTERED) !== 0,
      receivedAt: timeOrNull(num[n + RECEIVED_AT]!),
      title: this.titles[row]!,
      category: this.categories.textOf(code[c + CATEGORY]!),
      topic: this.topics.textOf(code[c + TOPIC]!),
      registeredBy: this.orgs.textOf(code[c + REGISTERED_BY]!),
      routedTo: this.orgs.textOf(code[c + ROUTED_TO]!),
      routingDueAt: this.dueText(row, ROUTING_DUE_MS),
      firstRoutingDueAt: timeOrNull(num[n + FIRST_ROUTING_DUE_AT]!),
      routingPending: (flags & ROUTING_PENDING) !== 0,
      routingLate: (flags & ROUTING_LATE) !== 0,
      isRepeat: (flags & IS_REPEAT) !== 0,
      acceptanceDueAt: timeOrNull(num[n + ACCEPTANCE_DUE_AT]!),
      firstDecisionAt: timeOrNull(num[n + FIRST_DECISION_AT]!),
      handlingDueAt: timeOrNull(num[n + HANDLING_DUE_AT]!),
      firstReplyAt: timeOrNull(num[n + FIRST_REPLY_AT]!),
      firstReplyDeliveredAt: timeOrNull(num[n + FIRST_REPLY_DELIVERED_AT]!),
      firstReviewRequestAt: timeOrNull(num[n + FIRST_REVIEW_REQUEST_AT]!),
      firstRepeatLinkAt: timeOrNull(num[n + FIRST_REPEAT_LINK_AT]!),
      followers: num[n + FOLLOWERS]!,
      rating: this.ratings.textOf(code[c + RATING]!),
      closedBy: this.closings.textOf(code[c + CLOSED_BY]!),
      stage: this.stages.textOf(code[c + STAGE]!),
      stageDueAt: this.dueText(row, STAGE_DUE_MS),
      awaiting: this.awaitings.textOf(code[c + AWAITING]!)!,
      reminders: num[n + REMINDERS]!,
      supervisions: num[n + SUPERVISIONS]!,
      maxSupervisionLevel: num[n + MAX_SUPERVISION_LEVEL]!,
    };
  }

  /** Write every field of `f` into its row (a snapshot being loaded). */
  put(f: PetitionFacts): void {
    const row = this.rowOfPetition(f.petitionId);
    const n = row * NUM;
    const c = row * CODE;
    const time = (v: number | null) => (v === null ? NULL_TIME : v);
    this.titles[row] = f.title;
    this.num[n + RECEIVED_AT] = time(f.receivedAt);
    this.num[n + FIRST_ROUTING_DUE_AT] = time(f.firstRoutingDueAt);
    this.num[n + ACCEPTANCE_DUE_AT] = time(f.acceptanceDueAt);
    this.num[n + FIRST_DECISION_AT] = time(f.firstDecisionAt);
    this.num[n + HANDLING_DUE_AT] = time(f.handlingDueAt);
    this.num[n + FIRST_REPLY_AT] = time(f.firstReplyAt);
    this.num[n + FIRST_REPLY_DELIVERED_AT] = time(f.firstReplyDeliveredAt);
    this.num[n + FIRST_REVIEW_REQUEST_AT] = time(f.firstReviewRequestAt);
    this.num[n + FIRST_REPEAT_LINK_AT] = time(f.firstRepeatLinkAt);
    this.num[n + FOLLOWERS] = f.followers;
    this.num[n + REMINDERS] = f.reminders;
    this.num[n + SUPERVISIONS] = f.supervisions;
    this.num[n + MAX_SUPERVISION_LEVEL] = f.maxSupervisionLevel;
    this.setDueText(row, ROUTING_DUE_MS, f.routingDueAt);
    this.setDueText(row, STAGE_DUE_MS, f.stageDueAt);
    this.code[c + CATEGORY] = this.categories.codeOf(f.category);
    this.code[c + TOPIC] = this.topics.codeOf(f.topic);
    this.code[c + REGISTERED_BY] = this.orgs.codeOf(f.registeredBy);
    this.code[c + ROUTED_TO] = this.orgs.codeOf(f.routedTo);
    this.code[c + RATING] = this.ratings.codeOf(f.rating);
    this.code[c + CLOSED_BY] = this.closings.codeOf(f.closedBy);
    this.code[c + STAGE] = this.stages.codeOf(f.stage);
    this.code[c + AWAITING] = this.awaitings.codeOf(f.awaiting);
    this.code[c + FLAGS] =
      (f.registered ? REGISTERED : 0) |
      (f.routingPending ? ROUTING_PENDING : 0) |
      (f.routingLate ? ROUTING_LATE : 0) |
      (f.isRepeat ? IS_REPEAT : 0);
  }

  /**
   * Every row in order as ONE reused object whose fields read the columns
   * when they are read: for a query that reads a few fields of each petition
   * and keeps none (metrics), no object and no due-time text per petition.
   * Valid only until the next step of the iteration.
   */
  *rowCursor(): Generator<PetitionFacts> {
    const cursor = new RowCursor(this);
    for (let row = 0; row < this.size; row++) {
      cursor.row = row;
      yield cursor;
    }
  }

  /** The petitions by id, in the order they were first named, made into objects as they are read. */
  get petitions(): ReadonlyMap<string, PetitionFacts> {
    this.view ??= new FactsView(this);
    return this.view;
  }
}

/** One row of the table read as `PetitionFacts`, field by field (FactTable.rowCursor). */
class RowCursor implements PetitionFacts {
  row = 0;
  constructor(private readonly t: FactTable) {}
  private numAt(field: number): number {
    return this.t.num[this.row * NUM + field]!;
  }
  private timeAt(field: number): number | null {
    return timeOrNull(this.t.num[this.row * NUM + field]!);
  }
  private codeAt(field: number): number {
    return this.t.code[this.row * CODE + field]!;
  }
  private flag(bit: number): boolean {
    return (this.t.code[this.row * CODE + FLAGS]! & bit) !== 0;
  }
  get petitionId(): string {
    return this.t.petitionIdAt(this.row);
  }
  get registered(): boolean {
    return this.flag(REGISTERED);
  }
  get receivedAt(): number | null {
    return this.timeAt(RECEIVED_AT);
  }
  get title(): string {
    return this.t.titles[this.row]!;
  }
  get category(): Category | null {
    return this.t.categories.textOf(this.codeAt(CATEGORY));
  }
  get topic(): string | null {
    return this.t.topics.textOf(this.codeAt(TOPIC));
  }
  get registeredBy(): string | null {
    return this.t.orgs.textOf(this.codeAt(REGISTERED_BY));
  }
  get routedTo(): string | null {
    return this.t.orgs.textOf(this.codeAt(ROUTED_TO));
  }
  get routingDueAt(): string | null {
    return this.t.dueText(this.row, ROUTING_DUE_MS);
  }
  get firstRoutingDueAt(): number | null {
    return this.timeAt(FIRST_ROUTING_DUE_AT);
  }
  get routingPending(): boolean {
    return this.flag(ROUTING_PENDING);
  }
  get routingLate(): boolean {
    return this.flag(ROUTING_LATE);
  }
  get isRepeat(): boolean {
    return this.flag(IS_REPEAT);
  }
  get acceptanceDueAt(): number | null {
    return this.timeAt(ACCEPTANCE_DUE_AT);
  }
  get firstDecisionAt(): number | null {
    return this.timeAt(FIRST_DECISION_AT);
  }
  get handlingDueAt(): number | null {
    return this.timeAt(HANDLING_DUE_AT);
  }
  get firstReplyAt(): number | null {
    return this.timeAt(FIRST_REPLY_AT);
  }
  get firstReplyDeliveredAt(): number | null {
    return this.timeAt(FIRST_REPLY_DELIVERED_AT);
  }
  get firstReviewRequestAt(): number | null {
    return this.timeAt(FIRST_REVIEW_REQUEST_AT);
  }
  get firstRepeatLinkAt(): number | null {
    return this.timeAt(FIRST_REPEAT_LINK_AT);
  }
  get followers(): number {
    return this.numAt(FOLLOWERS);
  }
  get rating(): Rating | null {
    return this.t.ratings.textOf(this.codeAt(RATING));
  }
  get closedBy(): ClosedBy | null {
    return this.t.closings.textOf(this.codeAt(CLOSED_BY));
  }
  get stage(): Stage | null {
    return this.t.stages.textOf(this.codeAt(STAGE));
  }
  get stageDueAt(): string | null {
    return this.t.dueText(this.row, STAGE_DUE_MS);
  }
  get awaiting(): Awaiting {
    return this.t.awaitings.textOf(this.codeAt(AWAITING))!;
  }
  get reminders(): number {
    return this.numAt(REMINDERS);
  }
  get supervisions(): number {
    return this.numAt(SUPERVISIONS);
  }
  get maxSupervisionLevel(): number {
    return this.numAt(MAX_SUPERVISION_LEVEL);
  }
}

/** A read-only Map over the table: each read gives a fresh `PetitionFacts` object. */
class FactsView implements ReadonlyMap<string, PetitionFacts> {
  constructor(private readonly table: FactTable) {}

  get size(): number {
    return this.table.size;
  }

  get(petitionId: string): PetitionFacts | undefined {
    const row = this.table.find(petitionId);
    return row === -1 ? undefined : this.table.factsAt(row);
  }

  has(petitionId: string): boolean {
    return this.table.find(petitionId) !== -1;
  }

  *keys(): MapIterator<string> {
    for (let row = 0; row < this.table.size; row++) yield this.table.petitionIdAt(row);
  }

  *values(): MapIterator<PetitionFacts> {
    for (let row = 0; row < this.table.size; row++) yield this.table.factsAt(row);
  }

  *entries(): MapIterator<[string, PetitionFacts]> {
    for (let row = 0; row < this.table.size; row++) {
      yield [this.table.petitionIdAt(row), this.table.factsAt(row)];
    }
  }

  [Symbol.iterator](): MapIterator<[string, PetitionFacts]> {
    return this.entries();
  }

  forEach(
    callback: (value: PetitionFacts, key: string, map: ReadonlyMap<string, PetitionFacts>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
