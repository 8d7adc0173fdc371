import { z } from "zod";
import type { EventEnvelope } from "./envelope.js";
import { isoDateTime } from "./envelope.js";

/**
 * Event catalog v1: the `data` of every event type in docs/log-format.md, as zod
 * schemas. Article numbers refer to the 信访工作条例 (2022), "W22".
 * Objects are loose: fields added by a newer writer are kept, never dropped.
 */

export const CHANNELS = ["letter", "visit", "phone", "online", "email", "fax", "hotline"] as const;
export const CATEGORIES = ["suggestion", "accusation", "claim"] as const;
export const STAGES = [
  "routing",
  "acceptance",
  "objection",
  "handling",
  "reviewRequest",
  "review",
  "reexaminationRequest",
  "reexamination",
] as const;
export const REDIRECT_CHANNELS = [
  "litigation",
  "arbitration",
  "reconsideration",
  "discipline",
  "other",
] as const;
export const REPLY_OUTCOMES = ["supported", "explained", "notSupported"] as const;
export const DECISION_OUTCOMES = ["upheld", "revised", "revoked"] as const;
export const RATINGS = ["satisfied", "basicallySatisfied", "unsatisfied"] as const;
export const CONCLUSION_REASONS = [
  "resolved",
  "reviewWindowLapsed",
  "final",
  "withdrawn",
  "merged",
  "redirected",
  "notAccepted",
] as const;
/**
 * The five kinds of 12345 request (Beijing 接诉即办条例 Art. 11): 咨询, 求助,
 * 投诉, 举报, 建议. A Petitio extension: petitions of the 信访 procedure have none.
 */
export const REQUEST_TYPES = ["consultation", "help", "complaint", "report", "suggestion"] as const;
export const requestTypeSchema = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof requestTypeSchema>;
/** How the handling org reached the caller (BJ 接诉即办条例 Art. 15(1)). */
export const CONTACT_METHODS = ["phone", "visit", "message", "other"] as const;
export const RECOMMENDATION_KINDS = ["improveWork", "improvePolicy", "accountability"] as const;
export type ConclusionReason = (typeof CONCLUSION_REASONS)[number];

/** Group visits elect at most five representatives (W22 Art. 20 ¶3); letters have no cap. */
export const MAX_REPRESENTATIVES = 5;
/** A handling extension is at most 30 days (W22 Art. 34). */
export const MAX_EXTENSION_DAYS = 30;

export const channelSchema = z.enum(CHANNELS);
export const categorySchema = z.enum(CATEGORIES);
export const stageSchema = z.enum(STAGES);
/**
 * Duties that run beside a stage with a due time of their own: the 交办
 * report-back (W22 Art. 22 ¶1(3)) and the 12345 call-back (BJ Art. 23). A
 * Petitio extension of v1: `ReminderIssued.stage` and `SupervisionIssued.stage`
 * may name one of them (docs/log-format.md, "Petitio extensions").
 */
export const DUTIES = ["reportBack", "callBack"] as const;
export const dutySchema = z.enum(DUTIES);
export type Duty = z.infer<typeof dutySchema>;
/** What a 催办 / 督办 is about: a stage or a duty. */
export const noticeSubjectSchema = z.enum([...STAGES, ...DUTIES]);
export type NoticeSubject = z.infer<typeof noticeSubjectSchema>;
export const isDuty = (value: unknown): value is Duty =>
  (DUTIES as readonly unknown[]).includes(value);
export type Channel = z.infer<typeof channelSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Stage = z.infer<typeof stageSchema>;

const text = z.string().min(1);

/** Personal data: kept apart so it can be erased on request (docs/security.md). */
export const petitionerSchema = z.looseObject({
  name: z.string().optional(),
  idNumber: z.string().optional(),
  phone: z.string().optional(),
  /** Where e-mail notices to the petitioner go (notify-email). */
  email: z.string().optional(),
  address: z.string().optional(),
});
export type Petitioner = z.infer<typeof petitionerSchema>;

export const locationSchema = z.looseObject({
  region: z.string().optional(),
  address: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});

