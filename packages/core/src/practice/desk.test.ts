import { describe, expect, it } from "vitest";
import { ManualClock } from "../conformance/manual-clock.js";
import { ValidationError } from "../errors.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { nationalPolicy } from "../time/policy.js";
import type { PracticeCommandInput } from "./commands.js";
import { createPracticeDesk } from "./desk.js";
import { PracticeRuleError } from "./rules.js";

const office = { id: "xfb-1", role: "supervisor", org: "city-petition-office" } as const;
const agency = { id: "clerk-7", role: "agency", org: "housing-bureau" } as const;
const otherAgency = { id: "clerk-9", role: "agency", org: "transport-bureau" } as const;
const citizen = { id: "p-1", role: "petitioner" } as const;
const intake = { id: "desk-2", role: "intake", org: "suggestion-office" } as const;

function setup(start = "2026-03-02T09:00:00+08:00") {
  const clock = new ManualClock(start);
  const store = new MemoryEventStore({ clock });
  const desk = createPracticeDesk({ store, policy: nationalPolicy, clock });
  return { clock, store, desk };
}

async function refusal(promise: Promise<unknown>): Promise<PracticeRuleError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PracticeRuleError);
    return error as PracticeRuleError;
  }
  throw new Error("expected a PracticeRuleError");
}

describe("people's-suggestion collection (W22 Art. 29; SH-S Art. 8–16)", () => {
  it("a campaign takes suggestions only while open; one is assessed, adopted by a named policy, answered and rewarded", async () => {
    const { desk, store } = setup();
    await desk.execute({
      type: "openCampaign",
      id: "c-2026-1",
      actor: intake,
      kind: "majorDecision",
      title: "老旧小区加装电梯征集",
      topic: "加装电梯",
      org: "suggestion-office",
      opensAt: "2026-03-01T00:00:00+08:00",
      closesAt: "2026-03-31T23:59:59+08:00",
    });
    const submitted = await desk.execute({
      type: "submitSuggestion",
      id: "s-1",
      actor: citizen,
      campaignId: "c-2026-1",
      proposers: [{ name: "王某" }],
      title: "加装电梯的费用分摊",
      content: "建议按楼层分摊加装电梯费用，低层住户少出或不出。",
      channel: "online",
      handlingOrg: "housing-bureau",
    });
    expect(submitted.events[0]?.data.feedbackDueAt).toBe("2026-05-06T23:59:59+08:00"); // 60 days end Fri 05-01, inside the 05-01..05 break
    const late = await refusal(
      desk.execute({
        type: "submitSuggestion",
        id: "s-2",
        actor: citizen,
        campaignId: "c-2026-1",
        proposers: [{ name: "李某" }],
        title: "迟到的建议",
        content: "征集结束后提交。",
        channel: "online",
        handlingOrg: "housing-bureau",
        at: "2026-04-02T10:00:00+08:00",
      }),
    );
    expect(late.rule).toBe("campaignOpen");
    expect(await store.streamVersion("suggestion-s-2")).toBe(0);

    // Adoption needs an assessment first; only the handling org acts.
    expect(
      (
        await refusal(
          desk.execute({
            type: "adoptSuggestion",
            id: "s-1",
            actor: agency,
            form: "policy",
            adoptedIn: "电梯加装补贴办法",
          }),
        )
      ).rule,
    ).toBe("assessedForAdoption");
    expect(
      (
        await refusal(
          desk.execute({
            type: "assessSuggestion",
            id: "s-1",
            actor: otherAgency,
            assessment: "adopt",
            reason: "可行",
          }),
        )
      ).rule,
    ).toBe("org");
    await desk.execute({
      type: "assessSuggestion",
      id: "s-1",
      actor: agency,
      assessment: "adopt",
      reason: "科学合理，具有现实可行性",
    });
    await desk.execute({
      type: "adoptSuggestion",
      id: "s-1",
      actor: agency,
      form: "policy",
      adoptedIn: "电梯加装补贴办法（2026）",
    });
    await desk.execute({
      type: "giveSuggestionFeedback",
      id: "s-1",
      actor: agency,
      summary: "已采纳并写入补贴办法",
      at: "2026-04-10T10:00:00+08:00",
    });
    const rewarded = await desk.execute({
      type: "rewardSuggestion",
      id: "s-1",
      actor: agency,
      reward: "优秀人民建议",
      amount: 500,
    });
    expect(rewarded.state).toMatchObject({
      adopted: true,
      rewarded: true,
      feedbackAt: "2026-04-10T10:00:00+08:00",
    });
  });

  it("bad input names the field; a repeated idempotency key appends nothing", async () => {
    const { desk, store } = setup();
    try {
      await desk.execute({
        type: "submitSuggestion",
        id: "s-9",
        actor: citizen,
        title: "",
        content: "x",
        channel: "pigeon",
        handlingOrg: "o",
      } as unknown as PracticeCommandInput);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual([
        "channel",
        "title",
      ]);
    }
    const cmd = {
      type: "submitSuggestion",
      id: "s-3",
      actor: citizen,
      anonymous: true,
      title: "路灯",
      content: "建议增设路灯。",
      channel: "hotline",
      handlingOrg: "housing-bureau",
      idempotencyKey: "k-1",
    } as const;
    const first = await desk.execute(cmd);
    const again = await desk.execute(cmd);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.position)).toEqual(first.events.map((e) => e.position));
    expect(await store.headPosition()).toBe(1);
  });
});

