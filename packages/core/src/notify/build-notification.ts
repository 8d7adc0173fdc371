import type { EventEnvelope } from "../events/envelope.js";
import { petitionIdOf } from "../events/envelope.js";
import { isProtectedValue, isRedactionMarker } from "../privacy/field-cipher.js";
import type { OutboxRow } from "../store/event-store.js";
import { DeliveryError } from "./delivery-error.js";
import type {
  Notification,
  NotificationRecipient,
  PetitionerContact,
  PetitionSummary,
} from "./notification.js";
import { isNotificationKind, type NoticeInput, renderNotice } from "./templates.js";

/** What the dispatcher knows besides the row: display settings for the templates. */
export interface RenderSettings {
  timeZone?: string;
  orgName?: (org: string) => string;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** A contact value a person can read: not ciphertext whose key we lack, not an erasure marker. */
const readable = (v: unknown): string | undefined =>
  isProtectedValue(v) || isRedactionMarker(v) ? undefined : text(v);

/**
 * The petition facts a notice names, from its registration. Contacts are given
 * only to notices addressed to the petitioner: staff notices carry no personal data.
 */
const summaryOf = (events: readonly EventEnvelope[], forPetitioner: boolean): PetitionSummary => {
  const registered = events.find((e) => e.type === "PetitionRegistered");
  const d = registered?.data ?? {};
  const anonymous = d.anonymous === true;
  const people = Array.isArray(d.petitioners) ? (d.petitioners as Record<string, unknown>[]) : [];
  const contacts: PetitionerContact[] =
    anonymous || !forPetitioner
      ? []
      : people.map((p) => {
          const c: PetitionerContact = {};
          const [name, email, phone] = [readable(p.name), readable(p.email), readable(p.phone)];
          if (name) c.name = name;
          if (email) c.email = email;
          if (phone) c.phone = phone;
          return c;
        });
  const summary: PetitionSummary = { anonymous, contacts };
  if (text(d.title)) summary.title = text(d.title);
  if (text(d.registeredBy)) summary.registeredBy = text(d.registeredBy);
  return summary;
};

/**
 * Turn an outbox row (as the engine wrote it) and its stream into the
 * notification channels get. A row that is not a notice the templates know
 * cannot ever be delivered: that is a permanent `DeliveryError`.
 */
export function buildNotification(
  row: OutboxRow,
  events: readonly EventEnvelope[],
  settings: RenderSettings,
): Notification {
  const p = row.payload;
  if (!isNotificationKind(p.kind)) {
    throw new DeliveryError(`outbox row ${row.id}: unknown notice kind ${String(p.kind)}`, false);
  }
  const r = (p.recipient ?? {}) as Record<string, unknown>;
  const recipient: NotificationRecipient = {
    role: r.role === "petitioner" ? "petitioner" : "agency",
  };
  const data = (p.data ?? {}) as Record<string, unknown>;
  // A petitioner notice is about the org that decided; a staff notice names the acting org.
  const org = text(r.org) ?? text(data.org);
  if (org) recipient.org = org;
  const petitionId = text(p.petitionId) ?? petitionIdOf(row.streamId) ?? row.streamId;
  const eventType = text(p.eventType) ?? "";
  const petition = summaryOf(events, recipient.role === "petitioner");
  const input: NoticeInput = { kind: p.kind, eventType, petitionId, data, petition, ...settings };
  if (org) input.org = org;
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    kind: p.kind,
    attempt: row.attempts,
    streamId: row.streamId,
    petitionId,
    eventType,
    occurredAt: text(p.occurredAt) ?? "",
    data,
    recipient,
    petition,
    message: renderNotice(input),
  };
}
