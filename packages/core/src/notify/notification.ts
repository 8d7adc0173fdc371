import type { NoticeKind } from "../engine/notifications.js";

/**
 * What a channel is handed for one outbox row: the notice rendered in Chinese,
 * who it is for, and the row's id, which every channel sends as the
 * idempotency key so that a receiver can drop a repeat.
 */

/** The kinds of notice the dispatcher renders: the ones the engine writes to the outbox. */
export type NotificationKind = NoticeKind;

export const NOTIFICATION_KINDS = [
  "acceptanceNotice",
  "notAcceptedNotice",
  "extensionNotice",
  "reply",
  "decision",
  "reminder",
  "supervision",
] as const satisfies readonly NotificationKind[];

/** Who a notice is addressed to, as the engine wrote it in the outbox row. */
export interface NotificationRecipient {
  /** `petitioner` for notices the law owes the petitioner; `agency` for 催办 / 督办. */
  role: "petitioner" | "agency";
  /** The org that must act (agency notices) or that decided (petitioner notices). */
  org?: string;
}

/** How to reach a petitioner, as far as the log knows (never for an anonymous petition). */
export interface PetitionerContact {
  name?: string;
  email?: string;
  phone?: string;
}

/** The few facts about the petition that a notice names. */
export interface PetitionSummary {
  title?: string;
  registeredBy?: string;
  anonymous: boolean;
  /** Empty for an anonymous petition. */
  contacts: PetitionerContact[];
}

/** One notice in the three forms channels need. */
export interface RenderedNotice {
  /** One line: e-mail subject, robot title. */
  subject: string;
  /** Plain text, lines separated by `\n`. */
  text: string;
  /** Markdown for group robots. */
  markdown: string;
  /** A small self-contained HTML body for e-mail. */
  html: string;
}

export interface Notification {
  /** The outbox row's id: the idempotency key of every delivery of this row. */
  id: string;
  /** The row's delivery key (`<stream>:<version>:<channel>`), unique in the store. */
  key: string;
  channel: string;
  kind: NotificationKind;
  /** 1 for the first try; the same row tried again after a crash counts on. */
  attempt: number;
  streamId: string;
  petitionId?: string;
  /** The event the notice announces. */
  eventType: string;
  occurredAt: string;
  /** The event's data (due times, levels, outcomes, …). */
  data: Record<string, unknown>;
  recipient: NotificationRecipient;
  petition: PetitionSummary;
  message: RenderedNotice;
}
