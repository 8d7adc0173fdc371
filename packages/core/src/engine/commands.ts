import { z } from "zod";
import { ValidationError } from "../errors.js";
import {
  CONTACT_METHODS,
  categorySchema,
  channelSchema,
  DECISION_OUTCOMES,
  dutySchema,
  type EventData,
  locationSchema,
  MAX_EXTENSION_DAYS,
  type PetitionEventType,
  petitionerSchema,
  RATINGS,
  RECOMMENDATION_KINDS,
  REDIRECT_CHANNELS,
  REPLY_OUTCOMES,
  requestTypeSchema,
  type Stage,
} from "../events/catalog.js";
import { type ActorRole, actorSchema, isoDateTime } from "../events/envelope.js";
import { issuesOf } from "../events/registry.js";
import { noticeSubject, noticeTarget } from "../lifecycle/notice-target.js";
import { REPEAT_CONDITIONS, type RepeatCondition } from "../lifecycle/rules.js";
import { isEarlySupervision, type PetitionState, supervisionLevel } from "../lifecycle/state.js";
import {
  CLOSING_REASON,
  type FollowUpEventType,
  type PetitionStatus,
} from "../lifecycle/transitions.js";
import { daysUntil, dueAfter, dueAt } from "../time/legal-time.js";
import { handlingLimitOf, type Policy } from "../time/policy-config.js";
import { extendedHandlingDueAt, reexaminationDueAfterHearing } from "../time/recounted-due.js";

/**
 * Commands: one zod schema per action of the procedure, discriminated on
 * `type`. Every command names its petition and actor; `at` is the business
 * time (default: the engine clock's now); `idempotencyKey` makes a repeat a
 * no-op that returns the first result. Due times are never part of a command:
 * the engine computes them from the policy when a stage starts.
 */

const text = z.string().trim().min(1);

/** The extension approval rule, said where a missing `approvedBy` is reported. */
const APPROVAL_NEEDED =
  "an extension needs the approval of the org's head (经本机关、单位负责人批准, W22 Art. 34): name them in approvedBy";

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

/** A command schema; `description` says what the action is, for docs/commands.md. */
const command = <T extends string, S extends z.ZodRawShape>(
  type: T,
  description: string,
  shape: S,
) => z.object({ type: z.literal(type), ...base, ...shape }).describe(description);

/** A petitioner as given at registration; `id` (optional) lets the engine check who evaluates and asks for review. */
export const commandPetitionerSchema = petitionerSchema.extend({
  id: z.string().min(1).optional(),
});

