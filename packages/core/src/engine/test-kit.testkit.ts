import type { Actor } from "../events/envelope.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { nationalPolicy } from "../time/policy.js";
import type { Policy } from "../time/policy-config.js";
import type { CommandInput } from "./commands.js";
import { createEngine, type EngineOptions } from "./engine.js";

/** Shared fixtures of the lifecycle and engine tests: a fake clock, actors, commands. */

export const actors = {
  intake: { id: "clerk-1", role: "intake", org: "bureau" },
  agency: { id: "officer-x", role: "agency", org: "org-x" },
  otherAgency: { id: "officer-y", role: "agency", org: "org-y" },
  reviewer: { id: "reviewer-1", role: "agency", org: "org-review" },
  reexaminer: { id: "reexaminer-1", role: "agency", org: "org-reexamination" },
  petitioner: { id: "p-1", role: "petitioner" },
  stranger: { id: "p-2", role: "petitioner" },
  supervisor: { id: "inspector-1", role: "supervisor", org: "bureau" },
  system: { id: "system", role: "system" },
} satisfies Record<string, Actor>;

export interface FakeClock {
  current: string;
  now(): string;
  set(at: string): void;
}

export const fakeClock = (start: string): FakeClock => {
  const clock: FakeClock = {
    current: start,
    now: () => clock.current,
    set: (at) => {
      clock.current = at;
    },
  };
  return clock;
};

export const setup = (
  start = "2024-03-01T09:00:00+08:00",
  options: Partial<Omit<EngineOptions, "store" | "clock">> & { policy?: Policy } = {},
) => {
  const clock = fakeClock(start);
  const store = new MemoryEventStore({ clock });
  const engine = createEngine({
    store,
    clock,
    policy: options.policy ?? nationalPolicy,
    ...options,
  });
  return { clock, store, engine };
};

