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
 * People's-suggestion collection 人民建议征集: campaigns with an open period
 * (SH-S Art. 8), suggestions submitted to one or standing, assessed, adopted by a
 * named policy or decision (W22 Art. 29 ¶1; SH-S Art. 13), answered (SH-S
 * Art. 12), rewarded where given (W22 Art. 29 ¶2; SH-S Art. 16).
 */

export interface CampaignState {
  campaignId: string;
  org: string;
  opensAt: string;
  closesAt: string;
  closed: boolean;
}

export interface SuggestionState {
  suggestionId: string;
  campaignId?: string;
  handlingOrg: string;
  receivedAt: string;
  feedbackDueAt: string;
  assessment?: string;
  adopted: boolean;
  feedbackAt?: string;
  rewarded: boolean;
  followUp: Record<string, FollowUp>;
}

export function evolveCampaign(
  state: CampaignState | undefined,
  event: EventEnvelope,
): CampaignState | undefined {
  const d = event.data as Record<string, string>;
  if (event.type === "SuggestionCampaignOpened") {
    return {
      campaignId: d.campaignId ?? "",
      org: d.org ?? "",
      opensAt: d.opensAt ?? "",
      closesAt: d.closesAt ?? "",
      closed: false,
    };
  }
  if (event.type === "SuggestionCampaignClosed" && state) return { ...state, closed: true };
  return state;
}

export function evolveSuggestion(
  state: SuggestionState | undefined,
  event: EventEnvelope,
): SuggestionState | undefined {
  const d = event.data as Record<string, unknown>;
  if (event.type === "SuggestionSubmitted") {
    return {
      suggestionId: String(d.suggestionId),
      ...(typeof d.campaignId === "string" ? { campaignId: d.campaignId } : {}),
      handlingOrg: String(d.handlingOrg),
      receivedAt: String(d.receivedAt),
      feedbackDueAt: String(d.feedbackDueAt),
      adopted: false,
      rewarded: false,
      followUp: {},
    };
  }
  if (!state) return state;
  const followUp = foldFollowUp(state.followUp, event);
  if (followUp) return { ...state, followUp };
  switch (event.type) {
    case "SuggestionAssessed":
      return { ...state, assessment: String(d.assessment) };
    case "SuggestionAdopted":
      return { ...state, adopted: true };
    case "SuggestionFeedbackGiven":
      return { ...state, feedbackAt: String(d.deliveredAt) };
    case "SuggestionRewarded":
      return { ...state, rewarded: true };
    default:
      return state;
  }
}

/** The proposer's feedback is owed until it is given. */
export const suggestionDeadlines = (s: SuggestionState) =>
  s.feedbackAt === undefined
    ? [{ deadline: "suggestionFeedback", dueAt: s.feedbackDueAt, org: s.handlingOrg }]
    : [];

const ORG_BASIS = "W22 Art. 29 ¶1";
const STAFF = ["intake", "agency", "supervisor"] as const;

export const openCampaign: Decider<CampaignState, "openCampaign"> = {
  stream: "campaign",
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, ["intake", "supervisor"], "W22 Art. 29 ¶3; SH-S Art. 8");
    requireNew(c.type, state, "campaign");
    if (Date.parse(c.closesAt) <= Date.parse(c.opensAt)) {
      throw new PracticeRuleError(
        c.type,
        "period",
        "SH-S Art. 8 ¶3",
        "closesAt must be after opensAt (征集期限 is published with the topic)",
      );
    }
    return [
      {
        type: "SuggestionCampaignOpened",
        data: {
          campaignId: c.id,
          kind: c.kind,
          title: c.title,
          topic: c.topic,
          org: c.org,
          opensAt: c.opensAt,
          closesAt: c.closesAt,
          ...(c.description === undefined ? {} : { description: c.description }),
        },
      },
    ];
  },
};

export const closeCampaign: Decider<CampaignState, "closeCampaign"> = {
  stream: "campaign",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "campaign");
    requireRole(c.type, ctx.actor, ["intake", "supervisor"], "SH-S Art. 12(1)");
    requireOrg(c.type, ctx.actor, s.org, "SH-S Art. 12(1)");
    if (s.closed)
      throw new PracticeRuleError(c.type, "open", "SH-S Art. 8", "the campaign is already closed");
    return [
      {
        type: "SuggestionCampaignClosed",
        data: {
          campaignId: s.campaignId,
          ...(c.summary === undefined ? {} : { summary: c.summary }),
        },
      },
    ];
  },
};

