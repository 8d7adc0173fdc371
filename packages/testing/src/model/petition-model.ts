import {
  type Actor,
  type CommandType,
  dueAt,
  dueCounting,
  type ExcludedSpan,
  type OrgHierarchy,
  type Policy,
} from "@petitio/core";
import { MODEL_ROLES, orgDutyBreach, PETITIONER_COMMANDS } from "./actor-rules.js";
import {
  type AuthorizationChoices,
  type AuthorizationMode,
  authorizationRefusal,
} from "./authorization-model.js";
import { type LevelRefusal, levelRefusal } from "./org-levels.js";

export { MODEL_ROLES } from "./actor-rules.js";

/**
 * The simple model that runs beside the engine in the model-based check. It
 * is written from the law and docs/lifecycle.md on its own, not from the engine's code:
 * a table of which command leads from which status to which, who may issue
 * it, the legal rules that refuse it, and the due time of each stage computed
 * with the policy. After every step the engine must agree with it.
 */

export type ModelStatus =
  | "registered"
  | "objected"
  | "routed"
  | "accepted"
  | "replied"
  | "underReview"
  | "reviewed"
  | "underReexamination"
  | "final"
  | "concluded"
  | "notAccepted"
  | "redirected"
  | "withdrawn"
  | "merged";

const same = "same" as const;
type Target = ModelStatus | typeof same;
const notices = { issueReminder: same, issueSupervision: same, issueRecommendation: same } as const;
/** Waiting to be routed, first or again after an objection (W22 Art. 22, 23 ¶3). */
const awaitingRouting = {
  route: "routed",
  redirect: "redirected",
  notAccept: "notAccepted",
  merge: "merged",
  withdraw: "withdrawn",
  ...notices,
} as const;

/** Status × command → next status (W22 Art. 22–36; docs/lifecycle.md). A missing entry is refused. */
export const MODEL_CHART: Readonly<
  Partial<Record<ModelStatus, Partial<Record<CommandType, Target>>>>
> = {
  registered: { linkRepeat: same, ...awaitingRouting },
  objected: awaitingRouting,
  // W22 Art. 23 ¶3: an objection is raised, then verified by the routing office (or the
  // petition is routed elsewhere); meanwhile the routed org keeps its acceptance duty.
  routed: {
    objectRouting: same,
    confirmObjection: "objected",
    // … or refused by it: the objection ends, the org still has to accept or decline.
    rejectObjection: same,
    route: same,
    accept: "accepted",
    notAccept: "notAccepted",
    redirect: "redirected",
    merge: "merged",
    withdraw: "withdrawn",
    ...notices,
  },
  accepted: {
    extend: same,
    recordMediation: same,
    startHearing: same,
    endHearing: same,
    reply: "replied",
    contactCaller: same,
    reportBack: same,
    withdraw: "withdrawn",
    ...notices,
  },
  replied: {
    evaluate: same,
    requestReview: "underReview",
    conclude: "concluded",
    reportBack: same,
    withdraw: "withdrawn",
    issueRecommendation: same,
    // Only for a duty owed beside the review window: report-back, call-back.
    issueReminder: same,
    issueSupervision: same,
    callBack: same,
    returnForRehandling: "accepted",
  },
  underReview: { decideReview: "reviewed", withdraw: "withdrawn", ...notices },
  reviewed: {
    evaluate: same,
    requestReexamination: "underReexamination",
    conclude: "concluded",
    withdraw: "withdrawn",
    issueRecommendation: same,
  },
  underReexamination: {
    startHearing: same,
    endHearing: same,
    decideReexamination: "final",
    withdraw: "withdrawn",
    ...notices,
  },
};

export const isClosed = (status: ModelStatus): boolean => MODEL_CHART[status] === undefined;

/** The office stage (催办/督办 apply) or petitioner window each open status runs. */
export const STAGE_OF: Readonly<Partial<Record<ModelStatus, string>>> = {
  registered: "routing",
  objected: "routing",
  routed: "acceptance",
  accepted: "handling",
  replied: "reviewRequest",
  underReview: "review",
  reviewed: "reexaminationRequest",
  underReexamination: "reexamination",
};
const OFFICE_STAGES = new Set(["routing", "acceptance", "handling", "review", "reexamination"]);

