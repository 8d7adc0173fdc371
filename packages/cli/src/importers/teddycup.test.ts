import { type EventEnvelope, GENESIS_HASH, nationalPolicy } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildLog } from "./build-log.js";
import { policyDeadlines } from "./deadlines.js";
import { RecordSkipped } from "./source-records.js";
import { createTeddycupImporter, teddycupCategory, teddycupTopic } from "./teddycup.js";

const importer = createTeddycupImporter(policyDeadlines(nationalPolicy), nationalPolicy.name);

/** A board message written for this test, in the dataset's field names. */
const record = {
  message_id: "900001",
  user_id: "U0001",
  title: "建议B2区增设小区充电桩",
  created_at: "2019-03-01 09:30:00",
  body: "小区电动车越来越多，楼道充电有安全隐患，建议增设充电桩。",
  replied_at: "2019-03-11 16:00:00",
  reply_body: "您好，依据《示例市电动车充电管理办法》，我区将在年内完成改造。",
};

describe("teddycup importer", () => {
  it("keeps received and replied times, synthesizes routing, acceptance and the lapse", () => {
    const draft = importer.toPetition(record, "att4.jsonl:1");
    expect(draft.petitionId).toBe("teddycup-900001");
    expect(draft.events.map((e) => [e.type, e.synthesized === true])).toEqual([
      ["PetitionRegistered", false],
      ["PetitionRouted", true],
      ["PetitionAccepted", true],
      ["ReplyIssued", false],
      ["PetitionConcluded", true],
    ]);
    const [registered, routed, , reply, concluded] = draft.events;
    expect(registered?.data).toMatchObject({
      receivedAt: "2019-03-01T09:30:00+08:00",
      category: "suggestion",
      topic: "城乡建设",
      location: { region: "B2区" },
      petitioners: [{ name: "U0001" }],
      // 15 days to route (W22 Art. 22): 03-16 is a Saturday, so the next working day.
      routingDueAt: "2019-03-18T23:59:59+08:00",
    });
    expect(routed?.data.toOrg).toBe("B2区人民政府");
    expect(reply?.data).toMatchObject({
      deliveredAt: "2019-03-11T16:00:00+08:00",
      legalBasis: ["《示例市电动车充电管理办法》"],
    });
    // Concluded one second after the 30-day review-request window (W22 Art. 35).
    expect(concluded?.at).toBe(Date.parse("2019-04-10T23:59:59+08:00") + 1000);
  });

  it("leaves an unanswered message open after its acceptance", () => {
    const { replied_at: _r, reply_body: _b, ...open } = record;
    const types = importer.toPetition(open, "att4.jsonl:2").events.map((e) => e.type);
    expect(types).toEqual(["PetitionRegistered", "PetitionRouted", "PetitionAccepted"]);
  });

  it("skips a record of another dataset, naming the missing field", () => {
    expect(() =>
      importer.toPetition({ unique_key: "1", created_date: "2024-01-01" }, "x:1"),
    ).toThrow(new RecordSkipped("no message_id"));
  });

  it("marks the synthesized events in meta; a closing after the source ends is left out", () => {
    // The only record: the lapse of its review window (04-10) is after the source's last time (its reply).
    const log = buildLog([importer.toPetition(record, "att4.jsonl:1")], importer.timeZone);
    expect(log.synthesized).toBe(2);
    expect(log.beyondHorizon).toBe(1);
    expect(log.events.filter((e) => e.meta?.synthesized === true).map((e) => e.type)).toEqual([
      "PetitionRouted",
      "PetitionAccepted",
    ]);
    expect(log.events.every((e) => e.meta?.source === "att4.jsonl:1")).toBe(true);
    // Hash-chained in position order, from the genesis hash.
    const sealed = log.events as (EventEnvelope & { prevHash: string; hash: string })[];
    expect(sealed[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < sealed.length; i++) expect(sealed[i]?.prevHash).toBe(sealed[i - 1]?.hash);
  });

  it("reads topic and category from the wording", () => {
    expect(teddycupTopic("公交站台太远", "")).toBe("交通运输");
    expect(teddycupTopic("一个问题", "孩子的学校食堂")).toBe("教育文体");
    expect(teddycupTopic("一个问题", "没有关键词")).toBe("其他");
    expect(teddycupCategory("举报某商户乱收费")).toBe("accusation");
    expect(teddycupCategory("咨询公积金提取")).toBe("claim");
  });
});
