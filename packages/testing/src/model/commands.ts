import type { Actor, CommandInput, CommandType } from "@petitio/core";
import { MODEL_ROLES } from "./actor-rules.js";
import type { OrgPlan } from "./org-plan.js";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

/**
 * Turning a model step into a real command: the actor the rules want (or a
 * deliberately wrong one) and the fields of its type, all chosen from the
 * random draws of the step so that fast-check can replay and shrink it.
 */

export const ORGS = ["org-a", "org-b"] as const;
export const REVIEW_ORG = "org-review";
export const REEXAMINATION_ORG = "org-reexamination";

export const actors = {
  intake: { id: "clerk-1", role: "intake", org: "bureau" },
  /** A clerk of another petition office: it did not register the model's petitions. */
  otherOffice: { id: "clerk-2", role: "intake", org: "district-office" },
  supervisor: { id: "inspector-1", role: "supervisor", org: "bureau" },
  /** A supervisor of another petition office: met only when the check is given a supervision scope. */
  otherSupervisor: { id: "inspector-2", role: "supervisor", org: "district-office" },
  system: { id: "system", role: "system" },
  agency: (org: string): Actor => ({ id: `officer-${org}`, role: "agency", org }),
  petitioner: (id: string): Actor => ({ id, role: "petitioner" }),
} as const;

/**
 * Which actor a step uses: the right one; one of a role that may not act; the right
 * role in the wrong org (another office, an org the petition was never sent to) or
 * the wrong person; an org that holds the petition but not in this stage (the
 * handling org deciding the review one level up, W22 Art. 35), else the petition
 * office replying or declining in the handling org's place; the right official
 * who is also the petitioner (W22 Art. 28 ¶3); the right role without an org; an
 * official of the org an accusation accuses (W22 Art. 30 ¶3). A variant that does
 * not apply to the petition or command gives the right actor.
 */
export type ActorVariant =
  | "right"
  | "wrongRole"
  | "wrongOrg"
  | "otherHolder"
  | "conflicted"
  | "noOrg"
  | "accused";

/** The variants that refuse by who acts, beside the right one. */
export const REFUSED_ACTOR_VARIANTS: readonly ActorVariant[] = [
  "wrongRole",
  "wrongOrg",
  "otherHolder",
  "conflicted",
  "noOrg",
  "accused",
];

/** Random draws of one step; every field is used by some command type. */
export interface StepDraws {
  days: number;
  rating: "satisfied" | "basicallySatisfied" | "unsatisfied";
  concludeReason: "resolved" | "reviewWindowLapsed";
  sameFacts: boolean;
  choice: number;
  emptyLegalBasis: boolean;
  /** 催办 / 督办 of a duty beside the stage instead of the running stage. */
  duty?: "reportBack" | "callBack";
}

const rightActor = (p: ModelPetition, type: CommandType): Actor => {
  switch (type) {
    case "register":
    case "linkRepeat":
    case "route":
    case "merge":
    case "redirect":
    case "confirmObjection":
    case "rejectObjection":
    case "callBack":
    case "returnForRehandling":
      return actors.intake;
    case "notAccept":
      // Declined by the org holding it: the routed org, or before routing the registering office (W22 Art. 23).
      return p.org === undefined ? actors.intake : actors.agency(p.org);
    case "objectRouting":
    case "accept":
    case "extend":
    case "recordMediation":
    case "reply":
    case "contactCaller":
    case "reportBack":
      return actors.agency(p.org ?? ORGS[0]);
    case "startHearing":
    case "endHearing":
      return actors.agency(
        (p.status === "underReexamination" ? p.reexaminationOrg : p.org) ?? ORGS[0],
      );
    case "decideReview":
      return actors.agency(p.reviewOrg ?? REVIEW_ORG);
    case "decideReexamination":
      return actors.agency(p.reexaminationOrg ?? REEXAMINATION_ORG);
    case "evaluate":
    case "requestReview":
    case "requestReexamination":
    case "withdraw":
      return actors.petitioner(p.petitionerId ?? "p-anonymous");
    case "conclude":
      return actors.system;
    case "issueRecommendation":
    case "issueReminder":
    case "issueSupervision":
      return actors.supervisor;
  }
};

const anyOfRole: Record<Actor["role"], Actor> = {
  intake: actors.intake,
  supervisor: actors.supervisor,
  system: actors.system,
  agency: actors.agency("org-elsewhere"),
  petitioner: actors.petitioner("p-stranger"),
};

const isOfficial = (actor: Actor) => actor.role !== "petitioner" && actor.role !== "system";

/**
 * `scopedSupervision`: the deployment says which offices supervise which petitions
 * (`supervises`), so a supervisor of the wrong office is one of the wrong-org actors.
 */