export const commandSchemas = {
  register: command(
    "register",
    "Register a petition received by any channel (登记, W22 Art. 19–23); starts the routing period.",
    {
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
      /** 12345 tickets: 咨询 / 求助 / 投诉 / 举报 / 建议 (BJ Art. 11); selects the handling limit (Art. 13). */
      requestType: requestTypeSchema.optional(),
      /** A consultation answered at once (BJ Art. 11 ¶1): replied and closed in the same command. */
      answer: z.object({ summary: text, legalBasis: z.array(text).default([]) }).optional(),
    },
  ).refine((c) => c.answer === undefined || c.requestType === "consultation", {
    path: ["answer"],
    message: 'only a consultation (requestType "consultation") is answered at once (BJ Art. 11 ¶1)',
  }),
  linkRepeat: command(
    "linkRepeat",
    "Link a new petition to an earlier one on the same matter; a repeat of a petition concluded after re-examination is not accepted (W22 Art. 36 ¶3).",
    {
      previousPetitionId: text,
      sameFactsAndReasons: z.boolean(),
    },
  ),
  route: command(
    "route",
    "Transfer (转送) or assign (交办) the petition to the org with the power to handle it (W22 Art. 22); starts the acceptance period.",
    {
      toOrg: text,
      mode: z.enum(["transfer", "assign"]).default("transfer"),
    },
  ),
  objectRouting: command(
    "objectRouting",
    "The receiving org objects that the petition is outside its remit, within the objection period (W22 Art. 23 ¶3); it keeps the acceptance duty until the routing office verifies the objection or routes the petition elsewhere.",
    { reason: text },
  ),
  confirmObjection: command(
    "confirmObjection",
    "The routing office verifies and agrees to the receiving org's objection (核实同意, W22 Art. 23 ¶3); back to routing, with a new routing period.",
    {},
  ),
  rejectObjection: command(
    "rejectObjection",
    "The routing office does not agree to the receiving org's objection (W22 Art. 23 ¶3: no 核实同意), saying why; the objection ends and the org keeps its acceptance duty.",
    { reason: text },
  ),
  redirect: command(
    "redirect",
    "Send the matter to litigation, arbitration, reconsideration or another legal channel (W22 Art. 22 ¶2, 28, 31); ends the petition.",
    { channel: z.enum(REDIRECT_CHANNELS), reason: text },
  ),
  accept: command(
    "accept",
    "Accept the petition and tell the petitioner (W22 Art. 23); starts the handling period.",
    {},
  ),
  notAccept: command(
    "notAccept",
    "Decline the petition and tell the petitioner why (W22 Art. 23); ends the petition.",
    { reason: text },
  ),
  extend: command(
    "extend",
    "Extend the handling period once, by at most 30 days, with the approval of the org's head (W22 Art. 34).",
    {
      days: z.int().min(1),
      reason: text,
      /** The head of the org who approved (W22 Art. 34). */
      approvedBy: z.string({ error: APPROVAL_NEEDED }).trim().min(1, { error: APPROVAL_NEEDED }),
    },
  ),
  recordMediation: command(
    "recordMediation",
    "Record the outcome of a mediation of a claim (W22 Art. 33).",
    {
      outcome: z.enum(["agreement", "noAgreement"]),
      note: z.string().optional(),
    },
  ),
  startHearing: command(
    "startHearing",
    "Open a hearing (W22 Art. 31(6), Art. 36 ¶2); in re-examination its time is not counted.",
    {},
  ),
  endHearing: command(
    "endHearing",
    "Close the open hearing; in re-examination the due time moves by the hearing's length.",
    {},
  ),
  reply: command(
    "reply",
    "Issue the written reply (信访处理意见书) with its legal basis (W22 Art. 32); starts the review request window.",
    {
      outcome: z.enum(REPLY_OUTCOMES),
      summary: text,
      legalBasis: z.array(text),
      /** When the written reply reached the petitioner (default `at`). */
      deliveredAt: isoDateTime.optional(),
    },
  ),
  evaluate: command("evaluate", "The petitioner rates the reply (W22 Art. 21).", {
    rating: z.enum(RATINGS),
  }),
  requestReview: command(
    "requestReview",
    "The petitioner asks the upper-level org for a review (复查) within the window after the reply (W22 Art. 35).",
    { toOrg: text, reason: text },
  ),
  decideReview: command(
    "decideReview",
    "The review org decides (W22 Art. 35); starts the re-examination request window.",
    {
      outcome: z.enum(DECISION_OUTCOMES),
      summary: text,
      deliveredAt: isoDateTime.optional(),
    },
  ),
  requestReexamination: command(
    "requestReexamination",
    "The petitioner asks for a re-examination (复核) within the window after the review decision (W22 Art. 36).",
    { toOrg: text, reason: text },
  ),
  decideReexamination: command(
    "decideReexamination",
    "The re-examination org decides; the procedure ends (终结, W22 Art. 36 ¶3).",
    {
      outcome: z.enum(DECISION_OUTCOMES),
      summary: text,
      deliveredAt: isoDateTime.optional(),
    },
  ),
  conclude: command(
    "conclude",
    "Conclude a replied or reviewed petition: resolved (rated satisfied), or its request window lapsed.",
    { reason: z.enum(["resolved", "reviewWindowLapsed"]) },
  ),
  withdraw: command("withdraw", "The petitioner withdraws the petition; ends it.", {
    reason: z.string().optional(),
  }),
  merge: command("merge", "Merge a duplicate into an open petition on the same matter; ends it.", {
    intoPetitionId: text,
    score: z.number().optional(),
  }),
  callBack: command(
    "callBack",
    "The hotline calls the caller back after the reply and records whether the matter is resolved and the caller's rating (回访, BJ Art. 23, WF Art. 25, JN Art. 27 ¶1).",
    {
      resolved: z.boolean(),
      rating: z.enum(RATINGS),
      note: z.string().optional(),
    },
  ),
  returnForRehandling: command(
    "returnForRehandling",
    "After an unsatisfied call-back, send the ticket back to the handling org to handle again (退回再办, JN Art. 27 ¶2); starts a new handling period.",
    { reason: text },
  ),
  issueRecommendation: command(
    "issueRecommendation",
    "Issue one of the three recommendations (三项建议, W22 Art. 40).",
    {
      kind: z.enum(RECOMMENDATION_KINDS),
      toOrg: text,
      content: text,
    },
  ),
  issueReminder: command(
    "issueReminder",
    "Issue a reminder (催办) for the running office stage, or for a duty beside it (交办 report-back, 12345 call-back), before it is due.",
    {
      /** A duty with its own due time instead of the running stage (W22 Art. 22 ¶1(3); BJ Art. 23). */
      duty: dutySchema.optional(),
    },
  ),
  issueSupervision: command(
    "issueSupervision",
    "Issue a supervision notice (督办, W22 Art. 40) for the running office stage, or for a duty beside it, once per level.",
    {
      /** Default: one above the highest level issued for the same stage run (early ones apart). */
      level: z.int().min(1).optional(),
      /** A duty with its own due time instead of the running stage (W22 Art. 22 ¶1(3); BJ Art. 23). */
      duty: dutySchema.optional(),
    },
  ),
  contactCaller: command(
    "contactCaller",
    "The handling org contacts the caller to hear them out before it answers (联系诉求人, BJ 接诉即办条例 Art. 15(1)); may be recorded more than once.",
    { method: z.enum(CONTACT_METHODS), note: z.string().optional() },
  ),
  reportBack: command(
    "reportBack",
    "The org a petition was assigned to (交办) reports the result of its handling back by the report-back due time (W22 Art. 22 ¶1(3)).",
    { summary: text },
  ),
} as const;

