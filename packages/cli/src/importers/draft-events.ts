import type { Actor } from "@petitio/core";
import { formatInZone } from "../util/zoned-time.js";
import type { DraftEvent } from "./draft.js";
import type { StageDeadlines } from "./importer.js";

/**
 * The steps every importer builds the same way from a record: registration
 * (received in the importer's zone, routing due from then) and the answer
 * followed by the conclusion when the review-request window lapses.
 */

export interface Registration {
  at: number;
  intake: Actor;
  registeredBy: string;
  /** The record's own fields, first in the event's data. */
  data: Record<string, unknown>;
}

/** Registration: the record's fields, then receivedAt, registeredBy and the routing due time. */
export const registrationEvent = (
  registration: Registration,
  deadlines: StageDeadlines,
  timeZone: string,
): DraftEvent => {
  const { at, intake, registeredBy, data } = registration;
  return {
    type: "PetitionRegistered",
    at,
    actor: intake,
    data: {
      ...data,
      receivedAt: formatInZone(at, timeZone),
      registeredBy,
      routingDueAt: deadlines.routing(at),
    },
  };
};

export interface Reply {
  at: number;
  agency: Actor;
  org: string;
  summary: string;
  legalBasis: string[];
  /** Why the reply time differs from the source's, when it does. */
  adjusted?: string | undefined;
  /** The source says the case is closed: its conclusion is kept even after the source ends. */
  closedInSource?: boolean;
}

/**
 * The reply ("explained") and, as the source records no review request, the
 * conclusion when the review-request window lapses (W22 Art. 35), one second
 * after its due time.
 */
export const replyThenLapse = (
  reply: Reply,
  deadlines: StageDeadlines,
  timeZone: string,
): DraftEvent[] => {
  const { at, agency, org, summary, legalBasis, adjusted, closedInSource } = reply;
  const reviewRequestDueAt = deadlines.reviewRequest(at);
  return [
    {
      type: "ReplyIssued",
      at,
      actor: agency,
      data: {
        org,
        outcome: "explained",
        summary,
        legalBasis,
        deliveredAt: formatInZone(at, timeZone),
        reviewRequestDueAt,
      },
      ...(adjusted ? { adjusted } : {}),
    },
    {
      type: "PetitionConcluded",
      at: Date.parse(reviewRequestDueAt) + 1000,
      actor: { id: "system", role: "system" },
      data: { reason: "reviewWindowLapsed" },
      synthesized: true,
      ...(closedInSource ? { attested: true } : {}),
    },
  ];
};
