import { chinaCalendar } from "./calendar.js";
import { createPolicy, definePolicy } from "./policy-config.js";

export * from "./policy-config.js";

/**
 * Preset policies. Every limit cites where its number comes from. Law texts:
 * W22 = 信访工作条例 (2022), ZJ = 浙江省信访条例 (2016), BJ = 北京市接诉即办工作条例
 * (2021), JN = 济南市市民服务热线管理条例 (2018), WF = 潍坊市12345政务服务便民热线条例 (2021).
 * Where a text gives no number, the basis says "practice" and the value is ours.
 */

/** The national procedure of the 信访工作条例 (W22). */
export const nationalPolicy = createPolicy({
  id: "cn-national-w22",
  name: "信访工作条例 (2022) national limits",
  timeZone: "Asia/Shanghai",
  calendar: chinaCalendar,
  limits: {
    routing: { days: 15, unit: "calendarDays", basis: "W22 Art. 22 ¶1" },
    acceptance: { days: 15, unit: "calendarDays", basis: "W22 Art. 23 ¶2–3" },
    objection: { days: 5, unit: "workingDays", basis: "W22 Art. 23 ¶3" },
    handling: { days: 60, unit: "calendarDays", basis: "W22 Art. 34" },
    reviewRequest: { days: 30, unit: "calendarDays", basis: "W22 Art. 35" },
    review: { days: 30, unit: "calendarDays", basis: "W22 Art. 35" },
    reexaminationRequest: { days: 30, unit: "calendarDays", basis: "W22 Art. 36 ¶1" },
    reexamination: {
      days: 30,
      unit: "calendarDays",
      basis: "W22 Art. 36 ¶1 (hearing time excluded, ¶2)",
    },
    // Art. 22 ¶1(3): the assigning office names the report-back limit; by default
    // we give the assignee the ordinary handling period.
    reportBack: {
      days: 60,
      unit: "calendarDays",
      basis: "W22 Art. 22 ¶1(3) (limit set by the assigning office; default = Art. 34)",
    },
  },
  maxExtensionDays: 30,
  maxRepresentatives: 5,
  reminderWindowDays: 3,
  supervisionEscalationDays: 7,
  maxSupervisionLevel: 3,
  lastDayRule: "nextWorkingDay",
});

/**
 * 浙江省信访条例 (2016): five working days to process a petition and to decide on
 * acceptance, thirty days to handle it. Review and re-examination follow the
 * national rules (ZJ Art. 24 refers to them). ZJ Art. 23 allows a 60-day
 * extension, but W22 Art. 34 (2022, national) caps it at 30 and the v1
 * HandlingExtended event allows at most 30, so 30 it is. ZJ Art. 15 ¶2 allows
 * only 3 representatives for groups of ten or fewer; the engine enforces the cap of 5.
 */
export const zhejiangPolicy = definePolicy(nationalPolicy, {
  id: "cn-zhejiang-2016",
  name: "浙江省信访条例 (2016)",
  limits: {
    routing: { days: 5, unit: "workingDays", basis: "ZJ Art. 20 ¶1" },
    acceptance: { days: 5, unit: "workingDays", basis: "ZJ Art. 20 ¶2" },
    objection: { basis: "W22 Art. 23 ¶3 (ZJ is silent)" },
    handling: { days: 30, unit: "calendarDays", basis: "ZJ Art. 23 ¶1" },
    reviewRequest: { basis: "W22 Art. 35 (ZJ Art. 24 ¶1)" },
    review: { basis: "W22 Art. 35 (ZJ Art. 24 ¶1)" },
    reexaminationRequest: { basis: "W22 Art. 36 ¶1 (ZJ Art. 24 ¶1)" },
    reexamination: { basis: "W22 Art. 36 (ZJ Art. 24 ¶1)" },
    reportBack: { days: 30, basis: "W22 Art. 22 ¶1(3) (default = ZJ Art. 23 ¶1)" },
  },
});

/**
 * A 12345 接诉即办 ticket profile: dispatch, sign-for, objection, five working
 * days to handle and answer the caller (JN Art. 24, WF Art. 20), then a call-back
 * (BJ Art. 23, JN Art. 27). The hotline itself works 24 hours incl. holidays
 * (JN Art. 21 ¶2, WF Art. 17), but the handling limits are in working days.
 * A ticket can carry its own limit (BJ Art. 13): use `dueAfter` with that limit.
 * Tickets have no 复查/复核 of their own (an unsatisfied caller's ticket is sent
 * back, JN Art. 27 ¶2); those stages keep the W22 numbers so a ticket moved
 * into the petition channel still has limits.
 */
export const hotline12345Policy = definePolicy(nationalPolicy, {
  id: "cn-12345-hotline",
  name: "12345 接诉即办 ticket limits",
  limits: {
    routing: {
      days: 1,
      unit: "calendarDays",
      basis: "practice: dispatch promptly (BJ Art. 12–13, JN Art. 23(2), WF Art. 18 ¶2)",
    },
    acceptance: {
      days: 1,
      unit: "workingDays",
      basis: "practice: first receiver signs for the ticket (BJ Art. 14 首接负责制)",
    },
    objection: {
      days: 1,
      unit: "workingDays",
      basis: "practice: dispatch objection (BJ Art. 12 ¶3, WF Art. 22 ¶1)",
    },
    handling: { days: 5, unit: "workingDays", basis: "JN Art. 24 ¶1(1), WF Art. 20 ¶1(1)" },
    reportBack: { days: 5, unit: "workingDays", basis: "JN Art. 24 ¶1" },
    callBack: {
      days: 3,
      unit: "workingDays",
      basis: "practice: call-back after the limit (BJ Art. 23, JN Art. 27 ¶1, WF Art. 25)",
    },
  },
  // BJ Art. 13: each ticket carries its limit, set by type. Five working days for
  // help, complaints and reports (JN Art. 24 ¶1(1), WF Art. 20 ¶1(1)); a consultation
  // not answered at once is a question to answer, suggestions are studied longer.
  requestTypeHandling: {
    consultation: {
      days: 2,
      unit: "workingDays",
      basis: "practice: a consultation not answered at once (BJ Art. 11 ¶1)",
    },
    help: { days: 5, unit: "workingDays", basis: "JN Art. 24 ¶1(1), WF Art. 20 ¶1(1)" },
    complaint: { days: 5, unit: "workingDays", basis: "JN Art. 24 ¶1(1), WF Art. 20 ¶1(1)" },
    report: { days: 5, unit: "workingDays", basis: "JN Art. 24 ¶1(1), WF Art. 20 ¶1(1)" },
    suggestion: {
      days: 15,
      unit: "workingDays",
      basis: "practice: a suggestion is studied before it is answered (BJ Art. 13 ¶2)",
    },
  },
  reminderWindowDays: 1,
  // JN Art. 28 分级督办; WF Art. 26 daily → 挂牌 → 约谈: three levels.
  supervisionEscalationDays: 3,
  maxSupervisionLevel: 3,
});