/**
 * The actions of the petition procedure, in catalog order. They are the events
 * of the statechart (`petitionMachine`), the `type` of every engine command,
 * and what `allowedCommands(state)` lists.
 */
export type CommandType = keyof typeof commandSchemas;
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

/**
 * Who may issue each command (the role part of the checks; which org within a
 * role is checked by the rules). Intake = the petition office (信访部门) that
 * registers and routes; agency = the org a petition was routed to, or the
 * upper-level org deciding a review or re-examination; supervisor = the office
 * that supervises (督办) and recommends (W22 Art. 40).
 */
export const COMMAND_ROLES: Readonly<Record<CommandType, readonly ActorRole[]>> = {
  register: ["intake"],
  linkRepeat: ["intake"],
  route: ["intake"],
  objectRouting: ["agency"],
  // The routing office (intake) verifies; older logs have the objecting org record RoutingObjected itself.
  confirmObjection: ["intake", "agency"],
  // Only the routing office verifies, so only it refuses (W22 Art. 23 ¶3).
  rejectObjection: ["intake"],
  redirect: ["intake", "agency"],
  accept: ["agency"],
  // Intake declines before routing (W22 Art. 19 ¶3, Art. 36 ¶3); afterwards the routed org (Art. 23).
  notAccept: ["intake", "agency"],
  extend: ["agency"],
  recordMediation: ["agency"],
  startHearing: ["agency"],
  endHearing: ["agency"],
  // The hotline's operator answers a consultation at once (BJ Art. 11 ¶1): see the procedure table.
  reply: ["agency", "intake"],
  evaluate: ["petitioner"],
  requestReview: ["petitioner"],
  decideReview: ["agency"],
  requestReexamination: ["petitioner"],
  decideReexamination: ["agency"],
  conclude: ["system", "intake"],
  withdraw: ["petitioner"],
  merge: ["intake"],
  issueRecommendation: ["supervisor"],
  issueReminder: ["system", "supervisor"],
  issueSupervision: ["system", "supervisor"],
  contactCaller: ["agency"],
  reportBack: ["agency"],
  // The hotline's own work office (市民热线服务工作机构) calls back and sends back (BJ Art. 23, JN Art. 27).
  callBack: ["intake"],
  returnForRehandling: ["intake"],
};

