import type { EventEnvelope } from "../events/envelope.js";
import { dueAfter } from "../time/legal-time.js";
import type { Decider, FollowUp } from "./rules.js";
import {
  foldFollowUp,
  PracticeRuleError,
  requireExists,
  requireNew,
  requireOrg,
  requireRole,
} from "./rules.js";

/**
 * 三项建议 with their follow-through (W22 Art. 40): the petition office
 * recommends improving work (¶1), improving policy (¶2) or holding someone
 * accountable (¶3); the receiving org answers in writing whether it adopts it
 * (¶4), by a deadline the deployment sets; 整改 progress is recorded until the
 * office closes the recommendation.
 */

export interface RecommendationState {
  recommendationId: string;
  kind: string;
  toOrg: string;
  issuedAt: string;
  responseDueAt: string;
  feedback?: { adoption: string; at: string };
  progress: number;
  closed?: { outcome: string; at: string };
  followUp: Record<string, FollowUp>;
}

export function evolveRecommendation(
  state: RecommendationState | undefined,
  event: EventEnvelope,
): RecommendationState | undefined {
  const d = event.data as Record<string, unknown>;
  if (event.type === "RecommendationIssued") {
    return {
      recommendationId: String(d.recommendationId),
      kind: String(d.kind),
      toOrg: String(d.toOrg),
      issuedAt: event.occurredAt,
      responseDueAt: String(d.responseDueAt),
      progress: 0,
      followUp: {},
    };
  }
  if (!state) return state;
  const followUp = foldFollowUp(state.followUp, event);
  if (followUp) return { ...state, followUp };
  switch (event.type) {
    case "RecommendationFeedbackReceived":
      return { ...state, feedback: { adoption: String(d.adoption), at: event.occurredAt } };
    case "RectificationProgressed":
      return { ...state, progress: Math.max(state.progress, Number(d.progress)) };
    case "RecommendationClosed":
      return { ...state, closed: { outcome: String(d.outcome), at: event.occurredAt } };
    default:
      return state;
  }
}

/** The written answer is owed until it arrives or the office closes the recommendation. */
export const recommendationDeadlines = (s: RecommendationState) =>
  s.feedback === undefined && s.closed === undefined
    ? [{ deadline: "recommendationFeedback", dueAt: s.responseDueAt, org: s.toOrg }]
    : [];

const OFFICE = ["supervisor"] as const;

export const issueRecommendation: Decider<RecommendationState, "issueRecommendation"> = {
  stream: "recommendation",
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, OFFICE, "W22 Art. 40");
    requireNew(c.type, state, "recommendation");
    const responseDueAt = dueAfter(
      ctx.policy,
      {
        days: ctx.limits.recommendationResponseDays,
        unit: "calendarDays",
        basis: "W22 Art. 40 ¶4",
      },
      ctx.now,
    );
    return [
      {
        type: "RecommendationIssued",
        data: {
          kind: c.kind,
          toOrg: c.toOrg,
          content: c.content,
          recommendationId: c.id,
          responseDueAt,
          petitionIds: c.petitionIds,
        },
      },
    ];
  },
};

export const receiveRecommendationFeedback: Decider<
  RecommendationState,
  "receiveRecommendationFeedback"
> = {
  stream: "recommendation",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "recommendation");
    requireRole(c.type, ctx.actor, ["agency", "intake"], "W22 Art. 40 ¶4");
    requireOrg(c.type, ctx.actor, s.toOrg, "W22 Art. 40 ¶4");
    if (s.closed)
      throw new PracticeRuleError(c.type, "open", "W22 Art. 40", "the recommendation is closed");
    if (s.feedback)
      throw new PracticeRuleError(
        c.type,
        "once",
        "W22 Art. 40 ¶4",
        "the written feedback was already received",
      );
    return [
      {
        type: "RecommendationFeedbackReceived",
        data: { org: s.toOrg, adoption: c.adoption, summary: c.summary },
      },
    ];
  },
};

export const recordRectification: Decider<RecommendationState, "recordRectification"> = {
  stream: "recommendation",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "recommendation");
    requireRole(c.type, ctx.actor, ["agency", "intake"], "W22 Art. 40");
    requireOrg(c.type, ctx.actor, s.toOrg, "W22 Art. 40");
    if (s.closed)
      throw new PracticeRuleError(c.type, "open", "W22 Art. 40", "the recommendation is closed");
    if (c.progress < s.progress) {
      throw new PracticeRuleError(
        c.type,
        "progress",
        "W22 Art. 40",
        `progress cannot fall from ${s.progress} % to ${c.progress} %`,
      );
    }
    return [
      {
        type: "RectificationProgressed",
        data: { org: s.toOrg, progress: c.progress, note: c.note },
      },
    ];
  },
};

export const closeRecommendation: Decider<RecommendationState, "closeRecommendation"> = {
  stream: "recommendation",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "recommendation");
    requireRole(c.type, ctx.actor, OFFICE, "W22 Art. 40");
    if (s.closed)
      throw new PracticeRuleError(
        c.type,
        "open",
        "W22 Art. 40",
        "the recommendation is already closed",
      );
    if (c.outcome === "implemented" && !s.feedback) {
      throw new PracticeRuleError(
        c.type,
        "feedback",
        "W22 Art. 40 ¶4",
        "an implemented recommendation has the org's written feedback first",
      );
    }
    return [
      {
        type: "RecommendationClosed",
        data: { outcome: c.outcome, ...(c.note === undefined ? {} : { note: c.note }) },
      },
    ];
  },
};