export interface ModelPetition {
  id: string;
  status: ModelStatus;
  category: "suggestion" | "accusation" | "claim";
  anonymous: boolean;
  /** The petitioner's id, when the petition names one. */
  petitionerId?: string;
  /** The office that registered it (W22 Art. 22: it routes and follows the petition). */
  registeredBy: string;
  /** For an accusation (检举控告), the orgs it accuses (W22 Art. 30 ¶3). */
  accusedOrgs: string[];
  org?: string;
  reviewOrg?: string;
  reexaminationOrg?: string;
  repeatLinked: boolean;
  extensionUsed: boolean;
  /** Routed by assignment (交办) and its result not yet reported back. */
  reportBackOwed: boolean;
  hearing?: { stage: string; startedAt: string };
  rating?: string;
  /** The call-back of the current reply (BJ Art. 23), cleared when sent back (JN Art. 27 ¶2). */
  callBack?: { resolved: boolean; rating: string };
  /** An objection raised and not yet verified by the routing office (W22 Art. 23 ¶3). */
  objectionPending?: boolean;
  /** Concluded because the petitioner let the review window lapse (BJ Art. 37(3)). */
  lapsedUnused?: boolean;
  /** Due times the model computed, per stage. */
  due: Record<string, string>;
  /** When the handling and re-examination periods started: extensions and hearings count from here. */
  started: { handling?: string; reexamination?: string };
  /** Re-examination hearings held (W22 Art. 36 ¶2: their dates are not counted). */
  reexaminationHearings: ExcludedSpan[];
  reminded: Set<string>;
  /** Highest supervision level per stage run (early ones apart, `supervisionRun`). */
  supervised: Map<string, number>;
}

export interface Model {
  policy: Policy;
  /** "default": the engine runs its default authorization, and the model predicts its refusals first. */
  authorization: AuthorizationMode;
  /** With "default": the deployment's choices of the default rules (supervision scope, unidentified petitioners). */
  choices?: AuthorizationChoices;
  /** The deployment's org hierarchy the engine is given: reviews and re-examinations are judged by level (W22 Art. 35–36). */
  orgs?: OrgHierarchy;
  /** Business time now (ms). */
  now: number;
  petitions: ModelPetition[];
}

/** The stage running now and its due time, as the model computed it. */
export const runningStage = (p: ModelPetition): { stage: string; dueAt: string } | undefined => {
  const stage = STAGE_OF[p.status];
  const due = stage === undefined ? undefined : p.due[stage];
  return stage === undefined || due === undefined ? undefined : { stage, dueAt: due };
};

/**
 * What a 催办 / 督办 names: a duty when the command names one (the 交办
 * report-back while handling or replied, W22 Art. 22 ¶1(3); the call-back of
 * the current reply, BJ Art. 23), else the running office stage.
 */
export const noticeRun = (
  p: ModelPetition,
  duty: unknown,
): { stage: string; dueAt: string } | undefined => {
  if (duty === "reportBack") {
    const owed = p.reportBackOwed && (p.status === "accepted" || p.status === "replied");
    return owed && p.due.reportBack ? { stage: duty, dueAt: p.due.reportBack } : undefined;
  }
  if (duty === "callBack") {
    const owed = p.status === "replied" && p.callBack === undefined;
    return owed && p.due.callBack ? { stage: duty, dueAt: p.due.callBack } : undefined;
  }
  const run = runningStage(p);
  return run && OFFICE_STAGES.has(run.stage) ? run : undefined;
};

export const stageRun = (stage: string, due: string): string => `${stage}@${Date.parse(due)}`;
/** The run a supervision's level counts in: before the due time (a manual early 督办) or after it. */
export const supervisionRun = (stage: string, due: string, at: string): string =>
  `${stageRun(stage, due)}${Date.parse(at) <= Date.parse(due) ? ":early" : ""}`;

/** What a command issued now must do. */
export type Expectation =
  | { outcome: "recorded"; next: ModelStatus }
  | { outcome: "illegal"; why: string }
  /** Refused by a legal rule whose name, article, field and reason the check compares. */
  | ({ outcome: "illegal" } & LevelRefusal)
  | { outcome: "forbidden"; why: string }
  | {
      outcome: "notAuthorized";
      why: string;
      /** `NotAuthorizedError.rule` and `.article` as the engine must give them. */
      rule: string;
      article?: string;
      /** Texts the error's reason must contain. */
      mentions: string[];
    };