export const commandSchema = z.discriminatedUnion(
  "type",
  Object.values(commandSchemas) as unknown as [
    (typeof commandSchemas)[CommandType],
    ...(typeof commandSchemas)[CommandType][],
  ],
);

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

/** An event a command records, before it is given a time, actor and place. */
export type RecordedEvent = {
  [K in PetitionEventType]: { type: K; data: EventData<K> };
}[PetitionEventType];

type Recorder<C extends CommandType> = (
  c: CommandOf<C>,
  s: PetitionState,
  at: string,
  policy: Policy,
) => RecordedEvent;

/** Drop keys whose value is undefined, so an optional field is absent, not `undefined`, in the log. */
const defined = <T extends object>(data: T): T => {
  for (const key of Object.keys(data) as (keyof T)[]) if (data[key] === undefined) delete data[key];
  return data;
};

/** The org acting: its `org`, or its id for actors without one. */
const orgOf = (c: Command): string => c.actor.org ?? c.actor.id;

/**
 * The event each command records (its first, in the procedure table), with
 * every due time of the stage it starts. One recorder per command type: a
 * command without one is a type error. `s` is the petition before the command
 * (every command but `register` has one, which the chart checks first).
 */
const RECORDERS: { readonly [C in CommandType]: Recorder<C> } = {
  register: (c, _s, at, policy) => {
    const receivedAt = c.receivedAt ?? at;
    return {
      type: "PetitionRegistered",
      data: defined({
        petitionId: c.petitionId,
        channel: c.channel,
        anonymous: c.anonymous,
        petitioners: c.anonymous ? [] : c.petitioners,
        representatives: c.representatives,
        title: c.title,
        content: c.content,
        category: c.category,
        topic: c.topic,
        location: c.location,
        receivedAt,
        registeredBy: orgOf(c),
        routingDueAt: dueAt(policy, "routing", receivedAt),
        requestType: c.requestType,
      }),
    };
  },
  linkRepeat: (c) => ({
    type: "RepeatPetitionLinked",
    data: { previousPetitionId: c.previousPetitionId, sameFactsAndReasons: c.sameFactsAndReasons },
  }),
  route: (c, _s, at, policy) => ({
    type: "PetitionRouted",
    data: defined({
      toOrg: c.toOrg,
      mode: c.mode,
      acceptanceDueAt: dueAt(policy, "acceptance", at),
      objectionDueAt: dueAt(policy, "objection", at),
      reportBackDueAt:
        c.mode === "assign"
          ? dueAt(policy, policy.limits.reportBack ? "reportBack" : "handling", at)
          : undefined,
    }),
  }),
  objectRouting: (c) => ({
    type: "RoutingObjectionRaised",
    data: { byOrg: orgOf(c), reason: c.reason },
  }),
  // The objection as raised takes effect; the routing period starts again now.
  confirmObjection: (c, s, at, policy) => ({
    type: "RoutingObjected",
    data: {
      byOrg: s.objection?.byOrg ?? s.org ?? orgOf(c),
      reason: s.objection?.reason ?? "objection to routing",
      routingDueAt: dueAt(policy, "routing", at),
    },
  }),
  // The objection refused ends; nothing else changes (the acceptance period runs on).
  rejectObjection: (c, s) => ({
    type: "RoutingObjectionRejected",
    data: { byOrg: s.objection?.byOrg ?? s.org ?? orgOf(c), reason: c.reason },
  }),
  redirect: (c) => ({ type: "PetitionRedirected", data: { channel: c.channel, reason: c.reason } }),
  accept: (c, s, at, policy) => ({
    type: "PetitionAccepted",
    data: {
      org: orgOf(c),
      noticeSent: !s.anonymous,
      handlingDueAt: dueAfter(policy, handlingLimitOf(policy, s.requestType), at),
    },
  }),
  notAccept: (c, s) => ({
    type: "PetitionNotAccepted",
    data: { org: orgOf(c), noticeSent: !s.anonymous, reason: c.reason },
  }),
  extend: (c, s, at, policy) => ({
    type: "HandlingExtended",
    data: {
      days: c.days,
      reason: c.reason,
      approvedBy: c.approvedBy,
      // Out-of-range days are refused by the "extension length" rule (Art. 34); nothing is computed for them.
      handlingDueAt:
        c.days <= Math.min(policy.maxExtensionDays, MAX_EXTENSION_DAYS)
          ? extendedHandlingDueAt(policy, s, c.days, at)
          : (s.handlingDueAt ?? at),
    },
  }),
  recordMediation: (c) => ({
    type: "MediationRecorded",
    data: defined({ outcome: c.outcome, note: c.note }),
  }),
  startHearing: (_c, s) => ({ type: "HearingStarted", data: { stage: s.stage as Stage } }),
  endHearing: (_c, s, at, policy) => ({
    type: "HearingEnded",
    data: defined({
      stage: (s.hearing?.stage ?? s.stage) as Stage,
      // Hearing time is not counted towards the re-examination limit (W22 Art. 36 ¶2).
      reexaminationDueAt:
        s.hearing?.stage === "reexamination" && s.reexaminationDueAt !== undefined
          ? reexaminationDueAfterHearing(policy, s, { from: s.hearing.startedAt, to: at }, at)
          : undefined,
    }),
  }),
  reply: (c, _s, at, policy) => {
    const deliveredAt = c.deliveredAt ?? at;
    return {
      type: "ReplyIssued",
      data: defined({
        org: orgOf(c),
        outcome: c.outcome,
        summary: c.summary,
        legalBasis: c.legalBasis,
        deliveredAt,
        reviewRequestDueAt: dueAt(policy, "reviewRequest", deliveredAt),
        // 12345 profiles call the petitioner back within their own limit.
        callBackDueAt: policy.limits.callBack ? dueAt(policy, "callBack", deliveredAt) : undefined,
      }),
    };
  },
  evaluate: (c) => ({ type: "SatisfactionEvaluated", data: { rating: c.rating } }),
  requestReview: (c, _s, at, policy) => ({
    type: "ReviewRequested",
    data: { toOrg: c.toOrg, reason: c.reason, reviewDueAt: dueAt(policy, "review", at) },
  }),
  decideReview: (c, _s, at, policy) => {
    const deliveredAt = c.deliveredAt ?? at;
    return {
      type: "ReviewDecided",
      data: {
        org: orgOf(c),
        outcome: c.outcome,
        summary: c.summary,
        deliveredAt,
        reexaminationRequestDueAt: dueAt(policy, "reexaminationRequest", deliveredAt),
      },
    };
  },
  requestReexamination: (c, _s, at, policy) => ({
    type: "ReexaminationRequested",
    data: {
      toOrg: c.toOrg,
      reason: c.reason,
      reexaminationDueAt: dueAt(policy, "reexamination", at),
    },
  }),
  decideReexamination: (c, s, at) => ({
    type: "ReexaminationDecided",
    data: {
      org: orgOf(c),
      outcome: c.outcome,
      summary: c.summary,
      deliveredAt: c.deliveredAt ?? at,
      hearingHeld: s.hearingsHeld.includes("reexamination"),
    },
  }),
  conclude: (c) => ({ type: "PetitionConcluded", data: { reason: c.reason } }),
  withdraw: (c) => ({ type: "PetitionWithdrawn", data: defined({ reason: c.reason }) }),
  merge: (c) => ({
    type: "PetitionMerged",
    data: defined({ intoPetitionId: c.intoPetitionId, score: c.score }),
  }),
  issueRecommendation: (c) => ({
    type: "RecommendationIssued",
    data: { kind: c.kind, toOrg: c.toOrg, content: c.content },
  }),
  issueReminder: (c, s, at, policy) => {
    const subject = noticeSubject(s, c.duty);
    const dueAt = subject.dueAt as string;
    return {
      type: "ReminderIssued",
      data: {
        stage: subject.stage as Stage,
        dueAt,
        daysLeft: dueAt === undefined ? 0 : daysUntil(policy, at, dueAt),
      },
    };
  },
  issueSupervision: (c, s, at, policy) => {
    const target = noticeTarget(s, c.duty);
    const subject = noticeSubject(s, c.duty);
    const dueAt = subject.dueAt as string;
    // Early (before the due time) and overdue supervisions have levels of their own.
    const early = dueAt !== undefined && isEarlySupervision(at, dueAt);
    return {
      type: "SupervisionIssued",
      data: {
        stage: subject.stage as Stage,
        dueAt,
        daysOverdue: dueAt === undefined ? 0 : Math.max(0, -daysUntil(policy, at, dueAt)),
        level: c.level ?? supervisionLevel(s, early, target) + 1,
      },
    };
  },
  contactCaller: (c) => ({
    type: "CallerContacted",
    data: defined({ org: orgOf(c), method: c.method, note: c.note }),
  }),
  reportBack: (c) => ({ type: "ReportedBack", data: { org: orgOf(c), summary: c.summary } }),
  callBack: (c) => ({
    type: "CallBackRecorded",
    data: defined({ by: orgOf(c), resolved: c.resolved, rating: c.rating, note: c.note }),
  }),
  returnForRehandling: (c, s, at, policy) => ({
    type: "ReturnedForRehandling",
    data: {
      toOrg: s.org ?? orgOf(c),
      reason: c.reason,
      handlingDueAt: dueAfter(policy, handlingLimitOf(policy, s.requestType), at),
    },
  }),
};

