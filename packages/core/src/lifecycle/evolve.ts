import type { EventDataMap, PetitionEventType } from "../events/catalog.js";
import { type EventEnvelope, petitionIdOf } from "../events/envelope.js";
import { isTerminal, type PetitionState, stageOf, stageRunKey, supervisionKey } from "./state.js";

/**
 * Fold one stored event into the petition state. A plain reducer: loading a
 * stream costs one small object copy per event, never a statechart step
 * (DESIGN §4; the machine decides new commands only). It trusts the log: the
 * legality of an event is `checkEvent`'s job, so `evolve` never throws on a
 * well-formed event, and ignores types it does not know (custom events,
 * notification bookkeeping) except for advancing the version.
 */
export function evolve(state: PetitionState | undefined, event: EventEnvelope): PetitionState {
  const base = state ?? initialState(event);
  const next = apply(base, event);
  const placed: PetitionState = {
    ...next,
    version: event.version,
    position: event.position,
    lastOccurredAt: event.occurredAt,
  };
  const { stage, dueAt } = stageOf(placed);
  placed.stage = stage;
  placed.dueAt = dueAt;
  if (stage === undefined) delete placed.stage;
  if (dueAt === undefined) delete placed.dueAt;
  return placed;
}

/** Fold a whole stream (events in version order). */
export const foldStream = (events: Iterable<EventEnvelope>): PetitionState | undefined => {
  let state: PetitionState | undefined;
  for (const event of events) state = evolve(state, event);
  return state;
};

type Data<K extends PetitionEventType> = EventDataMap[K];

/** Before `PetitionRegistered` (or for a stream that lacks it, which `checkEvent` reports). */
const initialState = (event: EventEnvelope): PetitionState => ({
  petitionId: petitionIdOf(event.streamId) ?? event.streamId,
  streamId: event.streamId,
  status: "registered",
  version: 0,
  position: 0,
  lastOccurredAt: event.occurredAt,
  channel: "online",
  category: "claim",
  anonymous: false,
  petitionerIds: [],
  receivedAt: event.occurredAt,
  registeredBy: event.actor.org ?? event.actor.id,
  objectedBy: [],
  extensionUsed: false,
  hearingsHeld: [],
  reminders: [],
  supervisions: [],
});