/** The command as the model sees it. */
export interface ModelCommand {
  type: CommandType;
  actor: Actor;
  at: string;
  /** Command fields that the rules look at. */
  fields: Record<string, unknown>;
  /**
   * For a registration: the orgs the accusation accuses, which the app records
   * beside it (the log has no field for them; W22 Art. 30 ¶3).
   */
  accusedOrgs?: readonly string[];
}

/** Statuses after which nothing more happens to a petition (written apart from the engine's list). */
const CLOSED: readonly ModelStatus[] = [
  "final",
  "concluded",
  "notAccepted",
  "redirected",
  "withdrawn",
  "merged",
];

/**
 * Predict the engine's answer, in the order the engine documents: with the
 * default authorization, who may act on the petition at all
 * (authorization-model.ts); then the chart, then who may act in this stage,
 * then the legal rules.
 */
export const expectOf = (
  model: Model,
  p: ModelPetition | undefined,
  c: ModelCommand,
  others: readonly ModelPetition[],
): Expectation => {
  const illegal = (why: string): Expectation => ({ outcome: "illegal", why });
  const forbidden = (why: string): Expectation => ({ outcome: "forbidden", why });
  if (model.authorization === "default") {
    const refusal = authorizationRefusal(p, c, model.choices);
    if (refusal) return { outcome: "notAuthorized", ...refusal };
  }
  if (c.type === "register") {
    if (p) return illegal("already registered");
    if (!MODEL_ROLES.register.includes(c.actor.role)) return forbidden("role");
    // W22 Art. 20 ¶3: a group visit elects at most 5 representatives; letters have no cap.
    const reps = c.fields.representatives;
    const cap = Math.min(model.policy.maxRepresentatives, 5);
    const visit = c.fields.channel === "visit";
    if (visit && typeof reps === "number" && reps > cap) {
      return illegal("at most 5 representatives (W22 Art. 20)");
    }
    const people = (c.fields.petitioners as unknown[] | undefined)?.length ?? 0;
    if (visit && people > cap && reps === undefined) return illegal("elect representatives");
    // practice (12345): a consultation answered at once is registered, answered and closed (BJ Art. 11 ¶1).
    if (c.fields.answer !== undefined && c.fields.requestType === "consultation") {
      return { outcome: "recorded", next: "concluded" };
    }
    return { outcome: "recorded", next: "registered" };
  }
  if (!p) return illegal("not registered");
  // practice (12345): before dispatch the chart takes a reply, for a consultation answered at
  // once (BJ Art. 11 ¶1). Random runs register no consultation: its role is checked, then refused.
  if (p.status === "registered" && c.type === "reply") {
    if (!MODEL_ROLES.reply.includes(c.actor.role))
      return forbidden(`${c.actor.role} may not reply`);
    return illegal("only a consultation is answered before dispatch (BJ Art. 11 ¶1)");
  }
  const target = MODEL_CHART[p.status]?.[c.type];
  if (target === undefined) return illegal(`no ${c.type} in ${p.status}`);

  const actorWhy = actorProblem(p, c);
  if (actorWhy) return forbidden(actorWhy);

  const now = Date.parse(c.at);
  const after = (due: string | undefined) => due !== undefined && now > Date.parse(due);
  let next: ModelStatus = target === same ? p.status : target;
  switch (c.type) {
    case "linkRepeat": {
      if (p.repeatLinked) return illegal("already linked");
      if (c.fields.previousPetitionId === p.id) return illegal("a petition cannot repeat itself");
      const previous = others.find((o) => o.id === c.fields.previousPetitionId);
      if (previous && c.fields.sameFactsAndReasons === true && repeatBarred(previous, now))
        next = "notAccepted";
      break;
    }
    case "merge": {
      if (c.fields.intoPetitionId === p.id) return illegal("merged into itself");
      const into = others.find((o) => o.id === c.fields.intoPetitionId);
      if (!into) return illegal("merge target does not exist");
      if (CLOSED.includes(into.status)) return illegal("merge target is closed");
      break;
    }
    case "objectRouting":
      if (after(p.due.objection)) return illegal("objection window closed (W22 Art. 23)");
      if (p.objectionPending) return illegal("an objection awaits verification");
      break;
    case "confirmObjection":
    case "rejectObjection":
      if (!p.objectionPending) return illegal("no objection to verify");
      if (c.actor.role !== "intake" || (c.actor.org ?? c.actor.id) !== p.registeredBy)
        return illegal("only the routing office verifies (W22 Art. 23 ¶3)");
      break;
    case "route":
      if (p.status === "routed" && !p.objectionPending) return illegal("routed already");
      break;
    case "extend": {
      const days = c.fields.days as number;
      if (p.extensionUsed) return illegal("one extension only (W22 Art. 34)");
      if (days > Math.min(model.policy.maxExtensionDays, 30)) return illegal("extension too long");
      if (after(p.due.handling)) return illegal("handling period already ended");
      break;
    }
    case "recordMediation":
      if (p.category !== "claim") return illegal("mediation is for claims (W22 Art. 33)");
      break;
    case "startHearing":
      if (p.hearing) return illegal("a hearing is open");
      if (p.status === "accepted" && p.category !== "claim") return illegal("hearing for claims");
      break;
    case "endHearing":
      if (!p.hearing) return illegal("no hearing open");
      break;
    case "reply":
      if (p.hearing) return illegal("hearing open");
      if ((c.fields.legalBasis as unknown[]).length === 0)
        return illegal("no legal basis (W22 Art. 32)");
      break;
    case "decideReexamination":
      if (p.hearing) return illegal("hearing open");
      break;
    case "reportBack":
      if (!p.reportBackOwed) return illegal("no report-back owed (W22 Art. 22 ¶1(3))");
      break;
    case "callBack":
      if (p.callBack) return illegal("already called back on this reply");
      break;
    case "returnForRehandling":
      if (!p.callBack) return illegal("not called back yet");
      if (p.callBack.resolved && p.callBack.rating !== "unsatisfied")
        return illegal("caller satisfied and matter resolved");
      break;
    case "requestReview":
    case "requestReexamination": {
      if (c.type === "requestReview" && after(p.due.reviewRequest))
        return illegal("review window closed (W22 Art. 35)");
      if (c.type === "requestReexamination" && after(p.due.reexaminationRequest))
        return illegal("re-examination window closed (Art. 36)");
      // With a hierarchy, asked of an org above the one whose decision is contested (Art. 35–36 ¶1).
      const level = levelRefusal(model.orgs, p, c);
      if (level) return { outcome: "illegal", ...level };
      break;
    }
    case "conclude": {
      const window = p.status === "reviewed" ? p.due.reexaminationRequest : p.due.reviewRequest;
      if (c.fields.reason === "reviewWindowLapsed" && !after(window)) return illegal("window open");
      if (
        c.fields.reason === "resolved" &&
        !["satisfied", "basicallySatisfied"].includes(p.rating ?? "")
      )
        return illegal("not rated satisfied");
      break;
    }
    case "issueReminder": {
      const run = noticeRun(p, c.fields.duty);
      if (!run) return illegal("no office stage or duty owed");
      if (p.reminded.has(stageRun(run.stage, run.dueAt))) return illegal("already reminded");
      if (after(run.dueAt)) return illegal("overdue: supervise instead");
      break;
    }
    case "issueSupervision": {
      const run = noticeRun(p, c.fields.duty);
      if (!run) return illegal("no office stage or duty owed");
      // A 督办 before the due time has levels of its own; the overdue ones count apart.
      const key = supervisionRun(run.stage, run.dueAt, c.at);
      const level = (p.supervised.get(key) ?? 0) + 1;
      if (level > model.policy.maxSupervisionLevel) return illegal("highest level reached");
      break;
    }
  }
  return { outcome: "recorded", next };
};

