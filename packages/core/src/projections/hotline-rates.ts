import type { RATINGS, RequestType } from "../events/catalog.js";
import type { EventEnvelope } from "../events/envelope.js";
import { instantMs } from "../time/instant-ms.js";
import { type EventClass, isLaterThan } from "./event-class.js";
import { isLaterTime } from "./later-time.js";
import type { Rate } from "./metrics.js";
import { TYPE, typeCode } from "./type-codes.js";

/**
 * The core rates of 12345 接诉即办 (BJ Art. 32 names 响应率, 解决率, 满意率
 * without formulas), and the on-time rates of the ticket's own limits. Our
 * reading, written out in docs/metrics.md:
 *
 * - response 响应率: tickets signed for (accepted) by their acceptance due time ÷
 *   tickets whose acceptance due time has passed (or that were accepted);
 * - resolution 解决率: tickets whose latest call-back says resolved ÷ tickets called back;
 * - satisfaction 满意率: tickets whose latest call-back rates satisfied or basically
 *   satisfied ÷ tickets called back;
 * - on-time handling 按期办结率: tickets replied by the due time of their latest
 *   handling run (BJ Art. 13, a 退回再办 starts a new run) ÷ tickets whose run is due;
 * - on-time call-back 按期回访率: tickets called back by the `callBackDueAt` of their
 *   latest reply ÷ tickets whose call-back is due (BJ Art. 23);
 * - caller contacted 联系率: tickets whose handling org contacted the caller
 *   (`CallerContacted`) before the reply of its latest run ÷ tickets replied after
 *   a dispatch (BJ Art. 15(1)).
 *
 * A ticket is a petition registered with a `requestType` or on the `hotline` channel.
 */
export interface HotlineRates {
  tickets: number;
  /** Tickets per request type (BJ Art. 11); `(none)` for hotline tickets registered without one. */
  byRequestType: Record<string, number>;
  /** Consultations answered at registration, never dispatched (BJ Art. 11 ¶1); in none of the rates below. */
  answeredAtOnce: number;
  response: Rate;
  resolution: Rate;
  satisfaction: Rate;
  onTimeHandling: Rate;
  onTimeCallBack: Rate;
  callerContacted: Rate;
}

export interface HotlineRateOptions {
  /** Events after it are ignored and due times after it are not yet due (default: the log's last event). */
  asOf?: string;
  /** The ratings that count as satisfied (default `satisfied`, `basicallySatisfied`). */
  satisfiedRatings?: readonly Rating[];
}

interface Ticket {
  requestType: RequestType | undefined;
  registeredAt: number;
  answeredAtOnce?: true;
  acceptanceDueAt?: number;
  acceptedAt?: number;
  /** The latest handling run: its due time and the first reply after it started. */
  handlingDueAt?: number;
  repliedAt?: number;
  /** The first contact with the caller in the latest handling run (BJ Art. 15(1)). */
  contactedAt?: number;
  callBackDueAt?: number;
  calledBackAt?: number;
  callBack?: { resolved: boolean; rating: string };
}

type Rating = (typeof RATINGS)[number];

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

const DEFAULT_SATISFIED: readonly Rating[] = ["satisfied", "basicallySatisfied"];

/** A time-bound duty: due once its time has passed or once it was done; on time if done by then. */
const duty = (dueAt: number | undefined, doneAt: number | undefined, asOf: number) => {
  const due = dueAt !== undefined && (doneAt !== undefined || dueAt <= asOf);
  return { due, onTime: due && doneAt !== undefined && doneAt <= (dueAt ?? 0) };
};

/**
 * The 12345 rates as a fold, for a reader that streams the log once for several
 * reports (the CLI report): `apply` every event, then `result()`.
 */
