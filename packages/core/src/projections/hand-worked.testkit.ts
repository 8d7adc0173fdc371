import { eod, TestLog, t } from "./test-log.testkit.js";

/**
 * The hand-worked log of docs/metrics.md and metrics.test.ts: 13 petitions
 * around January 2024, each built to exercise one rule. Report: period
 * [2024-01-01, 2024-02-01) +08:00, asOf 2024-03-31T23:59:59+08:00, W = 30 days.
 */
export const HAND_PERIOD = {
  from: "2024-01-01T00:00:00+08:00",
  to: "2024-02-01T00:00:00+08:00",
  asOf: "2024-03-31T23:59:59+08:00",
} as const;

export const handWorkedLog = (): TestLog => {
  const log = new TestLog();
  // P1 org-A: on time everywhere, rated satisfied; P9 is merged into it (a merge is not a repeat link).
  log
    .register("P1", t("2024-01-02T10:00"), { topic: "housing" })
    .route("P1", t("2024-01-03T09:00"), "org-A", eod("2024-01-18"))
    .accept("P1", t("2024-01-10T09:00"), eod("2024-03-10"))
    .reply("P1", t("2024-01-20T10:00"))
    .rate("P1", t("2024-01-25T10:00"), "satisfied")
    .conclude("P1", t("2024-02-20T10:00"));
  // P2 org-A: accepted late, replied late; delivered in February; still in the petitioner's review window.
  log
    .register("P2", t("2024-01-05T10:00"), { topic: "housing" })
    .route("P2", t("2024-01-06T09:00"), "org-A", eod("2024-01-21"))
    .accept("P2", t("2024-01-25T09:00"), eod("2024-01-30"))
    .reply("P2", t("2024-02-05T10:00"), t("2024-02-06T10:00"), eod("2024-03-07"))
    .rate("P2", t("2024-02-10T10:00"), "unsatisfied")
    .rate("P2", t("2024-02-12T10:00"), "basicallySatisfied");
  // P3 org-B: extended out of the period; review requested within W; waiting for the petitioner.
  log
    .register("P3", t("2024-01-08T10:00"), { topic: "traffic" })
    .route("P3", t("2024-01-09T09:00"), "org-B", eod("2024-01-24"))
    .accept("P3", t("2024-01-12T09:00"), eod("2024-01-28"))
    .extend("P3", t("2024-01-20T09:00"), eod("2024-02-27"))
    .reply("P3", t("2024-01-26T10:00"))
    .rate("P3", t("2024-01-28T10:00"), "satisfied")
    .requestReview("P3", t("2024-02-10T10:00"), eod("2024-03-11"))
    .decideReview("P3", t("2024-03-01T10:00"), eod("2024-04-01"));
  // P4 org-B: reply written before the due time, delivered after it.
  log
    .register("P4", t("2024-01-10T10:00"), { topic: "housing" })
    .route("P4", t("2024-01-11T09:00"), "org-B", eod("2024-01-26"))
    .accept("P4", t("2024-01-15T09:00"), eod("2024-01-31"))
    .reply("P4", t("2024-01-31T12:00"), t("2024-02-02T10:00"))
    .conclude("P4", t("2024-03-05T10:00"));
  // P5 org-A: P10 is linked to it as a repeat within W, so it was not resolved at once.
  log
    .register("P5", t("2024-01-12T08:00"), { topic: "traffic" })
    .route("P5", t("2024-01-12T09:00"), "org-A", eod("2024-01-27"))
    .accept("P5", t("2024-01-13T09:00"), eod("2024-03-13"))
    .reply("P5", t("2024-01-15T10:00"))
    .conclude("P5", t("2024-02-15T10:00"));
  // P6 org-C: accepted at the due second; handling due exactly at asOf (due soon, not overdue).
  log
    .register("P6", t("2024-01-15T10:00"), { topic: "noise" })
    .route("P6", t("2024-01-16T09:00"), "org-C", eod("2024-01-31"))
    .accept("P6", eod("2024-01-31"), eod("2024-03-31"));
  // P7: routed to org-B (due in the period), objected, re-routed to org-C (due after it); never accepted.
  log
    .register("P7", t("2024-01-16T08:00"), { topic: "housing" })
    .route("P7", t("2024-01-16T09:00"), "org-B", eod("2024-01-31"))
    .remind("P7", t("2024-01-18T09:00"), "acceptance", eod("2024-01-31"))
    .object("P7", t("2024-01-19T09:00"), "org-B")
    .route("P7", t("2024-01-20T09:00"), "org-C", eod("2024-02-04"))
    .remind("P7", t("2024-02-01T09:00"), "acceptance", eod("2024-02-04"))
    .supervise("P7", t("2024-02-05T09:00"), "acceptance", eod("2024-02-04"), 1)
    .supervise("P7", t("2024-02-15T09:00"), "acceptance", eod("2024-02-04"), 2);
  // P8 org-A: a repeat of an older petition (P0, not in this log); rated satisfied, then unsatisfied.
  log
    .register("P8", t("2024-01-20T10:00"), { topic: "housing" })
    .link("P8", t("2024-01-20T10:05"), "P0")
    .route("P8", t("2024-01-21T09:00"), "org-A", eod("2024-02-05"))
    .accept("P8", t("2024-01-22T09:00"), eod("2024-03-22"))
    .reply("P8", t("2024-01-28T10:00"))
    .rate("P8", t("2024-01-30T10:00"), "satisfied")
    .rate("P8", t("2024-02-01T10:00"), "unsatisfied")
    .conclude("P8", t("2024-02-28T10:00"));
  // P9: merged into P1 the day after; never routed (its org is the registering one).
  log
    .register("P9", t("2024-01-25T10:00"), { topic: "housing" })
    .merge("P9", t("2024-01-26T10:00"), "P1");
  // P10 org-A: received at the first second of February (outside the period); repeat of P5.
  log
    .register("P10", t("2024-02-01T00:00"), { topic: "noise" })
    .link("P10", t("2024-02-01T00:00"), "P5")
    .route("P10", t("2024-02-02T09:00"), "org-A", eod("2024-02-17"))
    .accept("P10", t("2024-02-10T09:00"), eod("2024-04-10"));
  // P11 org-B: received the last second of 2023; not accepted in time, inside the period.
  log
    .register("P11", "2023-12-31T23:59:59+08:00", { topic: "traffic" })
    .route("P11", t("2024-01-02T09:00"), "org-B", eod("2024-01-16"))
    .notAccept("P11", t("2024-01-10T09:00"));
  // P12 org-A: handling due the day after asOf.
  log
    .register("P12", t("2024-01-28T10:00"), { topic: "noise" })
    .route("P12", t("2024-01-29T09:00"), "org-A", eod("2024-02-13"))
    .accept("P12", t("2024-02-01T09:00"), eod("2024-04-01"));
  // P13: no topic, withdrawn.
  log.register("P13", t("2024-01-30T10:00")).withdraw("P13", t("2024-02-01T10:00"));
  return log;
};
