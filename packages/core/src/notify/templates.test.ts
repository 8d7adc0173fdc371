import { describe, expect, it } from "vitest";
import { renderNotice } from "./templates.js";

const petition = { title: "小区供暖不达标", anonymous: false, contacts: [{ name: "张三" }] };

describe("renderNotice: Chinese templates", () => {
  it("writes a 催办单 naming the stage, the due date in Beijing time and the days left", () => {
    const notice = renderNotice({
      kind: "reminder",
      eventType: "ReminderIssued",
      petitionId: "2024-0001",
      org: "housing-bureau",
      orgName: (id) => (id === "housing-bureau" ? "市住房和城乡建设局" : id),
      petition,
      // 15:59:59Z is 23:59:59 in Shanghai: still 9 Dec there.
      data: { stage: "handling", dueAt: "2024-12-09T15:59:59Z", daysLeft: 3 },
    });
    expect(notice.subject).toBe("【催办单】信访事项 2024-0001 办理将于2024年12月9日到期");
    expect(notice.text.split("\n")).toEqual([
      "催办单",
      "市住房和城乡建设局：",
      "信访事项：2024-0001《小区供暖不达标》",
      "办理环节：办理",
      "期限：2024年12月9日（剩余 3 天）",
      "该信访事项即将到期，请抓紧办理，在期限内办结并按规定反馈。",
    ]);
    expect(notice.markdown).toContain("> 期限：2024年12月9日（剩余 3 天）");
  });

  it("writes a 督办单 with its level in Chinese numerals and cites W22 Art. 40", () => {
    const notice = renderNotice({
      kind: "supervision",
      eventType: "SupervisionIssued",
      petitionId: "P-7",
      org: "org-x",
      data: { stage: "acceptance", dueAt: "2024-10-09T23:59:59+08:00", daysOverdue: 12, level: 2 },
    });
    expect(notice.subject).toBe("【督办单·二级督办】信访事项 P-7 受理告知已超期 12 天");
    expect(notice.text).toContain("督办级别：二级督办");
    expect(notice.text).toContain("第四十条");
  });

  it("tells the petitioner of an extension with its reason and the new due date (W22 Art. 34)", () => {
    const notice = renderNotice({
      kind: "extensionNotice",
      eventType: "HandlingExtended",
      petitionId: "P-8",
      petition,
      data: {
        days: 30,
        reason: "需多部门会商",
        approvedBy: "head",
        handlingDueAt: "2025-01-08T23:59:59+08:00",
      },
    });
    expect(notice.text).toContain("张三：");
    expect(notice.text).toContain("新的办理期限：2025年1月8日");
    expect(notice.text).toContain("延期理由：需多部门会商");
    expect(notice.text).toContain("第三十四条");
  });

  it("a reply names the outcome and the review window (W22 Art. 32, 35); a re-examination says it is final", () => {
    const reply = renderNotice({
      kind: "reply",
      eventType: "ReplyIssued",
      petitionId: "P-9",
      org: "org-x",
      data: {
        outcome: "notSupported",
        summary: "诉求缺乏依据",
        legalBasis: ["《物业管理条例》第三十五条", "《信访工作条例》第三十二条"],
        reviewRequestDueAt: "2025-02-01T23:59:59+08:00",
      },
    });
    expect(reply.text).toContain("处理意见：不予支持");
    expect(reply.text).toContain("依据：《物业管理条例》第三十五条；《信访工作条例》第三十二条");
    expect(reply.text).toContain(
      "30日内（至2025年2月1日）请求原办理机关、单位的上一级机关、单位复查",
    );
    const final = renderNotice({
      kind: "decision",
      eventType: "ReexaminationDecided",
      petitionId: "P-9",
      data: { outcome: "upheld", summary: "维持" },
    });
    expect(final.subject).toBe("【复核意见】信访事项 P-9");
    expect(final.text).toContain("不再受理（《信访工作条例》第三十六条第三款）");
  });

  it("acceptance and non-acceptance notices", () => {
    const accepted = renderNotice({
      kind: "acceptanceNotice",
      eventType: "PetitionAccepted",
      petitionId: "P-1",
      org: "org-x",
      data: { org: "org-x", noticeSent: true, handlingDueAt: "2024-12-09T23:59:59+08:00" },
    });
    expect(accepted.text).toContain("办理期限：2024年12月9日");
    expect(accepted.text).toContain("信访人：");
    const refused = renderNotice({
      kind: "notAcceptedNotice",
      eventType: "PetitionNotAccepted",
      petitionId: "P-2",
      data: { org: "org-x", noticeSent: true, reason: "已经或者依法应当通过诉讼解决" },
    });
    expect(refused.text).toContain("理由：已经或者依法应当通过诉讼解决");
  });

  it("the HTML says what the text says, escaped", () => {
    const notice = renderNotice({
      kind: "reply",
      eventType: "ReplyIssued",
      petitionId: "P-<1>",
      petition: { title: 'a "b" & c', anonymous: false, contacts: [] },
      data: { outcome: "supported", summary: "<script>", legalBasis: [] },
    });
    expect(notice.html).toContain("P-&#60;1&#62;《a &#34;b&#34; &#38; c》");
    expect(notice.html).toContain("&#60;script&#62;");
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).toMatch(/^<!doctype html><html lang="zh-CN">/);
  });
});