/**
 * A repeat of the same matter is not accepted when the earlier petition is final
 * (W22 Art. 36 ¶3), still being accepted or handled (Art. 19 ¶3; BJ Art. 37(1)–(2)),
 * or was answered and its review window lapsed unused (BJ Art. 37(3)).
 */
const repeatBarred = (previous: ModelPetition, now: number): boolean => {
  const lapsed = (due: string | undefined) => due !== undefined && now > Date.parse(due);
  return (
    previous.status === "final" ||
    ["registered", "objected", "routed", "accepted", "underReview", "underReexamination"].includes(
      previous.status,
    ) ||
    previous.lapsedUnused === true ||
    (previous.status === "replied" && lapsed(previous.due.reviewRequest)) ||
    (previous.status === "reviewed" && lapsed(previous.due.reexaminationRequest))
  );
};

const actorProblem = (p: ModelPetition, c: ModelCommand): string | undefined => {
  const { actor } = c;
  if (!MODEL_ROLES[c.type].includes(actor.role)) return `${actor.role} may not ${c.type}`;
  if (PETITIONER_COMMANDS.has(c.type))
    return p.petitionerId !== undefined && actor.id !== p.petitionerId
      ? "only the petitioner"
      : undefined;
  const breach = orgDutyBreach(p, c);
  return breach ? `only ${breach.org} may ${c.type}` : undefined;
};

