import { describe, expect, it } from "vitest";
import { ManualClock } from "../conformance/manual-clock.js";
import { replay } from "../projections/replay.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { nationalPolicy } from "../time/policy.js";
import { createPracticeDesk } from "./desk.js";
import { practiceProjection, practiceReport } from "./projection.js";

const office = { id: "xfb-1", role: "supervisor", org: "city-petition-office" } as const;
const agency = { id: "clerk-7", role: "agency", org: "housing-bureau" } as const;
const citizen = { id: "p-1", role: "petitioner" } as const;

/** A registered petition on a topic, appended as the engine would record it. */
async function petition(store: MemoryEventStore, id: string, topic: string, receivedAt: string) {
  await store.append(
    `petition-${id}`,
    [
      {
        type: "PetitionRegistered",
        occurredAt: receivedAt,
        actor: { id: "desk", role: "intake", org: "city-petition-office" },
        data: {
          petitionId: id,
          channel: "letter",
          anonymous: true,
          petitioners: [],
          title: "写给项目的测试信",
          content: "小区物业不作为。",
          category: "claim",
          topic,
          receivedAt,
          registeredBy: "city-petition-office",
          routingDueAt: "2026-12-31T23:59:59+08:00",
        },
      },
    ],
    { expectedVersion: "noStream" },
  );
}

async function fold(store: MemoryEventStore) {
  let state = practiceProjection.init();
  for await (const e of store.readAll()) state = practiceProjection.apply(state, e);
  return state;
}