export const submitSuggestion: Decider<SuggestionState, "submitSuggestion"> = {
  stream: "suggestion",
  related: (c) => (c.campaignId === undefined ? undefined : { kind: "campaign", id: c.campaignId }),
  decide(state, c, ctx, related) {
    const campaign = related as CampaignState | undefined;
    requireRole(c.type, ctx.actor, ["petitioner", "intake"], "W22 Art. 29; SH-S Art. 9");
    requireNew(c.type, state, "suggestion");
    const receivedAt = c.receivedAt ?? ctx.now;
    if (c.campaignId !== undefined) {
      if (!campaign) {
        throw new PracticeRuleError(
          c.type,
          "campaign",
          "SH-S Art. 8",
          `no campaign ${c.campaignId} has been opened`,
        );
      }
      const t = Date.parse(receivedAt);
      if (
        t < Date.parse(campaign.opensAt) ||
        t > Date.parse(campaign.closesAt) ||
        campaign.closed
      ) {
        throw new PracticeRuleError(
          c.type,
          "campaignOpen",
          "SH-S Art. 8 ¶3",
          `campaign ${c.campaignId} takes suggestions from ${campaign.opensAt} to ${campaign.closesAt}${campaign.closed ? " and is closed" : ""}; received ${receivedAt}`,
        );
      }
    }
    if (!c.anonymous && c.proposers.length === 0) {
      throw new PracticeRuleError(
        c.type,
        "proposer",
        "SH-S Art. 10 ¶1",
        "a suggestion that is not anonymous names its proposer (建议人基本信息)",
      );
    }
    const feedbackDueAt = dueAfter(
      ctx.policy,
      { days: ctx.limits.suggestionFeedbackDays, unit: "calendarDays", basis: "W22 Art. 29 ¶1" },
      receivedAt,
    );
    return [
      {
        type: "SuggestionSubmitted" as const,
        data: {
          suggestionId: c.id,
          ...(c.campaignId === undefined ? {} : { campaignId: c.campaignId }),
          anonymous: c.anonymous,
          proposers: c.anonymous ? [] : c.proposers,
          title: c.title,
          content: c.content,
          ...(c.topic === undefined ? {} : { topic: c.topic }),
          channel: c.channel,
          receivedAt,
          handlingOrg: c.handlingOrg,
          feedbackDueAt,
        },
      },
    ];
  },
};

export const assessSuggestion: Decider<SuggestionState, "assessSuggestion"> = {
  stream: "suggestion",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "suggestion");
    requireRole(c.type, ctx.actor, STAFF, ORG_BASIS);
    requireOrg(c.type, ctx.actor, s.handlingOrg, ORG_BASIS);
    return [
      {
        type: "SuggestionAssessed",
        data: { org: s.handlingOrg, assessment: c.assessment, reason: c.reason },
      },
    ];
  },
};

export const adoptSuggestion: Decider<SuggestionState, "adoptSuggestion"> = {
  stream: "suggestion",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "suggestion");
    requireRole(c.type, ctx.actor, STAFF, ORG_BASIS);
    requireOrg(c.type, ctx.actor, s.handlingOrg, ORG_BASIS);
    if (s.assessment !== "adopt" && s.assessment !== "partlyAdopt") {
      throw new PracticeRuleError(
        c.type,
        "assessedForAdoption",
        ORG_BASIS,
        "a suggestion is adopted after it is assessed as adopt or partlyAdopt (认真研究论证)",
      );
    }
    if (s.adopted)
      throw new PracticeRuleError(c.type, "once", ORG_BASIS, "the suggestion is already adopted");
    return [
      {
        type: "SuggestionAdopted",
        data: {
          org: s.handlingOrg,
          form: c.form,
          adoptedIn: c.adoptedIn,
          partial: c.partial || s.assessment === "partlyAdopt",
        },
      },
    ];
  },
};

export const giveSuggestionFeedback: Decider<SuggestionState, "giveSuggestionFeedback"> = {
  stream: "suggestion",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "suggestion");
    requireRole(c.type, ctx.actor, STAFF, "SH-S Art. 12");
    requireOrg(c.type, ctx.actor, s.handlingOrg, "SH-S Art. 12");
    if (s.assessment === undefined) {
      throw new PracticeRuleError(
        c.type,
        "assessed",
        "W22 Art. 29 ¶1",
        "feedback follows the assessment: assess the suggestion first",
      );
    }
    if (s.feedbackAt !== undefined)
      throw new PracticeRuleError(c.type, "once", "SH-S Art. 12", "feedback was already given");
    const deliveredAt = c.deliveredAt ?? ctx.now;
    if (Date.parse(deliveredAt) < Date.parse(s.receivedAt)) {
      throw new PracticeRuleError(
        c.type,
        "deliveredAt",
        "SH-S Art. 12",
        `deliveredAt ${deliveredAt} is before the suggestion was received (${s.receivedAt})`,
      );
    }
    return [
      {
        type: "SuggestionFeedbackGiven",
        data: { org: s.handlingOrg, summary: c.summary, deliveredAt },
      },
    ];
  },
};

export const rewardSuggestion: Decider<SuggestionState, "rewardSuggestion"> = {
  stream: "suggestion",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "suggestion");
    requireRole(c.type, ctx.actor, ["agency", "supervisor"], "W22 Art. 29 ¶2; SH-S Art. 16");
    requireOrg(c.type, ctx.actor, s.handlingOrg, "W22 Art. 29 ¶2");
    if (!s.adopted) {
      throw new PracticeRuleError(
        c.type,
        "adopted",
        "W22 Art. 29 ¶2",
        "a reward is for a suggestion that contributed: adopt it first",
      );
    }
    if (s.rewarded)
      throw new PracticeRuleError(
        c.type,
        "once",
        "SH-S Art. 16",
        "the suggestion was already rewarded",
      );
    return [
      {
        type: "SuggestionRewarded",
        data: {
          org: s.handlingOrg,
          reward: c.reward,
          ...(c.amount === undefined ? {} : { amount: c.amount }),
        },
      },
    ];
  },
};