/** The event `command` records first (the table's first event of its branch). */
export const primaryEvent = (
  state: PetitionState | undefined,
  command: Command,
  at: string,
  policy: Policy,
): RecordedEvent =>
  (RECORDERS[command.type] as Recorder<CommandType>)(
    command as CommandOf<CommandType>,
    state as PetitionState,
    at,
    policy,
  );

type FollowUp<K extends FollowUpEventType> = (
  state: PetitionState | undefined,
  command: Command,
  target: PetitionStatus,
  when: RepeatCondition | "answeredAtOnce" | undefined,
  at: string,
  policy: Policy,
) => EventData<K>;

/**
 * The events a branch of the table records after the command's own: the
 * closing record of a decision that ends the procedure, and the refusal of a
 * repeat of a final petition.
 */
const FOLLOW_UPS: { readonly [K in FollowUpEventType]: FollowUp<K> } = {
  // 终结: the procedure ends here (W22 Art. 36 ¶3).
  // A consultation answered at once is resolved by its answer (BJ Art. 11 ¶1).
  PetitionConcluded: (_s, c, target) => ({
    reason: c.type === "register" ? "resolved" : (CLOSING_REASON[target] ?? "final"),
  }),
  // BJ Art. 11 ¶1: the answer given at registration, recorded as the reply.
  ReplyIssued: (_s, c, _target, _when, at, policy) => {
    const answer = c.type === "register" ? c.answer : undefined;
    return {
      org: orgOf(c),
      outcome: "explained",
      summary: answer?.summary ?? "",
      legalBasis: answer?.legalBasis ?? [],
      deliveredAt: at,
      reviewRequestDueAt: dueAt(policy, "reviewRequest", at),
    };
  },
  // A repeat the earlier petition bars: the reason names it and the article (REPEAT_CONDITIONS).
  PetitionNotAccepted: (s, c, _target, when) => ({
    org: orgOf(c),
    noticeSent: !s?.anonymous,
    reason:
      c.type === "linkRepeat" && when !== undefined && when !== "answeredAtOnce"
        ? REPEAT_CONDITIONS[when].reason(c.previousPetitionId)
        : "not accepted",
  }),
};

