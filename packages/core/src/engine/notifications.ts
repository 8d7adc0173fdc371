import type { EventEnvelope } from "../events/envelope.js";
import type { PetitionState } from "../lifecycle/state.js";
import type { OutboxMessage } from "../store/event-store.js";

/**
 * Outbox rows written in the same append as the events they announce (DESIGN
 * §9): notices to the petitioner (acceptance or not, W22 Art. 23; the written
 * reply, Art. 32; review and re-examination decisions, Art. 35–36) — none when
 * the petition is anonymous — and 催办 / 督办 notices to the org responsible for
 * the running stage. One row per channel; the delivery key
 * `${streamId}:${version}:${channel}` makes a re-sent append harmless.
 */

export type NoticeKind =
  | "acceptanceNotice"
  | "notAcceptedNotice"
  | "extensionNotice"
  | "reply"
  | "decision"
  | "reminder"
  | "supervision";

const petitionerNotices: Partial<Record<string, NoticeKind>> = {
  PetitionAccepted: "acceptanceNotice",
  PetitionNotAccepted: "notAcceptedNotice",
  // The reason and the new due date travel in the row's data (HandlingExtended).
  HandlingExtended: "extensionNotice",
  ReplyIssued: "reply",
  ReviewDecided: "decision",
  ReexaminationDecided: "decision",
};

/** The org that must act in the running stage. */
const responsibleOrg = (state: PetitionState): string | undefined => {
  switch (state.stage) {
    case "routing":
      return state.registeredBy;
    case "review":
      return state.reviewOrg;
    case "reexamination":
      return state.reexaminationOrg;
    default:
      return state.org;
  }
};

export function notificationsFor(
  events: readonly EventEnvelope[],
  before: PetitionState | undefined,
  after: PetitionState,
  channels: readonly string[],
): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  for (const event of events) {
    let kind: NoticeKind | undefined;
    let recipient: Record<string, unknown> | undefined;
    const toPetitioner = petitionerNotices[event.type];
    if (toPetitioner !== undefined) {
      const sent = event.data.noticeSent;
      if (after.anonymous || sent === false) continue;
      kind = toPetitioner;
      recipient = { role: "petitioner", petitionId: after.petitionId };
    } else if (event.type === "ReminderIssued" || event.type === "SupervisionIssued") {
      kind = event.type === "ReminderIssued" ? "reminder" : "supervision";
      // The 12345 call-back is the hotline office's own duty (BJ Art. 23); a report-back the handling org's.
      const org =
        event.data.stage === "callBack"
          ? before?.registeredBy
          : before
            ? responsibleOrg(before)
            : undefined;
      recipient = org === undefined ? { role: "agency" } : { role: "agency", org };
    }
    if (kind === undefined || recipient === undefined) continue;
    for (const channel of channels) {
      messages.push({
        key: `${event.streamId}:${event.version}:${channel}`,
        channel,
        payload: {
          kind,
          petitionId: after.petitionId,
          streamId: event.streamId,
          version: event.version,
          eventType: event.type,
          occurredAt: event.occurredAt,
          recipient,
          data: event.data,
        },
      });
    }
  }
  return messages;
}
