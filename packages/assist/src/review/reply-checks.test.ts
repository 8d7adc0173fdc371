import { describe, expect, it } from "vitest";
import { outcomeOfText, requestsOf, reviewReply } from "./reply-checks.js";

// Texts written for this test.
const petition = {
  title: "翠湖小区物业乱收停车费",
  content: "物业每月加收停车费200元。请有关部门查处乱收费，并要求物业退还多收的费用。",
  receivedAt: Date.parse("2026-03-02T09:00:00+08:00"),
};
const GOOD =
  "经核查，翠湖小区物业加收停车费未经业主大会表决，违反《物业管理条例》第四十四条的规定，已责令物业公司停止收费并退还多收费用。" +
  "如对本答复不服，可自收到本答复之日起30日内向上一级机关申请复查。";

const checks = (findings: { check: string }[]) => findings.map((f) => f.check).sort();

describe("reply review (审核)", () => {
  it("passes a reply that cites its basis, answers each request and states the remedy route and limit", () => {
    expect(reviewReply({ petition, reply: { text: GOOD, outcome: "supported" } })).toEqual([]);
  });

  it("flags a notSupported reply without a legal basis as an error", () => {
    const text =
      "经调查，您反映的问题不符合退费条件，不予支持。如不服，可在30日内申请复查。停车费问题已说明。";
    const findings = reviewReply({ petition, reply: { text, outcome: "notSupported" } });
    expect(findings).toContainEqual(
      expect.objectContaining({ check: "legalBasis", severity: "error" }),
    );
  });

  it("flags a missing remedy route, and a route without its time limit", () => {
    const noRoute = GOOD.replace(/如对本答复不服.*$/, "");
    expect(checks(reviewReply({ petition, reply: { text: noRoute } }))).toEqual(["remedyRoute"]);
    const noLimit = GOOD.replace("可自收到本答复之日起30日内", "可");
    const [finding] = reviewReply({ petition, reply: { text: noLimit } });
    expect(finding?.message).toContain("time limit");
  });

  it("flags an outcome the reply's words contradict", () => {
    const findings = reviewReply({ petition, reply: { text: GOOD, outcome: "notSupported" } });
    expect(checks(findings)).toContain("outcomeConsistent");
  });

  it("flags a request the reply does not touch", () => {
    const text =
      "经核查，依据《价格法》的规定，小区收费标准已经公示。如不服，可自收到答复之日起30日内申请复查。";
    const finding = reviewReply({ petition, reply: { text } }).find(
      (f) => f.check === "requestsAnswered",
    );
    expect(finding?.message).toMatch(/退还|多收|费用/);
  });

  it("flags a late reply and another person's phone number", () => {
    const late = reviewReply({
      petition,
      reply: {
        text: `${GOOD}经办人电话13912345678。`,
        deliveredAt: Date.parse("2026-06-01T09:00:00+08:00"),
        handlingDueAt: Date.parse("2026-05-01T09:00:00+08:00"),
      },
    });
    expect(checks(late)).toEqual(["deadline", "personalData"]);
    expect(late.find((f) => f.check === "deadline")?.message).toContain("31 day");
  });

  it("reads outcomes and requests from the words", () => {
    expect(outcomeOfText("不符合政策规定，不予支持")).toBe("notSupported");
    expect(outcomeOfText("已责令施工单位整改")).toBe("supported");
    expect(outcomeOfText("现将有关情况说明如下")).toBeNull();
    expect(requestsOf(petition.title, petition.content).length).toBe(3);
  });
});