export const eventDataSchemas = {
  /** W22 Art. 19–23: registration of a petition received by any channel. */
  PetitionRegistered: z
    .looseObject({
      petitionId: text,
      channel: channelSchema,
      anonymous: z.boolean(),
      petitioners: z.array(petitionerSchema),
      // The cap of 5 is on visits (W22 Art. 20 ¶3), judged by the "group visit
      // representatives" rule; a joint letter may name more.
      representatives: z.int().min(1).optional(),
      title: text,
      content: text,
      category: categorySchema,
      topic: z.string().optional(),
      location: locationSchema.optional(),
      receivedAt: isoDateTime,
      registeredBy: text,
      routingDueAt: isoDateTime,
      /** 12345 tickets: the kind of request (BJ Art. 11). Petitio extension. */
      requestType: requestTypeSchema.optional(),
    })
    .refine((d) => !d.anonymous || d.petitioners.length === 0, {
      message: "an anonymous petition has no petitioners",
      path: ["petitioners"],
    }),
  /** A new petition on the same matter as an earlier one (appended to the NEW stream). */
  RepeatPetitionLinked: z.looseObject({
    previousPetitionId: text,
    sameFactsAndReasons: z.boolean(),
  }),
  /** W22 Art. 22: transfer (转送) or assign (交办, with report-back due). */
  PetitionRouted: z.looseObject({
    toOrg: text,
    mode: z.enum(["transfer", "assign"]),
    acceptanceDueAt: isoDateTime,
    /** W22 Art. 23 ¶3: the receiving org may object within 5 working days (written since v1 by Petitio). */
    objectionDueAt: isoDateTime.optional(),
    /** 交办: when the assigned org must report back (W22 Art. 22 ¶1(3)). */
    reportBackDueAt: isoDateTime.optional(),
    /** 12345 profiles: when the caller must be called back. */
    callBackDueAt: isoDateTime.optional(),
  }),
  /**
   * W22 Art. 23 ¶3: the receiving org objects that the petition is outside its
   * remit. Pending until the routing office verifies it (核实同意, then
   * `RoutingObjected`) or routes the petition elsewhere; meanwhile the receiving
   * org keeps its acceptance duty. Petitio extension.
   */
  RoutingObjectionRaised: z.looseObject({ byOrg: text, reason: text }),
  /**
   * W22 Art. 23 ¶3: the routing office does not agree to the objection (no
   * 核实同意): it ends, the petition stays with the org it was routed to and
   * that org's acceptance duty runs on. `byOrg` is the objecting org, `reason`
   * the routing office's. Petitio extension.
   */
  RoutingObjectionRejected: z.looseObject({ byOrg: text, reason: text }),
  /**
   * W22 Art. 23 ¶3: the objection takes effect, back to routing. Petitio records
   * it when the routing office confirms a raised objection; older logs recorded
   * it as the receiving org's objection itself.
   */
  RoutingObjected: z.looseObject({
    byOrg: text,
    reason: text,
    /** The new routing due time; older logs keep the first one. */
    routingDueAt: isoDateTime.optional(),
  }),
  /** W22 Art. 22 ¶2, 28, 31(1)–(4): leaves the petition flow for a legal channel. */
  PetitionRedirected: z.looseObject({ channel: z.enum(REDIRECT_CHANNELS), reason: text }),
  /** W22 Art. 23: acceptance, with a notice unless the petition is anonymous. */
  PetitionAccepted: z.looseObject({
    org: text,
    noticeSent: z.boolean(),
    handlingDueAt: isoDateTime,
  }),
  PetitionNotAccepted: z.looseObject({ org: text, noticeSent: z.boolean(), reason: text }),
  /** W22 Art. 34: one extension of at most 30 days, approved by the org's head. */
  HandlingExtended: z.looseObject({
    days: z.int().min(1).max(MAX_EXTENSION_DAYS),
    reason: text,
    approvedBy: text,
    handlingDueAt: isoDateTime,
  }),
  /** W22 Art. 33. */
  MediationRecorded: z.looseObject({
    outcome: z.enum(["agreement", "noAgreement"]),
    note: z.string().optional(),
  }),
  /** W22 Art. 36: hearing time is not counted towards the re-examination limit. */
  HearingStarted: z.looseObject({ stage: stageSchema }),
  HearingEnded: z.looseObject({
    stage: stageSchema,
    /** The re-examination due time moved by the hearing's length (W22 Art. 36 ¶2). */
    reexaminationDueAt: isoDateTime.optional(),
  }),
  /** W22 Art. 32: the written reply (信访处理意见书). */
  ReplyIssued: z.looseObject({
    org: text,
    outcome: z.enum(REPLY_OUTCOMES),
    summary: text,
    legalBasis: z.array(z.string()),
    deliveredAt: isoDateTime,
    reviewRequestDueAt: isoDateTime,
    /** 12345 profiles: when the petitioner must be called back (回访), counted from delivery. */
    callBackDueAt: isoDateTime.optional(),
  }),
  SatisfactionEvaluated: z.looseObject({ rating: z.enum(RATINGS) }),
  /** W22 Art. 35: 复查, requested within 30 days of the reply, decided within 30. */
  ReviewRequested: z.looseObject({ toOrg: text, reason: text, reviewDueAt: isoDateTime }),
  ReviewDecided: z.looseObject({
    org: text,
    outcome: z.enum(DECISION_OUTCOMES),
    summary: text,
    deliveredAt: isoDateTime,
    reexaminationRequestDueAt: isoDateTime,
  }),
  /** W22 Art. 36: 复核, same limits, hearing time excluded. */
  ReexaminationRequested: z.looseObject({
    toOrg: text,
    reason: text,
    reexaminationDueAt: isoDateTime,
  }),
  ReexaminationDecided: z.looseObject({
    org: text,
    outcome: z.enum(DECISION_OUTCOMES),
    summary: text,
    deliveredAt: isoDateTime,
    hearingHeld: z.boolean(),
  }),
  PetitionConcluded: z.looseObject({ reason: z.enum(CONCLUSION_REASONS) }),
  PetitionWithdrawn: z.looseObject({ reason: z.string().optional() }),
  PetitionMerged: z.looseObject({ intoPetitionId: text, score: z.number().optional() }),
  /** 催办单: issued when a stage (or a duty beside it) enters its reminder window. */
  ReminderIssued: z.looseObject({
    stage: noticeSubjectSchema,
    dueAt: isoDateTime,
    daysLeft: z.int(),
  }),
  /** 督办单 (W22 Art. 40): issued once a stage (or a duty beside it) is past due, level rising over time. */
  SupervisionIssued: z.looseObject({
    stage: noticeSubjectSchema,
    dueAt: isoDateTime,
    daysOverdue: z.int(),
    level: z.int().min(1),
  }),
  /**
   * 回访: the hotline calls the caller back and records whether the matter was
   * resolved and how satisfied the caller is (BJ Art. 23, WF Art. 25, JN Art. 27 ¶1).
   * Petitio extension.
   */
  CallBackRecorded: z.looseObject({
    by: text,
    resolved: z.boolean(),
    rating: z.enum(RATINGS),
    note: z.string().optional(),
  }),
  /**
   * 退回再办: after an unsatisfied call-back the ticket goes back to the handling
   * org with a new handling due time (JN Art. 27 ¶2). Petitio extension.
   */
  ReturnedForRehandling: z.looseObject({
    toOrg: text,
    reason: text,
    handlingDueAt: isoDateTime,
  }),
  /**
   * 联系诉求人: the handling org contacts the caller to hear them out before it
   * answers (BJ 接诉即办条例 Art. 15(1)). Petitio extension.
   */
  CallerContacted: z.looseObject({
    org: text,
    method: z.enum(CONTACT_METHODS),
    note: z.string().optional(),
  }),
  /** 交办: the assigned org reports the result of its handling back (W22 Art. 22 ¶1(3)). Petitio extension. */
  ReportedBack: z.looseObject({ org: text, summary: text }),
  /** W22 Art. 40: the three recommendations (三项建议). */
  RecommendationIssued: z.looseObject({
    kind: z.enum(RECOMMENDATION_KINDS),
    toOrg: text,
    content: text,
  }),
  NotificationDelivered: z.looseObject({
    outboxId: text,
    channel: text,
    attempt: z.int().min(1),
  }),
  NotificationFailed: z.looseObject({
    outboxId: text,
    channel: text,
    attempt: z.int().min(1),
    error: z.string(),
  }),
} as const;

export type PetitionEventType = keyof typeof eventDataSchemas;
export const EVENT_TYPES = Object.keys(eventDataSchemas) as PetitionEventType[];

export type EventDataMap = {
  [K in PetitionEventType]: z.infer<(typeof eventDataSchemas)[K]>;
};
export type EventData<K extends PetitionEventType> = EventDataMap[K];

/** A catalog event in its envelope, discriminated on `type`. */
export type PetitionEvent = {
  [K in PetitionEventType]: EventEnvelope<K, EventDataMap[K]>;
}[PetitionEventType];

/** Narrow an envelope to a catalog type without re-validating. */
export const isEventOfType = <K extends PetitionEventType>(
  event: EventEnvelope,
  type: K,
): event is EventEnvelope<K, EventDataMap[K]> => event.type === type;

export const isCatalogType = (type: string): type is PetitionEventType =>
  Object.hasOwn(eventDataSchemas, type);