/** A follow-up event of a branch (see `FOLLOW_UPS`). */
export const followUpEvent = (
  type: FollowUpEventType,
  state: PetitionState | undefined,
  command: Command,
  target: PetitionStatus,
  when: RepeatCondition | "answeredAtOnce" | undefined,
  at: string,
  policy: Policy,
): RecordedEvent =>
  ({
    type,
    data: (FOLLOW_UPS[type] as FollowUp<FollowUpEventType>)(
      state,
      command,
      target,
      when,
      at,
      policy,
    ),
  }) as RecordedEvent;

/** The org a command belongs to, once the petition names one. */
export interface OrgDuty {
  /** Checked only when the actor is an agency (intake may also act, for any org). */
  agencyOnly?: true;
  of(state: PetitionState): { org: string | undefined; what: string; article: string };
}

const routedOrg = (state: PetitionState) => ({
  org: state.org,
  what: "the org the petition was routed to",
  article: "W22 Art. 23",
});
const registeringOffice = (state: PetitionState) => ({
  org: state.registeredBy,
  what: "the office that registered the petition and has not routed it yet",
  article: "W22 Art. 22–23",
});
const handlingOrg =
  (article: string) =>
  (state: PetitionState): ReturnType<OrgDuty["of"]> => ({
    org: state.org,
    what: "the handling org",
    article,
  });