describe("三项建议 follow-through (W22 Art. 40)", () => {
  it("a reminder before the response deadline, supervisions after it with rising level, each exactly once", async () => {
    const { desk, clock } = setup("2026-06-01T10:00:00+08:00");
    const issued = await desk.execute({
      type: "issueRecommendation",
      id: "r-1",
      actor: office,
      kind: "improveWork",
      toOrg: "housing-bureau",
      content: "物业投诉办理推诿，建议改进工作。",
      petitionIds: ["p-100", "p-101"],
    });
    expect(issued.events[0]?.data.responseDueAt).toBe("2026-07-01T23:59:59+08:00");
    expect(
      (
        await refusal(
          desk.execute({
            type: "issueRecommendation",
            id: "r-2",
            actor: agency,
            kind: "improveWork",
            toOrg: "x",
            content: "y",
          }),
        )
      ).rule,
    ).toBe("role");

    expect((await desk.tick("2026-06-27T00:00:00+08:00")).reminders).toHaveLength(0);
    const reminded = await desk.tick("2026-06-29T00:00:00+08:00");
    expect(reminded.reminders.map((e) => e.data)).toEqual([
      { deadline: "recommendationFeedback", dueAt: "2026-07-01T23:59:59+08:00", daysLeft: 2 },
    ]);
    expect((await desk.tick("2026-06-30T00:00:00+08:00")).reminders).toHaveLength(0);
    const first = await desk.tick("2026-07-03T09:00:00+08:00");
    expect(first.supervisions.map((e) => e.data)).toEqual([
      {
        deadline: "recommendationFeedback",
        dueAt: "2026-07-01T23:59:59+08:00",
        daysOverdue: 2,
        level: 1,
      },
    ]);
    // Two ticks at once still issue one notice.
    const [a, b] = await Promise.all([
      desk.tick("2026-07-10T09:00:00+08:00"),
      desk.tick("2026-07-10T09:00:00+08:00"),
    ]);
    const levels = [...a.supervisions, ...b.supervisions].map((e) => e.data.level);
    expect(levels).toEqual([2]); // escalation every 7 days by the national policy
    clock.set("2026-07-11T10:00:00+08:00");
    await desk.execute({
      type: "receiveRecommendationFeedback",
      id: "r-1",
      actor: agency,
      adoption: "adopted",
      summary: "已建立首接负责制",
    });
    expect((await desk.tick("2026-08-30T09:00:00+08:00")).supervisions).toHaveLength(0);
    await desk.execute({
      type: "recordRectification",
      id: "r-1",
      actor: agency,
      progress: 60,
      note: "整改过半",
    });
    expect(
      (
        await refusal(
          desk.execute({
            type: "recordRectification",
            id: "r-1",
            actor: agency,
            progress: 40,
            note: "倒退",
          }),
        )
      ).rule,
    ).toBe("progress");
    const closed = await desk.execute({
      type: "closeRecommendation",
      id: "r-1",
      actor: office,
      outcome: "implemented",
    });
    expect(closed.state).toMatchObject({ progress: 60, closed: { outcome: "implemented" } });
  });
});

