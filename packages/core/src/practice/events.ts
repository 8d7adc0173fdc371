import { z } from "zod";
import { channelSchema, petitionerSchema } from "../events/catalog.js";
import { isoDateTime } from "../events/envelope.js";

/**
 * Events of the practice around the petition procedure, each on a stream of its
 * own kind (see streams.ts). Article numbers: W22 = 信访工作条例 (2022);
 * SH-S = 上海市人民建议征集若干规定 (2021). Objects are loose like the v1
 * catalog: fields a newer writer adds are kept.
 */

const text = z.string().min(1);
const org = z.string().min(1);
const percent = z.int().min(0).max(100);

/** 省 / 市 / 县 / 乡: the level of a leader receiving visitors or taking charge of a case. */
export const LEADER_LEVELS = ["province", "city", "county", "township"] as const;
const leaderSchema = z.looseObject({
  id: text,
  name: z.string().optional(),
  level: z.enum(LEADER_LEVELS),
});

// ── People's-suggestion collection 人民建议征集 (W22 Art. 29 ¶3; SH-S Art. 8, 11–13, 16) ──

/** 重要民生实事 / 重大决策专项 / 重点议题日常征集 (SH-S Art. 8 ¶1–2). */
export const CAMPAIGN_KINDS = ["livelihood", "majorDecision", "dailyTopic"] as const;
/** How a suggestion was judged (W22 Art. 29 ¶1: 采纳或者部分采纳). */
export const ASSESSMENTS = ["adopt", "partlyAdopt", "reference", "notAdopted"] as const;
/** Where an adopted suggestion was turned into practice (SH-S Art. 13). */
export const ADOPTION_FORMS = ["policy", "decision", "regulation", "workMeasure", "other"] as const;

export const practiceEventSchemas = {
  SuggestionCampaignOpened: z.looseObject({
    campaignId: text,
    kind: z.enum(CAMPAIGN_KINDS),
    title: text,
    topic: text,
    org,
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    description: z.string().optional(),
  }),
  /** SH-S Art. 12(1): a campaign's suggestions may be answered together when it closes. */
  SuggestionCampaignClosed: z.looseObject({
    campaignId: text,
    summary: z.string().optional(),
  }),
  SuggestionSubmitted: z.looseObject({
    suggestionId: text,
    campaignId: z.string().min(1).optional(),
    anonymous: z.boolean(),
    proposers: z.array(petitionerSchema),
    title: text,
    content: text,
    topic: z.string().optional(),
    channel: channelSchema,
    receivedAt: isoDateTime,
    handlingOrg: org,
    feedbackDueAt: isoDateTime,
  }),
  SuggestionAssessed: z.looseObject({
    org,
    assessment: z.enum(ASSESSMENTS),
    reason: text,
  }),
  SuggestionAdopted: z.looseObject({
    org,
    form: z.enum(ADOPTION_FORMS),
    /** The named policy, decision or measure that took the suggestion up. */
    adoptedIn: text,
    partial: z.boolean(),
  }),
  /** SH-S Art. 12; W22 Art. 29 ¶1 "并予以回复". */
  SuggestionFeedbackGiven: z.looseObject({
    org,
    summary: text,
    deliveredAt: isoDateTime,
  }),
  /** W22 Art. 29 ¶2; SH-S Art. 16. */
  SuggestionRewarded: z.looseObject({
    org,
    reward: text,
    amount: z.number().nonnegative().optional(),
  }),

  // ── 三项建议 follow-through (W22 Art. 40) ──
  // `RecommendationIssued` itself is the v1 catalog's type; on a recommendation
  // stream it also carries recommendationId, responseDueAt and petitionIds.
  /** W22 Art. 40 ¶4: 有关机关、单位应当书面反馈采纳情况. */
  RecommendationFeedbackReceived: z.looseObject({
    org,
    adoption: z.enum(["adopted", "partlyAdopted", "notAdopted"]),
    summary: text,
  }),
  RectificationProgressed: z.looseObject({
    org,
    progress: percent,
    note: text,
    /** A task of a 每月一题 cycle; absent for a recommendation's own 整改. */
    taskId: z.string().min(1).optional(),
  }),
  RecommendationClosed: z.looseObject({
    outcome: z.enum(["implemented", "notAdopted", "withdrawn"]),
    note: z.string().optional(),
  }),

  // ── 每月一题 (monthly one topic) ──
  MonthlyTopicChosen: z.looseObject({
    cycleId: text,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
    topic: text,
    title: text,
    /** What the choice rests on: the month's count and growth from the hot-topics analysis. */
    basis: z.looseObject({
      source: z.enum(["hotTopics", "manual"]),
      count: z.int().min(0).optional(),
      growth: z.number().optional(),
    }),
    leadOrg: org,
    participatingOrgs: z.array(org),
  }),
  RectificationTaskAssigned: z.looseObject({
    taskId: text,
    org,
    description: text,
    dueAt: isoDateTime,
  }),
  RectificationTaskCompleted: z.looseObject({
    taskId: text,
    org,
    summary: text,
  }),
  MonthlyTopicClosed: z.looseObject({
    summary: text,
  }),

  // ── Leaders' reception and case ownership 接访下访、包案 (W22 Art. 18 ¶2–3) ──
  ReceptionHeld: z.looseObject({
    /** 定点接访 / 重点约访 / 联合会访 (Art. 18 ¶3) / 带案下访. */
    kind: z.enum(["scheduled", "appointment", "joint", "onSite"]),
    leader: leaderSchema,
    org,
    place: z.string().optional(),
    peopleReceived: z.int().min(1),
    petitionIds: z.array(text),
  }),
  /** 包案: a leader takes charge of a petition until it is resolved. */
  LeaderTookCharge: z.looseObject({
    petitionId: text,
    leader: leaderSchema,
  }),

  // ── 首接负责制: the first receiver coordinates co-handling orgs (BJ Art. 14) ──
  CoHandlingRequested: z.looseObject({
    petitionId: text,
    /** The first receiver (首接单位): the org that signed for the ticket. */
    leadOrg: org,
    orgs: z.array(org).min(1),
    /** When the co-handlers' results are due to the first receiver: the ticket's handling due time. */
    reportDueAt: isoDateTime,
    note: z.string().optional(),
  }),
  /** A co-handler's result, or (complete: false) its reason and progress (Art. 14 ¶2). */
  CoHandlingReported: z.looseObject({
    org,
    summary: text,
    complete: z.boolean(),
    reason: z.string().optional(),
  }),

  // ── Reminders and supervisions of practice deadlines (催办 / 督办, W22 Art. 40 ¶1) ──
  FollowUpReminderIssued: z.looseObject({
    deadline: text,
    dueAt: isoDateTime,
    daysLeft: z.int(),
  }),
  FollowUpSupervisionIssued: z.looseObject({
    deadline: text,
    dueAt: isoDateTime,
    daysOverdue: z.int().min(0),
    level: z.int().min(1),
  }),
} as const;

export type PracticeEventType = keyof typeof practiceEventSchemas;
export type PracticeEventData<T extends PracticeEventType> = z.infer<
  (typeof practiceEventSchemas)[T]
>;
export const PRACTICE_EVENT_TYPES = Object.keys(practiceEventSchemas) as PracticeEventType[];
