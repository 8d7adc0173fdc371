import { z } from "zod";
import { ValidationError } from "../errors.js";
import { channelSchema, petitionerSchema } from "../events/catalog.js";
import { actorSchema, isoDateTime } from "../events/envelope.js";
import { issuesOf } from "../events/registry.js";
import { ADOPTION_FORMS, ASSESSMENTS, CAMPAIGN_KINDS, LEADER_LEVELS } from "./events.js";

/**
 * Commands of the practice module. Every command names the thing it acts on
 * (`id`), who acts (`actor`), and may carry `at` (business time, default the
 * clock) and an `idempotencyKey` (a repeat returns the first result).
 */

const id = z.string().min(1).max(200);
const text = z.string().min(1);
const org = z.string().min(1);
const leader = z.looseObject({
  id: text,
  name: z.string().optional(),
  level: z.enum(LEADER_LEVELS),
});

const base = {
  id,
  actor: actorSchema,
  at: isoDateTime.optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
};

export const practiceCommandSchema = z.discriminatedUnion("type", [
  z.object({
    ...base,
    type: z.literal("openCampaign"),
    kind: z.enum(CAMPAIGN_KINDS),
    title: text,
    topic: text,
    org,
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    description: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal("closeCampaign"), summary: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal("submitSuggestion"),
    campaignId: id.optional(),
    anonymous: z.boolean().default(false),
    proposers: z.array(petitionerSchema).default([]),
    title: text,
    content: text.max(20_000),
    topic: z.string().optional(),
    channel: channelSchema,
    receivedAt: isoDateTime.optional(),
    handlingOrg: org,
  }),
  z.object({
    ...base,
    type: z.literal("assessSuggestion"),
    assessment: z.enum(ASSESSMENTS),
    reason: text,
  }),
  z.object({
    ...base,
    type: z.literal("adoptSuggestion"),
    form: z.enum(ADOPTION_FORMS),
    adoptedIn: text,
    partial: z.boolean().default(false),
  }),
  z.object({
    ...base,
    type: z.literal("giveSuggestionFeedback"),
    summary: text,
    deliveredAt: isoDateTime.optional(),
  }),
  z.object({
    ...base,
    type: z.literal("rewardSuggestion"),
    reward: text,
    amount: z.number().nonnegative().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("issueRecommendation"),
    kind: z.enum(["improveWork", "improvePolicy", "accountability"]),
    toOrg: org,
    content: text,
    petitionIds: z.array(id).default([]),
  }),
  z.object({
    ...base,
    type: z.literal("receiveRecommendationFeedback"),
    adoption: z.enum(["adopted", "partlyAdopted", "notAdopted"]),
    summary: text,
  }),
  z.object({
    ...base,
    type: z.literal("recordRectification"),
    progress: z.int().min(0).max(100),
    note: text,
  }),
  z.object({
    ...base,
    type: z.literal("closeRecommendation"),
    outcome: z.enum(["implemented", "notAdopted", "withdrawn"]),
    note: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("chooseMonthlyTopic"),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
    topic: text,
    title: text,
    basis: z.object({
      source: z.enum(["hotTopics", "manual"]),
      count: z.int().min(0).optional(),
      growth: z.number().optional(),
    }),
    leadOrg: org,
    participatingOrgs: z.array(org).default([]),
  }),
  z.object({
    ...base,
    type: z.literal("assignRectificationTask"),
    taskId: id,
    org,
    description: text,
    dueAt: isoDateTime,
  }),
  z.object({
    ...base,
    type: z.literal("progressRectificationTask"),
    taskId: id,
    progress: z.int().min(0).max(99),
    note: text,
  }),
  z.object({ ...base, type: z.literal("completeRectificationTask"), taskId: id, summary: text }),
  z.object({ ...base, type: z.literal("closeMonthlyTopic"), summary: text }),
  z.object({
    ...base,
    type: z.literal("recordReception"),
    kind: z.enum(["scheduled", "appointment", "joint", "onSite"]),
    leader,
    org,
    place: z.string().optional(),
    peopleReceived: z.int().min(1).max(100_000),
    petitionIds: z.array(id).default([]),
  }),
  z.object({ ...base, type: z.literal("takeChargeOfCase"), leader }),
  // `id` is the ticket's petition id (BJ Art. 14).
  z.object({
    ...base,
    type: z.literal("requestCoHandling"),
    orgs: z.array(org).min(1).max(50),
    note: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("reportCoHandling"),
    summary: text,
    complete: z.boolean().default(true),
    reason: z.string().min(1).optional(),
  }),
]);

export type PracticeCommandInput = z.input<typeof practiceCommandSchema>;
export type PracticeCommand = z.output<typeof practiceCommandSchema>;
export type PracticeCommandType = PracticeCommand["type"];
export type PracticeCommandOf<T extends PracticeCommandType> = Extract<
  PracticeCommand,
  { type: T }
>;

/** Validate a command; a ValidationError names every bad field. */
export function parsePracticeCommand(input: unknown): PracticeCommand {
  const result = practiceCommandSchema.safeParse(input);
  if (!result.success) throw new ValidationError("practice command", issuesOf(result.error));
  return result.data;
}
