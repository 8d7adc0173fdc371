import { type EventEnvelope, evolve, isTerminal, type PetitionState } from "@petitio/core";
import { afterEnd, endedState } from "./ended-state.js";

/**
 * The state verify holds per stream, in one fixed shape. `evolve` returns
 * states of many shapes (each stage adds its fields, and an optional field it
 * removes is deleted, which turns a V8 object into a hash table of ≈ 2.3 KB);
 * verify keeps a million of them and folds each one again per event. Copied
 * into one literal with every field in one order, each state is a compact
 * object (≈ 0.9 KB), every copy `evolve` makes of it takes the same fast path,
 * and the rules read fields at fixed places.
 *
 * A field the state lacks is held as `undefined`: the rules, `evolve` and the
 * due-time checks only read fields, so they judge such a state exactly as the
 * state it was copied from (the verify tests and the judge's property test
 * hold them to that). Strings that repeat across petitions (due times, org
 * ids) are kept once: a value new to this stream is looked up in `shared`.
 */

/** Every field of PetitionState, none optional: the compiler holds `blankState` complete. */
type Field = keyof PetitionState;
type Full = { [K in Field]: PetitionState[K] | undefined };

/** One copy of each repeated string; the first seen is kept. */
export class SharedStrings {
  private readonly strings = new Map<string, string>();

  /** `value`, or the copy of it seen before; `held` (the stream's current copy) is kept when equal. */
  of(value: string | undefined, held: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (value === held) return held;
    let shared = this.strings.get(value);
    if (shared === undefined) {
      shared = value;
      this.strings.set(value, value);
    }
    return shared;
  }
}

/**
 * The states of the streams verify follows: one object per stream, in one
 * shape. An ended petition gives its object back (its stream holds a shared
 * record, ended-state.ts) and the next new stream takes it: a long log then
 * holds objects for the petitions open at once, not one for every petition
 * it names, and no stream's object becomes garbage the collector has to find.
 */
export class HeldStates {
  /** Due times (end of a day, mostly) and org ids repeat across petitions: one copy each. */
  readonly strings = new SharedStrings();
  private readonly spare: PetitionState[] = [];

  /**
   * What a stream holds after `event`, `held` the one it held before: an
   * ended petition's shared record, else the state `evolve` folds, written
   * into the stream's one object.
   */
  next(held: PetitionState | undefined, event: EventEnvelope): PetitionState {
    if (held !== undefined && isTerminal(held.status)) return afterEnd(held, event);
    const s = evolve(held, event);
    if (isTerminal(s.status)) {
      if (held !== undefined) this.spare.push(held);
      return endedState(s.status, s.concludedReason);
    }
    return updateState(held ?? this.spare.pop() ?? blank(), s, this.strings);
  }
}

/**
 * The state a stream holds after `s` (what `evolve` returned), `held` the one
 * it held before: a new object in the fixed shape for the stream's first
 * event, else `held` itself with every field of `s` written into it.
 */
export const holdState = (
  held: PetitionState | undefined,
  s: PetitionState,
  shared: SharedStrings,
): PetitionState => updateState(held ?? blank(), s, shared);

const blank = (): PetitionState => blankState() as PetitionState;

/** One empty list and one empty record for every state that has none: `evolve` replaces them, never changes them. */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const NO_PERIODS: PetitionState["periodStarts"] = Object.freeze({});
const listOf = <T>(list: T[]): T[] => (list.length === 0 ? NONE : list);
const isEmpty = (record: object): boolean => {
  for (const _ in record) return false;
  return true;
};

