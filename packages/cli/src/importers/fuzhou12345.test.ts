import { hotline12345Policy } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildLog } from "./build-log.js";
import { policyDeadlines } from "./deadlines.js";
import { createFuzhouImporter } from "./fuzhou12345.js";
import { RecordSkipped } from "./source-records.js";

const importer = createFuzhouImporter(policyDeadlines(hotline12345Policy), hotline12345Policy.name);

/** A hotline record written for this test, in the dataset's field names. */
const record = {
  record_id: "9001",
  district: "鼓楼区",
  river: "示例河",
  nature: "投诉",
  channel: "电话",
  title: "示例河水面漂浮垃圾",
  anonymous: true,
  body: "河面上垃圾很多，请尽快清理。",
  reply: "已安排保洁人员清理。",
  received_date: "2019-08-01",
  transfer_count: 2,
  days_to_first_transfer: 20,
  final_reply_date: "2019-09-10",
};

describe("fuzhou12345 importer", () => {
  it("keeps the recorded first transfer, synthesizes the objection, re-routing and acceptance", () => {
    const draft = importer.toPetition(record, "fz.jsonl:1");
    expect(draft.events.map((e) => [e.type, e.synthesized === true])).toEqual([
      ["PetitionRegistered", false],
      ["PetitionRouted", false],
      ["RoutingObjected", true],
      ["PetitionRouted", true],
      ["PetitionAccepted", true],
      ["ReplyIssued", false],
      ["PetitionConcluded", true],
    ]);
    const [registered, first, objected] = draft.events;
    expect(registered?.data).toMatchObject({
      receivedAt: "2019-08-01T09:00:00+08:00",
      channel: "hotline",
      category: "accusation",
      topic: "示例河",
      requestType: "complaint",
      // The 12345 profile dispatches by the next day (BJ Art. 12).
      routingDueAt: "2019-08-02T23:59:59+08:00",
    });
    // The first transfer on its recorded day (20 days: after the routing due time).
    expect(first?.at).toBe(Date.parse("2019-08-21T10:00:00+08:00"));
    // The objection stores the new routing due time, from the objection.
    expect(typeof objected?.data.routingDueAt).toBe("string");
    expect(Date.parse(objected?.data.routingDueAt as string)).toBeGreaterThan(objected!.at);
  });

  it("writes a log whose first routing is late, as the source says", () => {
    const log = buildLog([importer.toPetition(record, "fz.jsonl:1")], importer.timeZone);
    const routed = log.events.filter((e) => e.type === "PetitionRouted");
    expect(routed[0]?.meta?.synthesized).toBeUndefined();
    expect(Date.parse(routed[0]!.occurredAt)).toBeGreaterThan(
      Date.parse("2019-08-02T23:59:59+08:00"),
    );
  });

  it.each([
    // Accepted on Monday 2 September 2019 (a minute after the last transfer); limits by type (BJ Art. 13).
    ["投诉", "complaint", "2019-09-09T23:59:59+08:00"],
    ["咨询", "consultation", "2019-09-04T23:59:59+08:00"],
    // Fifteen working days: Mid-Autumn Festival (Friday 13 September) is not one.
    ["建议", "suggestion", "2019-09-24T23:59:59+08:00"],
  ])("a %s record is a %s ticket, due for handling at %s", (nature, requestType, due) => {
    const draft = importer.toPetition(
      { ...record, nature, transfer_count: 1, days_to_first_transfer: 32 },
      "fz.jsonl:1",
    );
    expect(draft.events[0]?.data.requestType).toBe(requestType);
    const accepted = draft.events.find((e) => e.type === "PetitionAccepted");
    expect(accepted?.data.handlingDueAt).toBe(due);
  });

  it("skips a record without its id or received date", () => {
    expect(() => importer.toPetition({ ...record, record_id: "" }, "x:1")).toThrow(
      new RecordSkipped("no record_id"),
    );
    expect(() => importer.toPetition({ ...record, received_date: "01/08/2019" }, "x:1")).toThrow(
      new RecordSkipped("no received_date"),
    );
  });
});