/** One command of each kind for petition `id`, as the happy path issues them. */
export const commandsFor = (id: string) =>
  ({
    register: {
      type: "register",
      petitionId: id,
      actor: actors.intake,
      channel: "visit",
      petitioners: [{ id: actors.petitioner.id, name: "张三" }],
      title: "小区供暖不达标",
      content: "冬季室温长期低于十六度，物业不予处理。",
      category: "claim",
      topic: "供暖",
    },
    linkRepeat: {
      type: "linkRepeat",
      petitionId: id,
      actor: actors.intake,
      previousPetitionId: "P-earlier",
      sameFactsAndReasons: false,
    },
    route: { type: "route", petitionId: id, actor: actors.intake, toOrg: "org-x" },
    objectRouting: {
      type: "objectRouting",
      petitionId: id,
      actor: actors.agency,
      reason: "不属于本机关职权范围",
    },
    confirmObjection: { type: "confirmObjection", petitionId: id, actor: actors.intake },
    rejectObjection: {
      type: "rejectObjection",
      petitionId: id,
      actor: actors.intake,
      reason: "经核实，属于该单位职权范围",
    },
    redirect: {
      type: "redirect",
      petitionId: id,
      actor: actors.intake,
      channel: "litigation",
      reason: "应通过诉讼解决",
    },
    accept: { type: "accept", petitionId: id, actor: actors.agency },
    notAccept: { type: "notAccept", petitionId: id, actor: actors.agency, reason: "已在办理" },
    extend: {
      type: "extend",
      petitionId: id,
      actor: actors.agency,
      days: 30,
      reason: "情况复杂",
      approvedBy: "head-x",
    },
    recordMediation: {
      type: "recordMediation",
      petitionId: id,
      actor: actors.agency,
      outcome: "agreement",
    },
    startHearing: { type: "startHearing", petitionId: id, actor: actors.agency },
    endHearing: { type: "endHearing", petitionId: id, actor: actors.agency },
    reply: {
      type: "reply",
      petitionId: id,
      actor: actors.agency,
      outcome: "supported",
      summary: "责成物业整改",
      legalBasis: ["信访工作条例第三十二条"],
    },
    evaluate: { type: "evaluate", petitionId: id, actor: actors.petitioner, rating: "satisfied" },
    requestReview: {
      type: "requestReview",
      petitionId: id,
      actor: actors.petitioner,
      toOrg: "org-review",
      reason: "不服处理意见",
    },
    decideReview: {
      type: "decideReview",
      petitionId: id,
      actor: actors.reviewer,
      outcome: "upheld",
      summary: "维持原处理意见",
    },
    requestReexamination: {
      type: "requestReexamination",
      petitionId: id,
      actor: actors.petitioner,
      toOrg: "org-reexamination",
      reason: "不服复查意见",
    },
    decideReexamination: {
      type: "decideReexamination",
      petitionId: id,
      actor: actors.reexaminer,
      outcome: "upheld",
      summary: "维持复查意见",
    },
    conclude: { type: "conclude", petitionId: id, actor: actors.system, reason: "resolved" },
    withdraw: { type: "withdraw", petitionId: id, actor: actors.petitioner },
    merge: { type: "merge", petitionId: id, actor: actors.intake, intoPetitionId: "P-first" },
    issueRecommendation: {
      type: "issueRecommendation",
      petitionId: id,
      actor: actors.supervisor,
      kind: "improveWork",
      toOrg: "org-x",
      content: "加强供暖监管",
    },
    issueReminder: { type: "issueReminder", petitionId: id, actor: actors.supervisor },
    issueSupervision: { type: "issueSupervision", petitionId: id, actor: actors.supervisor },
    contactCaller: {
      type: "contactCaller",
      petitionId: id,
      actor: actors.agency,
      method: "phone",
      note: "电话联系诉求人，了解具体情况",
    },
    reportBack: {
      type: "reportBack",
      petitionId: id,
      actor: actors.agency,
      summary: "已按交办要求整改，现报告办理结果",
    },
    callBack: {
      type: "callBack",
      petitionId: id,
      actor: actors.intake,
      resolved: false,
      rating: "unsatisfied",
    },
    returnForRehandling: {
      type: "returnForRehandling",
      petitionId: id,
      actor: actors.intake,
      reason: "回访不满意，退回再办",
    },
  }) satisfies { [K in CommandInput["type"]]: Extract<CommandInput, { type: K }> };

/**
 * A command of `type` for a petition in `state`, with the actor the rules want
 * (the routed org, the review org, …). Used to walk the chart.
 */
export const commandFor = (
  state: { petitionId: string; status: string; org?: string } | undefined,
  type: CommandInput["type"],
  petitionId = state?.petitionId ?? "P-walk",
): CommandInput => {
  const c = commandsFor(petitionId)[type] as CommandInput;
  const asReexaminer =
    state?.status === "underReexamination" && (type === "startHearing" || type === "endHearing");
  if (asReexaminer) return { ...c, actor: actors.reexaminer };
  if (type === "redirect" && state?.status === "routed") return { ...c, actor: actors.agency };
  if (type === "notAccept" && state?.status !== "routed") return { ...c, actor: actors.intake };
  // Before dispatch only the hotline answers (a consultation, at once: BJ Art. 11 ¶1).
  if (type === "reply" && state?.status === "registered") return { ...c, actor: actors.intake };
  if (c.type === "conclude") return { ...c, reason: "reviewWindowLapsed" };
  // The handling org acts (the hotline itself, for a consultation it answered and got back).
  if (c.actor === actors.agency && state?.org !== undefined && state.org !== actors.agency.org)
    return { ...c, actor: { ...actors.agency, org: state.org } };
  // In the review window only a duty is reminded of: an assigned petition's report-back.
  const notice = c.type === "issueReminder" || c.type === "issueSupervision";
  if (notice && state?.status === "replied") return { ...c, duty: "reportBack" };
  return c;
};