describe("每月一题 cycle", () => {
  it("tasks go to the lead or participating units, are supervised when late, and the cycle closes only when all are done", async () => {
    const { desk } = setup("2026-05-06T09:00:00+08:00");
    await desk.execute({
      type: "chooseMonthlyTopic",
      id: "2026-05",
      actor: office,
      month: "2026-05",
      topic: "物业管理",
      title: "物业服务不规范专项治理",
      basis: { source: "hotTopics", count: 212, growth: 0.35 },
      leadOrg: "housing-bureau",
      participatingOrgs: ["market-regulation"],
    });
    expect(
      (
        await refusal(
          desk.execute({
            type: "assignRectificationTask",
            id: "2026-05",
            actor: office,
            taskId: "t1",
            org: "transport-bureau",
            description: "x",
            dueAt: "2026-06-01T23:59:59+08:00",
          }),
        )
      ).rule,
    ).toBe("unit");
    await desk.execute({
      type: "assignRectificationTask",
      id: "2026-05",
      actor: office,
      taskId: "t1",
      org: "housing-bureau",
      description: "物业服务标准公示",
      dueAt: "2026-06-01T23:59:59+08:00",
    });
    await desk.execute({
      type: "assignRectificationTask",
      id: "2026-05",
      actor: office,
      taskId: "t2",
      org: "market-regulation",
      description: "收费检查",
      dueAt: "2026-06-15T23:59:59+08:00",
    });
    const late = await desk.tick("2026-06-03T09:00:00+08:00");
    expect(late.supervisions.map((e) => e.data.deadline)).toEqual(["task:t1"]);
    expect(late.reminders).toHaveLength(0); // t2 is not yet in its reminder window
    await desk.execute({
      type: "completeRectificationTask",
      id: "2026-05",
      actor: agency,
      taskId: "t1",
      summary: "已公示",
    });
    expect(
      (
        await refusal(
          desk.execute({ type: "closeMonthlyTopic", id: "2026-05", actor: office, summary: "x" }),
        )
      ).rule,
    ).toBe("tasksDone");
    expect(
      (
        await refusal(
          desk.execute({
            type: "completeRectificationTask",
            id: "2026-05",
            actor: agency,
            taskId: "t2",
            summary: "不是本单位",
          }),
        )
      ).rule,
    ).toBe("org");
    await desk.execute({
      type: "progressRectificationTask",
      id: "2026-05",
      actor: { id: "m-1", role: "agency", org: "market-regulation" },
      taskId: "t2",
      progress: 50,
      note: "检查过半",
    });
    await desk.execute({
      type: "completeRectificationTask",
      id: "2026-05",
      actor: { id: "m-1", role: "agency", org: "market-regulation" },
      taskId: "t2",
      summary: "检查完成",
    });
    const closed = await desk.execute({
      type: "closeMonthlyTopic",
      id: "2026-05",
      actor: office,
      summary: "专项治理完成",
      at: "2026-06-20T09:00:00+08:00",
    });
    expect(closed.state).toMatchObject({ closedAt: "2026-06-20T09:00:00+08:00" });
  });
});

describe("leaders' reception and 包案 (W22 Art. 18)", () => {
  it("records sessions and case ownership with role checks", async () => {
    const { desk } = setup();
    await desk.execute({
      type: "recordReception",
      id: "rc-1",
      actor: office,
      kind: "scheduled",
      leader: { id: "deputy-mayor", level: "city" },
      org: "city-government",
      peopleReceived: 6,
      petitionIds: ["p-1", "p-2"],
    });
    expect(
      (
        await refusal(
          desk.execute({
            type: "takeChargeOfCase",
            id: "p-1",
            actor: citizen,
            leader: { id: "x", level: "county" },
          }),
        )
      ).rule,
    ).toBe("role");
    await desk.execute({
      type: "takeChargeOfCase",
      id: "p-1",
      actor: office,
      leader: { id: "deputy-mayor", level: "city" },
    });
    expect(
      (
        await refusal(
          desk.execute({
            type: "takeChargeOfCase",
            id: "p-1",
            actor: office,
            leader: { id: "other", level: "city" },
          }),
        )
      ).rule,
    ).toBe("new");
  });
});
