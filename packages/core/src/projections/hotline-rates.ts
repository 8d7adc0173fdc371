import type { EventEnvelope } from "../events/envelope.js";
import type { Rate } from "./metrics.js";

/**
 * The three core rates of 12345 接诉即办 (BJ Art. 32 names 响应率, 解决率, 满意率
 * without formulas). Our reading, written out in docs/metrics.md:
 *
 * - response 响应率: tickets signed for (accepted) by their acceptance due time ÷
 *   tickets whose acceptance due time has passed (or that were accepted);
 * - resolution 解决率: tickets whose latest call-back says resolved ÷ tickets called back;
 * - satisfaction 满意率: tickets whose latest call-back rates satisfied or basically
 *   satisfied ÷ tickets called back.
 *
 * A ticket is a petition registered with a `requestType` or on the `hotline` channel.
 */
export interface HotlineRates {
  tickets: number;
  response: Rate;
  resolution: Rate;
  satisfaction: Rate;
}

export interface HotlineRateOptions {
  /** Events after it are ignored and due times after it are not yet due (default: the log's last event). */
  asOf?: string;
}

interface Ticket {
  acceptanceDueAt?: number;
  acceptedAt?: number;
  callBack?: { resolved: boolean; satisfied: boolean };
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

/** The 12345 rates of a log, or null when it holds no 12345 ticket. */
export const computeHotlineRates = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: HotlineRateOptions = {},
): Promise<HotlineRates | null> => {
  const limit = options.asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(options.asOf);
  const tickets = new Map<string, Ticket>();
  let last = Number.NEGATIVE_INFINITY;
  for await (const event of events) {
    const at = Date.parse(event.occurredAt);
    if (at > limit) continue;
    last = Math.max(last, at);
    const data = event.data as Record<string, unknown>;
    if (event.type === "PetitionRegistered") {
      if (data.requestType !== undefined || data.channel === "hotline") {
        tickets.set(event.streamId, {});
      }
      continue;
    }
    const ticket = tickets.get(event.streamId);
    if (!ticket) continue;
    if (event.type === "PetitionRouted") {
      // An objection re-routes the ticket: the latest routing's limit counts.
      ticket.acceptanceDueAt = Date.parse(data.acceptanceDueAt as string);
    } else if (event.type === "PetitionAccepted") {
      ticket.acceptedAt ??= at;
    } else if (event.type === "CallBackRecorded") {
      ticket.callBack = {
        resolved: data.resolved === true,
        satisfied: data.rating === "satisfied" || data.rating === "basicallySatisfied",
      };
    }
  }
  if (tickets.size === 0) return null;
  const asOf = options.asOf === undefined ? last : limit;
  let due = 0;
  let responded = 0;
  let calledBack = 0;
  let resolved = 0;
  let satisfied = 0;
  for (const t of tickets.values()) {
    if (
      t.acceptanceDueAt !== undefined &&
      (t.acceptedAt !== undefined || t.acceptanceDueAt <= asOf)
    ) {
      due += 1;
      if (t.acceptedAt !== undefined && t.acceptedAt <= t.acceptanceDueAt) responded += 1;
    }
    if (t.callBack) {
      calledBack += 1;
      if (t.callBack.resolved) resolved += 1;
      if (t.callBack.satisfied) satisfied += 1;
    }
  }
  return {
    tickets: tickets.size,
    response: rate(responded, due),
    resolution: rate(resolved, calledBack),
    satisfaction: rate(satisfied, calledBack),
  };
};
