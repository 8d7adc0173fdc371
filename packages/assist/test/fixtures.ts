import type { EventEnvelope } from "@petitio/core";
import type { CaseRecord } from "../src/cases/case-records.js";

/**
 * A small log written for these tests (no real citizen text): registrations,
 * routing, replies and a merge, in the LOG-FORMAT v1 envelope.
 */
export interface FixtureCase {
  id: string;
  title: string;
  content: string;
  at: string;
  name?: string;
  org?: string;
  category?: "suggestion" | "accusation" | "claim";
  topic?: string;
  reply?: { at: string; outcome: "supported" | "explained" | "notSupported"; summary: string };
}

export const FIXTURE_CASES: FixtureCase[] = [
  {
    id: "p1",
    title: "翠湖小区物业乱收停车费",
    content: "翠湖小区物业从三月起每月加收停车费200元，没有经过业主大会同意，请有关部门查处。",
    at: "2026-03-02T09:00:00+08:00",
    name: "张某",
    org: "东城区住建局",
    category: "accusation",
    topic: "物业",
    reply: {
      at: "2026-03-20T10:00:00+08:00",
      outcome: "supported",
      summary: "经核查，物业加收停车费未经业主大会表决，已责令退还。",
    },
  },
  {
    id: "p2",
    title: "翠湖小区物业乱收停车费",
    content: "翠湖小区物业从三月起每月加收停车费200元，没有经过业主大会同意，请有关部门尽快查处。",
    at: "2026-03-05T09:00:00+08:00",
    name: "张某",
    org: "东城区住建局",
    category: "accusation",
    topic: "物业",
  },
  {
    id: "p3",
    title: "金桂花园物业乱收停车费",
    content: "金桂花园物业从三月起每月加收停车费350元，没有经过业主大会同意，请有关部门查处。",
    at: "2026-03-06T09:00:00+08:00",
    name: "李某",
    org: "西城区住建局",
    category: "accusation",
    topic: "物业",
    reply: {
      at: "2026-04-30T10:00:00+08:00",
      outcome: "explained",
      summary: "停车收费标准已在小区公示，属于业主自治事项，已向您说明。",
    },
  },
  {
    id: "p4",
    title: "建设路工地夜间施工噪音扰民",
    content: "建设路地铁站工地每晚十一点后还在施工，噪音很大，周边居民无法休息。",
    at: "2026-03-10T22:30:00+08:00",
    name: "王某",
    org: "东城区城管局",
    category: "claim",
    topic: "噪音",
    reply: {
      at: "2026-03-12T10:00:00+08:00",
      outcome: "supported",
      summary: "已责令施工单位22时后停止高噪声作业。",
    },
  },
  {
    id: "p5",
    title: "公司拖欠工资",
    content: "我在东城区某装修公司工作，公司已拖欠三个月工资共一万二千元，老板避而不见。",
    at: "2026-03-11T08:00:00+08:00",
    name: "赵某",
    org: "东城区人社局",
    category: "claim",
    topic: "欠薪",
  },
];

const petitionId = (id: string): string => `fixture-${id}`;

export const fixtureLog = (cases: readonly FixtureCase[] = FIXTURE_CASES): EventEnvelope[] => {
  const events: EventEnvelope[] = [];
  const versions = new Map<string, number>();
  const push = (
    id: string,
    type: string,
    at: string,
    data: Record<string, unknown>,
    role: "intake" | "agency",
  ) => {
    const streamId = `petition-${petitionId(id)}`;
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    events.push({
      position: events.length + 1,
      streamId,
      version,
      type,
      schemaVersion: 1,
      occurredAt: at,
      recordedAt: at,
      actor: { id: `${role}-1`, role, org: "信访局" },
      data,
    } as EventEnvelope);
  };
  const timeline: { at: string; run: () => void }[] = [];
  for (const c of cases) {
    timeline.push({
      at: c.at,
      run: () => {
        push(
          c.id,
          "PetitionRegistered",
          c.at,
          {
            petitionId: petitionId(c.id),
            channel: "online",
            anonymous: c.name === undefined,
            petitioners: c.name === undefined ? [] : [{ name: c.name }],
            title: c.title,
            content: c.content,
            category: c.category ?? "claim",
            ...(c.topic ? { topic: c.topic } : {}),
            receivedAt: c.at,
            registeredBy: "市信访局",
            routingDueAt: c.at,
          },
          "intake",
        );
        if (c.org)
          push(
            c.id,
            "PetitionRouted",
            c.at,
            { toOrg: c.org, mode: "transfer", acceptanceDueAt: c.at },
            "intake",
          );
      },
    });
    if (c.reply) {
      const reply = c.reply;
      timeline.push({
        at: reply.at,
        run: () =>
          push(
            c.id,
            "ReplyIssued",
            reply.at,
            {
              org: c.org ?? "市信访局",
              outcome: reply.outcome,
              summary: reply.summary,
              legalBasis: [],
              deliveredAt: reply.at,
              reviewRequestDueAt: reply.at,
            },
            "agency",
          ),
      });
    }
  }
  timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const t of timeline) t.run();
  return events;
};

/**
 * 30 cases for the rank-window tests, one a day from 2026-01-01: all mention
 * 停车; only the oldest two (住建局) are about 收费, the rest (城管局) about 停车难.
 */
export const parkingCases = (prefix: string): CaseRecord[] => {
  const base = Date.parse("2026-01-01T00:00:00+08:00");
  return Array.from({ length: 30 }, (_, i) => ({
    petitionId: `${prefix}${i}`,
    title: i < 2 ? "停车收费问题" : "停车难",
    content: i < 2 ? "小区停车收费不合理。" : "小区晚上停车难，车位不够。",
    category: "claim",
    topic: null,
    region: null,
    address: null,
    petitionerKeys: [],
    receivedAt: base + i * 86_400_000,
    registeredBy: "test",
    org: i < 2 ? "住建局" : "城管局",
    status: "open",
    reply: null,
    mergedInto: null,
    repeatOf: null,
  }));
};