/** Apply a recorded command to the model: status, facts and the due times it starts. */
export const applyRecorded = (
  model: Model,
  p: ModelPetition,
  c: ModelCommand,
  next: ModelStatus,
): void => {
  const { policy } = model;
  const at = c.at;
  p.status = next;
  switch (c.type) {
    case "register":
      p.due.routing = dueAt(policy, "routing", at);
      break;
    case "linkRepeat":
      p.repeatLinked = true;
      break;
    case "route":
      p.objectionPending = false;
      p.org = c.fields.toOrg as string;
      p.reportBackOwed = c.fields.mode === "assign";
      // 交办: the result is reported back by the report-back limit (W22 Art. 22 ¶1(3)).
      if (p.reportBackOwed) {
        p.due.reportBack = dueAt(policy, policy.limits.reportBack ? "reportBack" : "handling", at);
      } else delete p.due.reportBack;
      p.due.acceptance = dueAt(policy, "acceptance", at);
      p.due.objection = dueAt(policy, "objection", at);
      break;
    case "objectRouting":
      p.objectionPending = true;
      break;
    case "rejectObjection":
      // The org keeps the petition and its acceptance period.
      p.objectionPending = false;
      break;
    case "confirmObjection":
      p.objectionPending = false;
      p.org = undefined;
      p.due.routing = dueAt(policy, "routing", at);
      break;
    case "accept":
      p.started.handling = at;
      p.due.handling = dueAt(policy, "handling", at);
      break;
    case "extend":
      // W22 Art. 34: the handling period itself is longer, counted once from its start.
      p.extensionUsed = true;
      p.due.handling = dueCounting(policy, "handling", p.started.handling!, {
        extraDays: c.fields.days as number,
      });
      break;
    case "startHearing":
      p.hearing = { stage: STAGE_OF[p.status]!, startedAt: at };
      break;
    case "endHearing":
      if (p.hearing?.stage === "reexamination" && p.started.reexamination !== undefined) {
        // W22 Art. 36 ¶2: counted again from the request, every hearing's dates skipped.
        p.reexaminationHearings.push({ from: p.hearing.startedAt, to: at });
        p.due.reexamination = dueCounting(policy, "reexamination", p.started.reexamination, {
          excluded: p.reexaminationHearings,
        });
      }
      p.hearing = undefined;
      break;
    case "reply":
      p.due.reviewRequest = dueAt(policy, "reviewRequest", at);
      // A 12345 profile calls the caller back within its own limit (BJ Art. 23).
      if (policy.limits.callBack) p.due.callBack = dueAt(policy, "callBack", at);
      break;
    case "reportBack":
      p.reportBackOwed = false;
      break;
    case "evaluate":
      p.rating = c.fields.rating as string;
      break;
    case "callBack":
      p.callBack = { resolved: c.fields.resolved as boolean, rating: c.fields.rating as string };
      break;
    case "returnForRehandling":
      p.callBack = undefined;
      delete p.due.reviewRequest;
      delete p.due.callBack;
      p.started.handling = at;
      p.due.handling = dueAt(policy, "handling", at);
      break;
    case "requestReview":
      p.reviewOrg = c.fields.toOrg as string;
      p.due.review = dueAt(policy, "review", at);
      break;
    case "decideReview":
      p.due.reexaminationRequest = dueAt(policy, "reexaminationRequest", at);
      break;
    case "requestReexamination":
      p.reexaminationOrg = c.fields.toOrg as string;
      p.started.reexamination = at;
      p.due.reexamination = dueAt(policy, "reexamination", at);
      break;
    case "conclude":
      p.lapsedUnused = c.fields.reason === "reviewWindowLapsed";
      break;
  }
};