/** Which org (or the petitioner) a command belongs to, once the petition names one. */
/**
 * Which org (or the petitioner) may issue each command within its roles, once
 * the petition names one: the routed org accepts, extends and replies; the
 * review / re-examination org decides; only the petitioner evaluates, withdraws
 * and asks for review or re-examination.
 */
export const COMMAND_ORGS: { readonly [C in CommandType]?: OrgDuty | "petitioner" } = {
  accept: { of: routedOrg },
  objectRouting: { of: routedOrg },
  // An older log's RoutingObjected by the objecting org itself; the engine asks the routing office.
  confirmObjection: { agencyOnly: true, of: routedOrg },
  // Only the org holding the petition declines it (W22 Art. 23): once routed, the
  // routed org; before routing (or after an objection), the office that registered it.
  notAccept: { of: (s) => (s.org !== undefined ? routedOrg(s) : registeringOffice(s)) },
  redirect: { agencyOnly: true, of: routedOrg },
  extend: { of: handlingOrg("W22 Art. 34") },
  recordMediation: { of: handlingOrg("W22 Art. 33") },
  reply: { of: handlingOrg("W22 Art. 32") },

  contactCaller: { of: handlingOrg("BJ 接诉即办条例 Art. 15") },
  reportBack: { of: handlingOrg("W22 Art. 22 ¶1(3)") },
  startHearing: { of: (s) => hearingOrg(s) },
  endHearing: { of: (s) => hearingOrg(s) },
  decideReview: {
    of: (s) => ({ org: s.reviewOrg, what: "the org asked to review", article: "W22 Art. 35" }),
  },
  decideReexamination: {
    of: (s) => ({
      org: s.reexaminationOrg,
      what: "the org asked to re-examine",
      article: "W22 Art. 36",
    }),
  },
  evaluate: "petitioner",
  requestReview: "petitioner",
  requestReexamination: "petitioner",
  withdraw: "petitioner",
};

function hearingOrg(s: PetitionState): ReturnType<OrgDuty["of"]> {
  return s.status === "underReexamination"
    ? { org: s.reexaminationOrg, what: "the re-examination org", article: "W22 Art. 36 ¶2" }
    : { org: s.org, what: "the handling org", article: "W22 Art. 31(6)" };
}
