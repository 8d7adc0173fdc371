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
 * What a stream holds after `event`, `held` the one it held before: an ended
 * petition's shared record (ended-state.ts), else the state `evolve` folds,
 * written into the stream's one object (a new one in the fixed shape for the
 * stream's first event).
 */
export const holdNext = (
  held: PetitionState | undefined,
  event: EventEnvelope,
  shared: SharedStrings,
): PetitionState => {
  if (held !== undefined && isTerminal(held.status)) return afterEnd(held, event);
  const s = evolve(held, event);
  if (isTerminal(s.status)) return endedState(s.status, s.concludedReason);
  return holdState(held, s, shared);
};

/**
 * The state a stream holds after `s` (what `evolve` returned), `held` the one
 * it held before: a new object in the fixed shape for the stream's first
 * event, else `held` itself with every field of `s` written into it.
 */
export const holdState = (
  held: PetitionState | undefined,
  s: PetitionState,
  shared: SharedStrings,
): PetitionState => updateState(held ?? (blankState() as PetitionState), s, shared);

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
 * `s` written into `held`, the stream's state before it, in place: a stream
 * keeps one object for its whole log (no new object a line for the collector
 * to find among the old ones).
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
  target.petitionerIds = s.petitionerIds;
  target.representatives = s.representatives;
  target.receivedAt = s.receivedAt;
  target.registeredBy = shared.of(s.registeredBy, held.registeredBy)!;
  target.repeatOf = s.repeatOf;
  target.org = shared.of(s.org, held.org);
  target.routingMode = s.routingMode;
  target.objectedBy = s.objectedBy;
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
  target.hearingsHeld = s.hearingsHeld;
  target.hearingSpans = s.hearingSpans;
  target.periodStarts = s.periodStarts;
  target.firstReplyAt = s.firstReplyAt;
  target.replyDeliveredAt = s.replyDeliveredAt;
  target.rating = s.rating;
  target.concludedReason = shared.of(s.concludedReason, held.concludedReason);
  target.mergedInto = s.mergedInto;
  target.reminders = s.reminders;
  target.supervisions = s.supervisions;
  return held;
};
