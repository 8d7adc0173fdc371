import type { PetitionState } from "@petitio/core";

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

/** Every field of PetitionState, none optional: the compiler holds the copy below complete. */
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
 * The state a stream holds after `s` (what `evolve` returned), `held` the one
 * it held before: a new object in the fixed shape for the stream's first
 * event, else `held` itself with every field of `s` written into it.
 */
export const holdState = (
  held: PetitionState | undefined,
  s: PetitionState,
  shared: SharedStrings,
): PetitionState =>
  held === undefined ? compactState(s, undefined, shared) : updateState(held, s, shared);

/** `s` in the fixed shape, a new object; `held` is the stream's state before it (its strings are reused). */
export const compactState = (
  s: PetitionState,
  held: PetitionState | undefined,
  shared: SharedStrings,
): PetitionState => {
  const copy: Full = {
    petitionId: s.petitionId,
    streamId: s.streamId,
    status: s.status,
    version: s.version,
    position: s.position,
    lastOccurredAt: s.lastOccurredAt,
    stage: s.stage,
    dueAt: shared.of(s.dueAt, held?.dueAt),
    channel: s.channel,
    category: s.category,
    anonymous: s.anonymous,
    petitionerIds: s.petitionerIds,
    representatives: s.representatives,
    receivedAt: s.receivedAt,
    registeredBy: shared.of(s.registeredBy, held?.registeredBy)!,
    repeatOf: s.repeatOf,
    org: shared.of(s.org, held?.org),
    routingMode: s.routingMode,
    objectedBy: s.objectedBy,
    objection: s.objection,
    reviewOrg: shared.of(s.reviewOrg, held?.reviewOrg),
    reexaminationOrg: shared.of(s.reexaminationOrg, held?.reexaminationOrg),
    routingDueAt: shared.of(s.routingDueAt, held?.routingDueAt),
    acceptanceDueAt: shared.of(s.acceptanceDueAt, held?.acceptanceDueAt),
    objectionDueAt: shared.of(s.objectionDueAt, held?.objectionDueAt),
    reportBackDueAt: shared.of(s.reportBackDueAt, held?.reportBackDueAt),
    handlingDueAt: shared.of(s.handlingDueAt, held?.handlingDueAt),
    reviewRequestDueAt: shared.of(s.reviewRequestDueAt, held?.reviewRequestDueAt),
    reviewDueAt: shared.of(s.reviewDueAt, held?.reviewDueAt),
    reexaminationRequestDueAt: shared.of(
      s.reexaminationRequestDueAt,
      held?.reexaminationRequestDueAt,
    ),
    reexaminationDueAt: shared.of(s.reexaminationDueAt, held?.reexaminationDueAt),
    callBackDueAt: shared.of(s.callBackDueAt, held?.callBackDueAt),
    requestType: s.requestType,
    callBack: s.callBack,
    rehandlings: s.rehandlings,
    extensionUsed: s.extensionUsed,
    extensionDays: s.extensionDays,
    hearing: s.hearing,
    hearingsHeld: s.hearingsHeld,
    hearingSpans: s.hearingSpans,
    periodStarts: s.periodStarts,
    firstReplyAt: s.firstReplyAt,
    replyDeliveredAt: s.replyDeliveredAt,
    rating: s.rating,
    concludedReason: shared.of(s.concludedReason, held?.concludedReason),
    mergedInto: s.mergedInto,
    reminders: s.reminders,
    supervisions: s.supervisions,
  };
  return copy as PetitionState;
};

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