const idsOf = (petitioners: readonly Record<string, unknown>[]): string[] =>
  petitioners.flatMap((p) => (typeof p.id === "string" ? [p.id] : []));

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function apply(s: PetitionState, event: EventEnvelope): PetitionState {
  const d = event.data;
  switch (event.type) {
    case "PetitionRegistered": {
      const r = d as Data<"PetitionRegistered">;
      const next: PetitionState = {
        ...s,
        petitionId: r.petitionId,
        status: "registered",
        channel: r.channel,
        category: r.category,
        anonymous: r.anonymous,
        petitionerIds: idsOf(r.petitioners),
        receivedAt: r.receivedAt,
        registeredBy: r.registeredBy,
        routingDueAt: r.routingDueAt,
      };
      if (r.representatives !== undefined) next.representatives = r.representatives;
      return next;
    }
    case "RepeatPetitionLinked": {
      const r = d as Data<"RepeatPetitionLinked">;
      return {
        ...s,
        repeatOf: {
          previousPetitionId: r.previousPetitionId,
          sameFactsAndReasons: r.sameFactsAndReasons,
        },
      };
    }
    case "PetitionRouted": {
      const r = d as Data<"PetitionRouted">;
      const next: PetitionState = {
        ...s,
        status: "routed",
        org: r.toOrg,
        routingMode: r.mode,
        acceptanceDueAt: r.acceptanceDueAt,
      };
      setOptional(next, "reportBackDueAt", r.reportBackDueAt);
      setOptional(next, "objectionDueAt", str(d.objectionDueAt));
      return next;
    }
    case "RoutingObjected": {
      const r = d as Data<"RoutingObjected">;
      const next: PetitionState = {
        ...s,
        status: "objected",
        objectedBy: [...s.objectedBy, r.byOrg],
      };
      // Our engine starts a new routing period on objection; older logs keep the first one.
      const routingDueAt = str(d.routingDueAt);
      if (routingDueAt !== undefined) next.routingDueAt = routingDueAt;
      delete next.org;
      delete next.objectionDueAt;
      return next;
    }
    case "PetitionRedirected":
      return { ...s, status: "redirected" };
    case "PetitionAccepted": {
      const r = d as Data<"PetitionAccepted">;
      return { ...s, status: "accepted", org: r.org, handlingDueAt: r.handlingDueAt };
    }
    case "PetitionNotAccepted":
      return { ...s, status: "notAccepted" };
    case "HandlingExtended": {
      const r = d as Data<"HandlingExtended">;
      return {
        ...s,
        extensionUsed: true,
        extensionDays: r.days,
        handlingDueAt: r.handlingDueAt,
      };
    }
    case "MediationRecorded":
      return s;
    case "HearingStarted": {
      const r = d as Data<"HearingStarted">;
      return { ...s, hearing: { stage: r.stage, startedAt: event.occurredAt } };
    }
    case "HearingEnded": {
      const r = d as Data<"HearingEnded">;
      const next: PetitionState = {
        ...s,
        hearingsHeld: s.hearingsHeld.includes(r.stage)
          ? s.hearingsHeld
          : [...s.hearingsHeld, r.stage],
      };
      delete next.hearing;
      // Hearing time is not counted (W22 Art. 36 ¶2): the engine stores the moved due time here.
      const moved = str(d.reexaminationDueAt);
      if (moved !== undefined) next.reexaminationDueAt = moved;
      return next;
    }
    case "ReplyIssued": {
      const r = d as Data<"ReplyIssued">;
      const next: PetitionState = {
        ...s,
        status: "replied",
        replyDeliveredAt: r.deliveredAt,
        reviewRequestDueAt: r.reviewRequestDueAt,
        firstReplyAt: s.firstReplyAt ?? event.occurredAt,
      };
      setOptional(next, "callBackDueAt", str(d.callBackDueAt));
      return next;
    }
    case "SatisfactionEvaluated":
      return { ...s, rating: (d as Data<"SatisfactionEvaluated">).rating };
    case "ReviewRequested": {
      const r = d as Data<"ReviewRequested">;
      return { ...s, status: "underReview", reviewOrg: r.toOrg, reviewDueAt: r.reviewDueAt };
    }
    case "ReviewDecided": {
      const r = d as Data<"ReviewDecided">;
      return { ...s, status: "reviewed", reexaminationRequestDueAt: r.reexaminationRequestDueAt };
    }
    case "ReexaminationRequested": {
      const r = d as Data<"ReexaminationRequested">;
      return {
        ...s,
        status: "underReexamination",
        reexaminationOrg: r.toOrg,
        reexaminationDueAt: r.reexaminationDueAt,
      };
    }
    case "ReexaminationDecided":
      return { ...s, status: "final" };
    case "PetitionConcluded": {
      const reason = (d as Data<"PetitionConcluded">).reason;
      // A closing record after an exit keeps the exit as the status.
      if (isTerminal(s.status)) return { ...s, concludedReason: reason };
      return { ...s, status: "concluded", concludedReason: reason };
    }
    case "PetitionWithdrawn":
      return { ...s, status: "withdrawn" };
    case "PetitionMerged":
      return {
        ...s,
        status: "merged",
        mergedInto: (d as Data<"PetitionMerged">).intoPetitionId,
      };
    case "ReminderIssued": {
      const r = d as Data<"ReminderIssued">;
      return { ...s, reminders: [...s.reminders, stageRunKey(r.stage, r.dueAt)] };
    }
    case "SupervisionIssued": {
      const r = d as Data<"SupervisionIssued">;
      return { ...s, supervisions: [...s.supervisions, supervisionKey(r.stage, r.dueAt, r.level)] };
    }
    default:
      return s;
  }
}

function setOptional<K extends keyof PetitionState>(
  state: PetitionState,
  key: K,
  value: PetitionState[K] | undefined,
): void {
  if (value === undefined) delete state[key];
  else state[key] = value;
}