describe("practice metrics", () => {
  it("adoption rate, on-time feedback, open recommendations per org, 包案 resolved share, receptions per level", async () => {
    const clock = new ManualClock("2026-03-02T09:00:00+08:00");
    const store = new MemoryEventStore({ clock });
    const desk = createPracticeDesk({ store, policy: nationalPolicy, clock });
    for (const id of ["s1", "s2", "s3"]) {
      await desk.execute({
        type: "submitSuggestion",
        id,
        actor: citizen,
        anonymous: true,
        title: "建议",
        content: "建议内容",
        channel: "online",
        handlingOrg: "housing-bureau",
      });
    }
    await desk.execute({
      type: "assessSuggestion",
      id: "s1",
      actor: agency,
      assessment: "adopt",
      reason: "可行",
    });
    await desk.execute({
      type: "assessSuggestion",
      id: "s2",
      actor: agency,
      assessment: "notAdopted",
      reason: "不可行",
    });
    await desk.execute({
      type: "adoptSuggestion",
      id: "s1",
      actor: agency,
      form: "workMeasure",
      adoptedIn: "便民措施十条",
    });
    await desk.execute({
      type: "giveSuggestionFeedback",
      id: "s1",
      actor: agency,
      summary: "已采纳",
      at: "2026-03-12T09:00:00+08:00",
    });
    await desk.execute({
      type: "giveSuggestionFeedback",
      id: "s2",
      actor: agency,
      summary: "未采纳，理由如下",
      at: "2026-06-01T09:00:00+08:00",
    });
    await desk.execute({
      type: "issueRecommendation",
      id: "r1",
      actor: office,
      kind: "improvePolicy",
      toOrg: "housing-bureau",
      content: "完善维修资金使用政策",
    });
    await desk.execute({
      type: "issueRecommendation",
      id: "r2",
      actor: office,
      kind: "improveWork",
      toOrg: "transport-bureau",
      content: "改进工作",
      at: "2026-03-03T09:00:00+08:00",
    });
    await desk.execute({
      type: "receiveRecommendationFeedback",
      id: "r1",
      actor: agency,
      adoption: "adopted",
      summary: "已修订",
      at: "2026-03-20T09:00:00+08:00",
    });
    await desk.execute({
      type: "recordReception",
      id: "rc1",
      actor: office,
      kind: "scheduled",
      leader: { id: "l1", level: "city" },
      org: "city-government",
      peopleReceived: 4,
      petitionIds: ["a"],
    });
    await desk.execute({
      type: "recordReception",
      id: "rc2",
      actor: office,
      kind: "onSite",
      leader: { id: "l2", level: "county" },
      org: "county-government",
      peopleReceived: 9,
      petitionIds: [],
    });
    await petition(store, "a", "物业管理", "2026-02-20T09:00:00+08:00");
    await petition(store, "b", "物业管理", "2026-02-21T09:00:00+08:00");
    await desk.execute({
      type: "takeChargeOfCase",
      id: "a",
      actor: office,
      leader: { id: "l1", level: "city" },
    });
    await desk.execute({
      type: "takeChargeOfCase",
      id: "b",
      actor: office,
      leader: { id: "l1", level: "city" },
    });
    await store.append(
      "petition-a",
      [
        {
          type: "PetitionConcluded",
          occurredAt: "2026-04-01T09:00:00+08:00",
          actor: { id: "system", role: "system" },
          data: { reason: "resolved" },
        },
      ],
      { expectedVersion: 1 },
    );

    const facts = await fold(store);
    const report = practiceReport(facts, { asOf: "2026-07-01T00:00:00+08:00" });
    expect(report.suggestions.received).toBe(3);
    expect(report.suggestions.adoption).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    // Feedback due 05-06 for all three: s1 on time, s2 late, s3 none.
    expect(report.suggestions.onTimeFeedback).toEqual({
      numerator: 1,
      denominator: 3,
      value: 1 / 3,
    });
    expect(report.suggestions.medianDaysToFeedback).toBeCloseTo((10 + 91) / 2, 5);
    expect(report.recommendations.openByOrg).toEqual({
      "housing-bureau": 1,
      "transport-bureau": 1,
    });
    expect(report.recommendations.onTimeFeedback).toEqual({
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
    expect(report.receptions).toEqual({
      sessions: 2,
      people: 13,
      byLevel: { city: { sessions: 1, people: 4 }, county: { sessions: 1, people: 9 } },
      byKind: { scheduled: 1, onSite: 1 },
    });
    expect(report.leaderCases).toEqual({
      taken: 2,
      resolved: { numerator: 1, denominator: 2, value: 0.5 },
    });

    // As of an earlier day: what the system showed then.
    const early = practiceReport(facts, { asOf: "2026-03-15T00:00:00+08:00" });
    expect(early.suggestions.adoption).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(early.suggestions.onTimeFeedback.denominator).toBe(0); // nothing due yet
    expect(early.leaderCases.resolved.numerator).toBe(0);
  });

  it("每月一题: topic volume before the cycle and after it closed; a replay up to a day reports what the full fold reports as of that day", async () => {
    const clock = new ManualClock("2026-03-05T09:00:00+08:00");
    const store = new MemoryEventStore({ clock });
    const desk = createPracticeDesk({ store, policy: nationalPolicy, clock });
    const days = [
      "2026-01-10",
      "2026-02-10",
      "2026-02-11",
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-05-10",
    ];
    for (const [i, d] of days.entries())
      await petition(store, `p${i}`, "物业管理", `${d}T09:00:00+08:00`);
    await petition(store, "other", "噪音扰民", "2026-05-11T09:00:00+08:00");
    await desk.execute({
      type: "chooseMonthlyTopic",
      id: "c1",
      actor: office,
      month: "2026-03",
      topic: "物业管理",
      title: "物业专项",
      basis: { source: "hotTopics", count: 3 },
      leadOrg: "housing-bureau",
    });
    await desk.execute({
      type: "assignRectificationTask",
      id: "c1",
      actor: office,
      taskId: "t1",
      org: "housing-bureau",
      description: "整改",
      dueAt: "2026-03-31T23:59:59+08:00",
    });
    await desk.execute({
      type: "completeRectificationTask",
      id: "c1",
      actor: agency,
      taskId: "t1",
      summary: "完成",
      at: "2026-03-30T09:00:00+08:00",
    });
    await desk.execute({
      type: "closeMonthlyTopic",
      id: "c1",
      actor: office,
      summary: "结束",
      at: "2026-03-31T09:00:00+08:00",
    });
    const facts = await fold(store);
    const [cycle] = practiceReport(facts, { asOf: "2026-07-02T00:00:00+08:00" }).monthlyTopics;
    expect(cycle).toMatchObject({
      topic: "物业管理",
      tasks: 1,
      completed: 1,
      overdue: 0,
      closed: true,
      before: { months: ["2026-01", "2026-02", "2026-03"], count: 6 },
      after: { months: ["2026-04", "2026-05", "2026-06"], count: 1 },
    });
    for (const asOf of [
      "2026-03-06T00:00:00+08:00",
      "2026-03-30T12:00:00+08:00",
      "2026-06-15T00:00:00+08:00",
    ]) {
      const upTo = await replay(practiceProjection, store.readAll(), { asOf });
      expect(practiceReport(upTo, { asOf }), asOf).toEqual(practiceReport(facts, { asOf }));
    }
  });
});
