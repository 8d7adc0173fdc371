import {
  type CommandInput,
  createEngine,
  createPracticeDesk,
  hotline12345Policy,
  MemoryEventStore,
  type PracticeCommandInput,
  writeLogFile,
} from "@petitio/core";

/**
 * A small log with 12345 tickets and the practice desk's streams, written to
 * `path`: three tickets dispatched on Monday 4 March 2024 (a complaint signed
 * for at once and called back satisfied; a help request signed for late,
 * called back unresolved and sent back; a consultation never signed for), the
 * topic 噪音扰民 in January–March (4 petitions) and May–July (1), a 每月一题
 * cycle on it for March closed in April, a suggestion campaign with two
 * suggestions (one adopted and answered), a 三项建议 recommendation, and one
 * city-level reception whose leader took charge of the help ticket; the
 * complaint's first receiver asked the street office to co-handle it.
 */
export const writePracticeLog = async (path: string): Promise<void> => {
  let now = "2024-01-08T09:00:00+08:00";
  const clock = { now: () => now };
  const store = new MemoryEventStore({ clock });
  const engine = createEngine({ store, policy: hotline12345Policy, clock });
  const desk = createPracticeDesk({ store, policy: hotline12345Policy, clock });
  const intake = { id: "op-1", role: "intake", org: "hotline-12345" } as const;
  const env = { id: "off-3", role: "agency", org: "env-bureau" } as const;
  const heat = { id: "off-4", role: "agency", org: "heating-co" } as const;
  const office = { id: "sup-1", role: "supervisor", org: "city-office" } as const;
  const at = (time: string) => {
    now = time;
  };
  const run = (c: Record<string, unknown>) => engine.execute(c as CommandInput);
  const practice = (c: Record<string, unknown>) => desk.execute(c as PracticeCommandInput);
  const register = (petitionId: string, topic: string, extra: Record<string, unknown> = {}) =>
    run({
      type: "register",
      petitionId,
      actor: intake,
      channel: "hotline",
      title: `${topic} ${petitionId}`,
      content: `来电反映${topic}问题。`,
      category: "claim",
      topic,
      ...extra,
    });

  // The topic before the cycle: two in January, one in February (petitions by phone, not tickets).
  for (const [id, time] of [
    ["N-1", "2024-01-08T09:00:00+08:00"],
    ["N-2", "2024-01-20T09:00:00+08:00"],
    ["N-3", "2024-02-10T09:00:00+08:00"],
  ] as const) {
    at(time);
    await register(id, "噪音扰民", { channel: "phone" });
  }
  at("2024-03-04T09:00:00+08:00");
  await register("T-1", "噪音扰民", { requestType: "complaint" });
  await register("T-2", "供暖不热", { requestType: "help" });
  await register("T-3", "办事指南", { requestType: "consultation" });
  await run({ type: "route", petitionId: "T-1", actor: intake, toOrg: "env-bureau" });
  await run({ type: "route", petitionId: "T-2", actor: intake, toOrg: "heating-co" });
  await run({ type: "route", petitionId: "T-3", actor: intake, toOrg: "env-bureau" });
  await run({ type: "accept", petitionId: "T-1", actor: env });
  // 首接负责制: the first receiver asks the street office to co-handle (BJ Art. 14).
  await practice({ type: "requestCoHandling", id: "T-1", actor: env, orgs: ["street-office"] });
  at("2024-03-06T10:00:00+08:00");
  await practice({
    type: "reportCoHandling",
    id: "T-1",
    actor: { id: "off-6", role: "agency", org: "street-office" },
    summary: "已约谈施工单位。",
  });
  await run({
    type: "reply",
    petitionId: "T-1",
    actor: env,
    outcome: "supported",
    summary: "已责令工地夜间停工。",
    legalBasis: ["噪声污染防治法"],
  });
  at("2024-03-07T09:00:00+08:00");
  await run({ type: "accept", petitionId: "T-2", actor: heat });
  await run({
    type: "callBack",
    petitionId: "T-1",
    actor: intake,
    resolved: true,
    rating: "satisfied",
  });
  await practice({
    type: "recordReception",
    id: "R-1",
    actor: office,
    kind: "scheduled",
    leader: { id: "vice-mayor", level: "city" },
    org: "city-office",
    peopleReceived: 3,
    petitionIds: ["T-2"],
  });
  await practice({
    type: "takeChargeOfCase",
    id: "T-2",
    actor: office,
    leader: { id: "vice-mayor", level: "city" },
  });
  at("2024-03-08T10:00:00+08:00");
  await run({
    type: "reply",
    petitionId: "T-2",
    actor: heat,
    outcome: "explained",
    summary: "已派员检修。",
    legalBasis: ["供热条例"],
  });
  at("2024-03-11T10:00:00+08:00");
  await run({
    type: "callBack",
    petitionId: "T-2",
    actor: intake,
    resolved: false,
    rating: "unsatisfied",
  });
  await run({ type: "returnForRehandling", petitionId: "T-2", actor: intake, reason: "仍不热" });

  // 每月一题: March's topic, a task for the environment bureau, closed in April.
  at("2024-03-12T09:00:00+08:00");
  await practice({
    type: "chooseMonthlyTopic",
    id: "2024-03",
    actor: office,
    month: "2024-03",
    topic: "噪音扰民",
    title: "夜间施工噪音治理",
    basis: { source: "hotTopics", count: 2 },
    leadOrg: "env-bureau",
  });
  await practice({
    type: "assignRectificationTask",
    id: "2024-03",
    actor: office,
    taskId: "night-works",
    org: "env-bureau",
    description: "夜间施工审批与巡查",
    dueAt: "2024-04-15T23:59:59+08:00",
  });
  await practice({
    type: "openCampaign",
    id: "C-1",
    actor: office,
    kind: "dailyTopic",
    title: "城市噪音治理建议征集",
    topic: "噪音扰民",
    org: "city-office",
    opensAt: "2024-03-01T00:00:00+08:00",
    closesAt: "2024-04-30T23:59:59+08:00",
  });
  for (const id of ["S-1", "S-2"]) {
    await practice({
      type: "submitSuggestion",
      id,
      actor: intake,
      campaignId: "C-1",
      anonymous: true,
      title: `建议 ${id}`,
      content: "建议设立夜间施工公示牌。",
      channel: "online",
      handlingOrg: "env-bureau",
    });
  }
  await practice({
    type: "issueRecommendation",
    id: "REC-1",
    actor: office,
    kind: "improveWork",
    toOrg: "heating-co",
    content: "建立供暖投诉快速响应机制。",
    petitionIds: ["T-2"],
  });
  at("2024-04-01T09:00:00+08:00");
  await practice({
    type: "assessSuggestion",
    id: "S-1",
    actor: env,
    assessment: "adopt",
    reason: "可行",
  });
  await practice({
    type: "adoptSuggestion",
    id: "S-1",
    actor: env,
    form: "workMeasure",
    adoptedIn: "夜间施工公示办法",
  });
  await practice({ type: "giveSuggestionFeedback", id: "S-1", actor: env, summary: "已采纳。" });
  at("2024-04-10T09:00:00+08:00");
  await practice({
    type: "completeRectificationTask",
    id: "2024-03",
    actor: env,
    taskId: "night-works",
    summary: "已建立夜间施工巡查。",
  });
  await practice({ type: "closeMonthlyTopic", id: "2024-03", actor: office, summary: "结项" });
  // After the cycle: one call on the topic in June.
  at("2024-06-05T09:00:00+08:00");
  await register("N-4", "噪音扰民", { channel: "phone" });
  at("2024-08-01T09:00:00+08:00");
  await register("N-5", "供暖不热", { channel: "phone" });
  await writeLogFile(path, store.readAll());
};