export const actorFor = (
  p: ModelPetition,
  type: CommandType,
  variant: ActorVariant,
  scopedSupervision = false,
): Actor => {
  const right = rightActor(p, type);
  switch (variant) {
    case "right":
      return right;
    case "wrongRole": {
      const role = (["petitioner", "supervisor", "agency", "intake", "system"] as const).find(
        (r) => !MODEL_ROLES[type].includes(r),
      );
      return role ? anyOfRole[role] : right;
    }
    case "wrongOrg":
      if (right.role === "agency") return actors.agency("org-elsewhere");
      if (right.role === "petitioner") return actors.petitioner("p-stranger");
      if (right.role === "intake") return actors.otherOffice;
      if (right.role === "supervisor" && scopedSupervision) return actors.otherSupervisor;
      return right;
    case "otherHolder": {
      if (right.role !== "agency") return right;
      const other = [p.org, p.reviewOrg, p.reexaminationOrg].find(
        (o) => o !== undefined && o !== right.org,
      );
      if (other !== undefined) return actors.agency(other);
      // No other org holds it: the petition office answering or declining in the handling org's place.
      return MODEL_ROLES[type].includes("intake") ? actors.intake : right;
    }
    case "conflicted":
      return isOfficial(right) && p.petitionerId !== undefined
        ? { ...right, id: p.petitionerId }
        : right;
    case "noOrg":
      return right.org === undefined ? right : { id: right.id, role: right.role };
    case "accused": {
      const accused = p.accusedOrgs[0];
      return isOfficial(right) && accused !== undefined ? { ...right, org: accused } : right;
    }
  }
};

/** The fields of a command of `type` on `p`, from the draws; the orgs it names come from the plan. */
export const fieldsFor = (
  type: CommandType,
  d: StepDraws,
  others: readonly ModelPetition[],
  plan: OrgPlan,
  p?: ModelPetition,
): Record<string, unknown> => {
  const other = others.length > 0 ? others[d.choice % others.length]!.id : "P-elsewhere";
  switch (type) {
    case "linkRepeat":
      return { previousPetitionId: other, sameFactsAndReasons: d.sameFacts };
    case "route":
      return {
        toOrg: plan.routeTo[d.choice % plan.routeTo.length],
        mode: d.choice % 3 === 0 ? "assign" : "transfer",
      };
    case "objectRouting":
      return { reason: "不属于本机关职权范围" };
    case "rejectObjection":
      return { reason: "经核实，属于该单位职权范围" };
    case "redirect":
      return { channel: "litigation", reason: "应通过诉讼途径解决" };
    case "notAccept":
      return { reason: "已经或者依法应当通过诉讼途径解决" };
    case "extend":
      return { days: d.days, reason: "情况复杂", approvedBy: "head-of-org" };
    case "recordMediation":
      return { outcome: d.sameFacts ? "agreement" : "noAgreement" };
    case "reply":
      return {
        outcome: (["supported", "explained", "notSupported"] as const)[d.choice % 3],
        summary: "经调查核实，已责成相关部门整改。",
        legalBasis: d.emptyLegalBasis ? [] : ["信访工作条例第三十二条"],
      };
    case "evaluate":
      return { rating: d.rating };
    case "requestReview":
      return { toOrg: plan.askOf(type, p, d.choice), reason: "不服处理意见" };
    case "decideReview":
      return { outcome: "upheld", summary: "维持原处理意见" };
    case "requestReexamination":
      return { toOrg: plan.askOf(type, p, d.choice), reason: "不服复查意见" };
    case "decideReexamination":
      return { outcome: "revised", summary: "变更复查意见" };
    case "conclude":
      return { reason: d.concludeReason };
    case "merge":
      return { intoPetitionId: other };
    case "issueRecommendation":
      return { kind: "improveWork", toOrg: ORGS[0], content: "建议改进工作" };
    case "contactCaller":
      return { method: "phone", note: "电话联系诉求人，听取意见" };
    case "reportBack":
      return { summary: "已按交办要求办理完毕，现将办理结果报告如下。" };
    case "callBack":
      return { resolved: d.sameFacts, rating: d.rating };
    case "returnForRehandling":
      return { reason: "回访不满意，退回承办单位再次办理" };
    case "issueReminder":
    case "issueSupervision":
      return d.duty === undefined ? {} : { duty: d.duty };
    default:
      return {};
  }
};

export const toCommandInput = (
  petitionId: string,
  c: ModelCommand,
  idempotencyKey: string,
): CommandInput =>
  ({
    type: c.type,
    petitionId,
    actor: c.actor,
    at: c.at,
    idempotencyKey,
    ...c.fields,
  }) as CommandInput;

/** Steps forward along the procedure are likelier than exits, so deep states are reached. */
export const STEP_WEIGHT: Partial<Record<CommandType, number>> = {
  route: 6,
  accept: 6,
  reply: 6,
  requestReview: 6,
  decideReview: 6,
  requestReexamination: 6,
  decideReexamination: 4,
  withdraw: 1,
  merge: 1,
  redirect: 1,
  notAccept: 1,
  conclude: 2,
  // A side step, taken only while an objection awaits the routing office.
  rejectObjection: 1,
};

export const weightedPick = (types: readonly CommandType[], seed: number): CommandType => {
  const weights = types.map((t) => STEP_WEIGHT[t] ?? 3);
  let ticket = seed % weights.reduce((a, b) => a + b, 0);
  for (const [i, t] of types.entries()) {
    ticket -= weights[i]!;
    if (ticket < 0) return t;
  }
  return types[0]!;
};