/** Every field, undefined, in the one order all held states share (the compiler holds it complete). */
const blankState = (): Full => ({
  petitionId: undefined,
  streamId: undefined,
  status: undefined,
  version: undefined,
  position: undefined,
  lastOccurredAt: undefined,
  stage: undefined,
  dueAt: undefined,
  channel: undefined,
  category: undefined,
  anonymous: undefined,
  petitionerIds: undefined,
  representatives: undefined,
  receivedAt: undefined,
  registeredBy: undefined,
  repeatOf: undefined,
  org: undefined,
  routingMode: undefined,
  objectedBy: undefined,
  objection: undefined,
  reviewOrg: undefined,
  reexaminationOrg: undefined,
  routingDueAt: undefined,
  acceptanceDueAt: undefined,
  objectionDueAt: undefined,
  reportBackDueAt: undefined,
  handlingDueAt: undefined,
  reviewRequestDueAt: undefined,
  reviewDueAt: undefined,
  reexaminationRequestDueAt: undefined,
  reexaminationDueAt: undefined,
  callBackDueAt: undefined,
  requestType: undefined,
  callBack: undefined,
  rehandlings: undefined,
  extensionUsed: undefined,
  extensionDays: undefined,
  hearing: undefined,
  hearingsHeld: undefined,
  hearingSpans: undefined,
  periodStarts: undefined,
  firstReplyAt: undefined,
  replyDeliveredAt: undefined,
  rating: undefined,
  concludedReason: undefined,
  mergedInto: undefined,
  reminders: undefined,
  supervisions: undefined,
});

/**
 * `s` written into `held`, the stream's state before it (or a spare object),
 * in place, every field: a stream keeps one object for its whole log (no new
 * object a line for the collector to find among the old ones).
 */
export const updateState = (
  held: PetitionState,
  s: PetitionState,
  shared: SharedStrings,
): PetitionState => {
  const target = held as Full;
  target.petitionId = s.petitionId;
  target.streamId = s.streamId;
  target.status = s.status;
  target.version = s.version;
  target.position = s.position;
  target.lastOccurredAt = s.lastOccurredAt;
  target.stage = s.stage;
  target.dueAt = shared.of(s.dueAt, held.dueAt);
  target.channel = s.channel;
  target.category = s.category;
  target.anonymous = s.anonymous;
  target.petitionerIds = listOf(s.petitionerIds);
  target.representatives = s.representatives;
  target.receivedAt = s.receivedAt;
  target.registeredBy = shared.of(s.registeredBy, held.registeredBy)!;
  target.repeatOf = s.repeatOf;
  target.org = shared.of(s.org, held.org);
  target.routingMode = s.routingMode;
  target.objectedBy = listOf(s.objectedBy);
  target.objection = s.objection;
  target.reviewOrg = shared.of(s.reviewOrg, held.reviewOrg);
  target.reexaminationOrg = shared.of(s.reexaminationOrg, held.reexaminationOrg);
  target.routingDueAt = shared.of(s.routingDueAt, held.routingDueAt);
  target.acceptanceDueAt = shared.of(s.acceptanceDueAt, held.acceptanceDueAt);
  target.objectionDueAt = shared.of(s.objectionDueAt, held.objectionDueAt);
  target.reportBackDueAt = shared.of(s.reportBackDueAt, held.reportBackDueAt);
  target.handlingDueAt = shared.of(s.handlingDueAt, held.handlingDueAt);
  target.reviewRequestDueAt = shared.of(s.reviewRequestDueAt, held.reviewRequestDueAt);
  target.reviewDueAt = shared.of(s.reviewDueAt, held.reviewDueAt);
  target.reexaminationRequestDueAt = shared.of(
    s.reexaminationRequestDueAt,
    held.reexaminationRequestDueAt,
  );
  target.reexaminationDueAt = shared.of(s.reexaminationDueAt, held.reexaminationDueAt);
  target.callBackDueAt = shared.of(s.callBackDueAt, held.callBackDueAt);
  target.requestType = s.requestType;
  target.callBack = s.callBack;
  target.rehandlings = s.rehandlings;
  target.extensionUsed = s.extensionUsed;
  target.extensionDays = s.extensionDays;
  target.hearing = s.hearing;
  target.hearingsHeld = listOf(s.hearingsHeld);
  target.hearingSpans = listOf(s.hearingSpans);
  target.periodStarts = isEmpty(s.periodStarts) ? NO_PERIODS : s.periodStarts;
  target.firstReplyAt = s.firstReplyAt;
  target.replyDeliveredAt = s.replyDeliveredAt;
  target.rating = s.rating;
  target.concludedReason = shared.of(s.concludedReason, held.concludedReason);
  target.mergedInto = s.mergedInto;
  target.reminders = listOf(s.reminders);
  target.supervisions = listOf(s.supervisions);
  return held;
};
