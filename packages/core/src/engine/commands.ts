import { z } from "zod";
import { ValidationError } from "../errors.js";
import {
  categorySchema,
  channelSchema,
  DECISION_OUTCOMES,
  locationSchema,
  petitionerSchema,
  RATINGS,
  RECOMMENDATION_KINDS,
  REDIRECT_CHANNELS,
  REPLY_OUTCOMES,
} from "../events/catalog.js";
import { actorSchema, isoDateTime } from "../events/envelope.js";
import { issuesOf } from "../events/registry.js";
import type { CommandType } from "../lifecycle/command-types.js";

/**
 * Commands: one zod schema per action of the procedure, discriminated on
 * `type`. Every command names its petition and actor; `at` is the business
 * time (default: the engine clock's now); `idempotencyKey` makes a repeat a
 * no-op that returns the first result. Due times are never part of a command:
 * the engine computes them from the policy when a stage starts.
 */

const text = z.string().trim().min(1);

const base = {
  petitionId: z
    .string()
    .min(1)
    .regex(/^[^\s]+$/, "must not contain spaces"),
  actor: actorSchema,
  at: isoDateTime.optional(),
  idempotencyKey: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
};

const command = <T extends CommandType, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape });

/** A petitioner as given at registration; `id` (optional) lets the engine check who evaluates and asks for review. */
export const commandPetitionerSchema = petitionerSchema.extend({
  id: z.string().min(1).optional(),
});

export const commandSchemas = {
  register: command("register", {
    channel: channelSchema,
    anonymous: z.boolean().default(false),
    petitioners: z.array(commandPetitionerSchema).default([]),
    representatives: z.int().min(1).optional(),
    title: text,
    content: text,
    category: categorySchema,
    topic: z.string().optional(),
    location: locationSchema.optional(),
    /** When the petition reached the office (default `at`); the routing period runs from here (W22 Art. 22). */
    receivedAt: isoDateTime.optional(),
  }),
  linkRepeat: command("linkRepeat", {
    previousPetitionId: text,
    sameFactsAndReasons: z.boolean(),
  }),
  route: command("route", {
    toOrg: text,
    mode: z.enum(["transfer", "assign"]).default("transfer"),
  }),
  objectRouting: command("objectRouting", { reason: text }),
  redirect: command("redirect", { channel: z.enum(REDIRECT_CHANNELS), reason: text }),
  accept: command("accept", {}),
  notAccept: command("notAccept", { reason: text }),
  extend: command("extend", {
    days: z.int().min(1),
    reason: text,
    /** The head of the org who approved (W22 Art. 34). */
    approvedBy: text,
  }),
  recordMediation: command("recordMediation", {
    outcome: z.enum(["agreement", "noAgreement"]),
    note: z.string().optional(),
  }),
  startHearing: command("startHearing", {}),
  endHearing: command("endHearing", {}),
  reply: command("reply", {
    outcome: z.enum(REPLY_OUTCOMES),
    summary: text,
    legalBasis: z.array(text),
    /** When the written reply reached the petitioner (default `at`). */
    deliveredAt: isoDateTime.optional(),
  }),
  evaluate: command("evaluate", { rating: z.enum(RATINGS) }),
  requestReview: command("requestReview", { toOrg: text, reason: text }),
  decideReview: command("decideReview", {
    outcome: z.enum(DECISION_OUTCOMES),
    summary: text,
    deliveredAt: isoDateTime.optional(),
  }),
  requestReexamination: command("requestReexamination", { toOrg: text, reason: text }),
  decideReexamination: command("decideReexamination", {
    outcome: z.enum(DECISION_OUTCOMES),
    summary: text,
    deliveredAt: isoDateTime.optional(),
  }),
  conclude: command("conclude", { reason: z.enum(["resolved", "reviewWindowLapsed"]) }),
  withdraw: command("withdraw", { reason: z.string().optional() }),
  merge: command("merge", { intoPetitionId: text, score: z.number().optional() }),
  issueRecommendation: command("issueRecommendation", {
    kind: z.enum(RECOMMENDATION_KINDS),
    toOrg: text,
    content: text,
  }),
  issueReminder: command("issueReminder", {}),
  issueSupervision: command("issueSupervision", {
    /** Default: one above the highest level issued for the running stage. */
    level: z.int().min(1).optional(),
  }),
} as const satisfies { [K in CommandType]: z.ZodType<{ type: K }> };

export const commandSchema = z.discriminatedUnion("type", [
  commandSchemas.register,
  commandSchemas.linkRepeat,
  commandSchemas.route,
  commandSchemas.objectRouting,
  commandSchemas.redirect,
  commandSchemas.accept,
  commandSchemas.notAccept,
  commandSchemas.extend,
  commandSchemas.recordMediation,
  commandSchemas.startHearing,
  commandSchemas.endHearing,
  commandSchemas.reply,
  commandSchemas.evaluate,
  commandSchemas.requestReview,
  commandSchemas.decideReview,
  commandSchemas.requestReexamination,
  commandSchemas.decideReexamination,
  commandSchemas.conclude,
  commandSchemas.withdraw,
  commandSchemas.merge,
  commandSchemas.issueRecommendation,
  commandSchemas.issueReminder,
  commandSchemas.issueSupervision,
]);

/** A parsed command (defaults applied). */
export type Command = z.output<typeof commandSchema>;
/** What a caller may pass (defaults optional). */
export type CommandInput = z.input<typeof commandSchema>;
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type CommandInputOf<T extends CommandType> = Extract<CommandInput, { type: T }>;

/** Validate a command; a bad one throws `ValidationError` naming every bad field. */
export const parseCommand = (input: unknown): Command => {
  const result = commandSchema.safeParse(input);
  if (result.success) return result.data;
  const type =
    typeof input === "object" && input !== null && "type" in input
      ? String((input as { type: unknown }).type)
      : "";
  throw new ValidationError(type ? `${type} command` : "command", issuesOf(result.error));
};