export const hotlineRatesFold = (options: HotlineRateOptions = {}) => {
  const limit = options.asOf === undefined ? Number.POSITIVE_INFINITY : instantMs(options.asOf);
  const satisfiedRatings = options.satisfiedRatings ?? DEFAULT_SATISFIED;
  const tickets = new Map<string, Ticket>();
  /** The latest occurredAt folded (any stream): the asOf of a fold without one. */
  let lastText: string | null = null;
  const bounded = limit !== Number.POSITIVE_INFINITY;

  /** Fold one event (`c`: its classification, when the pass made one, event-class.ts). */
  const fold = (event: EventEnvelope, c: EventClass | undefined): void => {
    // Without asOf no event is skipped, and only a ticket's events need their instant.
    let at = bounded ? instantMs(event.occurredAt) : Number.NaN;
    if (at > limit) return;
    // (An occurredAt that is no date-time is never the latest, as NaN never was.)
    if (
      lastText === null
        ? !Number.isNaN(bounded ? at : instantMs(event.occurredAt))
        : c === undefined
          ? isLaterTime(event.occurredAt, lastText)
          : isLaterThan(c, event.occurredAt, lastText)
    ) {
      lastText = event.occurredAt;
    }
    const code = c === undefined ? typeCode(event.type) : c.code;
    const data = event.data as Record<string, unknown>;
    if (code === TYPE.PetitionRegistered) {
      if (data.requestType !== undefined || data.channel === "hotline") {
        tickets.set(event.streamId, {
          requestType: data.requestType as RequestType | undefined,
          registeredAt: bounded ? at : instantMs(event.occurredAt),
        });
      }
      return;
    }
    // Most logs hold no ticket at all: no lookup of the stream then.
    const ticket = tickets.size === 0 ? undefined : tickets.get(event.streamId);
    if (!ticket) return;
    if (!bounded) at = instantMs(event.occurredAt);
    switch (code) {
      case TYPE.PetitionRouted:
        // An objection re-routes the ticket: the latest routing's limit counts.
        ticket.acceptanceDueAt = instantMs(data.acceptanceDueAt as string);
        break;
      case TYPE.PetitionAccepted:
        ticket.acceptedAt ??= at;
        ticket.handlingDueAt = instantMs(data.handlingDueAt as string);
        break;
      case TYPE.HandlingExtended:
        ticket.handlingDueAt = instantMs(data.handlingDueAt as string);
        break;
      case TYPE.ReturnedForRehandling:
        // 退回再办: a new handling run, judged by its own limit and its own reply.
        ticket.handlingDueAt = instantMs(data.handlingDueAt as string);
        delete ticket.repliedAt;
        delete ticket.contactedAt;
        delete ticket.callBackDueAt;
        delete ticket.calledBackAt;
        break;
      case TYPE.ReplyIssued:
        if (ticket.acceptanceDueAt === undefined && at === ticket.registeredAt) {
          ticket.answeredAtOnce = true;
        }
        ticket.repliedAt ??= at;
        if (typeof data.callBackDueAt === "string") {
          ticket.callBackDueAt = instantMs(data.callBackDueAt);
        }
        break;
      case TYPE.CallerContacted:
        ticket.contactedAt ??= at;
        break;
      case TYPE.CallBackRecorded:
        ticket.calledBackAt ??= at;
        ticket.callBack = { resolved: data.resolved === true, rating: String(data.rating) };
        break;
    }
  };

  const result = (): HotlineRates | null => {
    if (tickets.size === 0) return null;
    const asOf = bounded
      ? limit
      : lastText === null
        ? Number.NEGATIVE_INFINITY
        : instantMs(lastText);
    const byRequestType: Record<string, number> = {};
    let answeredAtOnce = 0;
    const n = { due: 0, responded: 0, calledBack: 0, resolved: 0, satisfied: 0 };
    const handling = { due: 0, onTime: 0 };
    const callBack = { due: 0, onTime: 0 };
    const contact = { replied: 0, contacted: 0 };
    for (const t of tickets.values()) {
      const type = t.requestType ?? "(none)";
      byRequestType[type] = (byRequestType[type] ?? 0) + 1;
      if (t.answeredAtOnce) answeredAtOnce += 1;
      const response = duty(t.acceptanceDueAt, t.acceptedAt, asOf);
      if (response.due) n.due += 1;
      if (response.onTime) n.responded += 1;
      for (const [counter, d] of [
        [handling, duty(t.handlingDueAt, t.repliedAt, asOf)],
        [callBack, duty(t.callBackDueAt, t.calledBackAt, asOf)],
      ] as const) {
        if (d.due) counter.due += 1;
        if (d.onTime) counter.onTime += 1;
      }
      if (t.repliedAt !== undefined && !t.answeredAtOnce) {
        contact.replied += 1;
        if (t.contactedAt !== undefined && t.contactedAt <= t.repliedAt) contact.contacted += 1;
      }
      if (t.callBack) {
        n.calledBack += 1;
        if (t.callBack.resolved) n.resolved += 1;
        if (satisfiedRatings.includes(t.callBack.rating as Rating)) n.satisfied += 1;
      }
    }
    return {
      tickets: tickets.size,
      byRequestType,
      answeredAtOnce,
      response: rate(n.responded, n.due),
      resolution: rate(n.resolved, n.calledBack),
      satisfaction: rate(n.satisfied, n.calledBack),
      onTimeHandling: rate(handling.onTime, handling.due),
      onTimeCallBack: rate(callBack.onTime, callBack.due),
      callerContacted: rate(contact.contacted, contact.replied),
    };
  };

  return {
    apply: (event: EventEnvelope): void => fold(event, undefined),
    /** `apply` for a pass that classified the event already (event-class.ts). */
    applyClassified: fold,
    result,
  };
};

/** The 12345 rates of a log, or null when it holds no 12345 ticket. */
export const computeHotlineRates = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: HotlineRateOptions = {},
): Promise<HotlineRates | null> => {
  const fold = hotlineRatesFold(options);
  for await (const event of events) fold.apply(event);
  return fold.result();
};
