import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { HAND_PERIOD, handWorkedLog } from "./hand-worked.testkit.js";
import { computeHotTopics } from "./hot-topics.js";
import { computeMetrics, type Rate } from "./metrics.js";
import { computeOverdue } from "./overdue.js";
import { eod, TestLog, t } from "./test-log.testkit.js";

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

const events = handWorkedLog().events;

describe("computeMetrics on the hand-worked log (13 petitions)", () => {
  it("gives the numbers derived by hand", async () => {
    const report = await computeMetrics(events, HAND_PERIOD);
    // registered: receivedAt in [01-01, 02-01): P1–P9, P12, P13 = 11
    //   (P10 at 02-01T00:00 is the excluded end; P11 at 2023-12-31T23:59:59 is before).
    // open at asOf: P2, P3, P6, P7, P10, P12 = 6 (P1 P4 P5 P8 concluded, P9 merged,
    //   P11 not accepted, P13 withdrawn).
    // overdue (an office's stage past its due time, the 督办 list): P7 (acceptance due 02-04).
    // dueSoon (an office's stage due within 3 days, the 催办 list): P6 (due at asOf
    //   exactly: not yet past) and P12 (due a day after asOf).
    // awaitingPetitioner: P2 (its review-request window lapsed 03-07) and P3 (its
    //   re-examination-request window ends 04-01): they chase no office.
    expect(report.counts).toEqual({
      registered: 11,
      open: 6,
      overdue: 1,
      dueSoon: 2,
      awaitingPetitioner: 2,
    });
    expect(report.rates).toEqual({
      // first reply delivered in the period by a first-time petition, window closed:
      // P1 (01-20), P3 (01-26), P5 (01-15); P8 is a repeat. P3 had a review
      // request, P5 a repeat link (P10) within 30 days: only P1 resolved → 1/3.
      oneTimeResolution: rate(1, 3),
      // acceptanceDueAt of the latest routing in the period: P1 P2 P3 P4 P5 P6 P11
      // (P7's latest routing is due 02-04). All decided in time but P2 (01-25 >
      // 01-21); P6 at the due second counts → 6/7.
      onTimeAcceptance: rate(6, 7),
      // latest handlingDueAt in the period: P2 (01-30) and P4 (01-31); P3's due
      // moved to 02-27 by its extension. P2 replied 02-05 (late), P4 wrote its
      // reply at 01-31 12:00 (delivered later: the reply counts) → 1/2.
      onTimeCompletion: rate(1, 2),
      // first reply delivered in the period: P1 P3 P5 P8; rated: P1 P3 P8 → 3/4.
      participation: rate(3, 4),
      // of those rated, the latest rating: P1 satisfied, P3 satisfied, P8
      // unsatisfied (after a first "satisfied") → 2/3.
      satisfaction: rate(2, 3),
      // received in the period: 11; with a repeat link in their own stream: P8 → 1/11.
      repeat: rate(1, 11),
      // routing due (registration + 15 days) in the period: P1–P7 and P11; each was
      // routed within a day or two → 8/8 (late routings: see "on-time routing" below).
      onTimeRouting: rate(8, 8),
    });
    expect(report.groups).toEqual([]);
    expect(report).toMatchObject({
      asOf: HAND_PERIOD.asOf,
      from: HAND_PERIOD.from,
      to: HAND_PERIOD.to,
    });
  });

  it("makes W configurable", async () => {
    // W = 70 days: P1 closes 03-30 10:00 (≤ asOf), P5 closes 03-25, P3 would close 04-05
    // (after asOf: left out). P1 resolved, P5 not (P10's link) → 1/2.
    const report = await computeMetrics(events, { ...HAND_PERIOD, resolutionWindowDays: 70 });
    expect(report.rates.oneTimeResolution).toEqual(rate(1, 2));
  });

  it("makes the reminder window configurable", async () => {
    // 0 days: only P6 (due exactly at asOf) is due soon; 10 days adds P10 (due 04-10).
    // P3's petitioner window (04-01) is never due soon: no office owes it.
    const none = await computeMetrics(events, { ...HAND_PERIOD, reminderWindowDays: 0 });
    expect(none.counts.dueSoon).toBe(1);
    const ten = await computeMetrics(events, { ...HAND_PERIOD, reminderWindowDays: 10 });
    expect(ten.counts.dueSoon).toBe(3);
  });

  it("groups by org: the last org routed to, else the registering org", async () => {
    const report = await computeMetrics(events, { ...HAND_PERIOD, by: "org" });
    const byKey = Object.fromEntries(report.groups.map((g) => [g.key, g]));
    expect(Object.keys(byKey)).toEqual(["bureau", "org-A", "org-B", "org-C"]);
    // org-A: P1 P2 P5 P8 P10 P12. Registered in period: P1 P2 P5 P8 P12; open P2 P10 P12;
    // overdue none (P2's lapsed window is the petitioner's); due soon P12. One-time: P1 yes, P5 no. Acceptance: P1 P5 in time, P2 late.
    // Completion: P2 late. Participation: P1 P5 P8 replied, P1 P8 rated; satisfied: P1.
    expect(byKey["org-A"]).toEqual({
      key: "org-A",
      counts: { registered: 5, open: 3, overdue: 0, dueSoon: 1, awaitingPetitioner: 1 },
      rates: {
        oneTimeResolution: rate(1, 2),
        onTimeAcceptance: rate(2, 3),
        onTimeCompletion: rate(0, 1),
        participation: rate(2, 3),
        satisfaction: rate(1, 2),
        repeat: rate(1, 5),
        // routing due in the period: P1 P2 P5 (P8, P10 and P12 are due in February).
        onTimeRouting: rate(3, 3),
      },
    });
    // org-B: P3 P4 P11 (P7 moved on to org-C); P3 waits on the petitioner (window ends 04-01).
    expect(byKey["org-B"]?.counts).toEqual({
      registered: 2,
      open: 1,
      overdue: 0,
      dueSoon: 0,
      awaitingPetitioner: 1,
    });
    expect(byKey["org-B"]?.rates.onTimeAcceptance).toEqual(rate(3, 3));
    expect(byKey["org-B"]?.rates.onTimeCompletion).toEqual(rate(1, 1));
    // org-C: P6 (due soon) and P7 (overdue).
    expect(byKey["org-C"]?.counts).toEqual({
      registered: 2,
      open: 2,
      overdue: 1,
      dueSoon: 1,
      awaitingPetitioner: 0,
    });
    // bureau: P9 (merged before routing) and P13 (withdrawn).
    expect(byKey.bureau?.counts).toEqual({
      registered: 2,
      open: 0,
      overdue: 0,
      dueSoon: 0,
      awaitingPetitioner: 0,
    });
  });

  it("groups by the month of receivedAt in the deployment time zone", async () => {
    const shanghai = await computeMetrics(events, { ...HAND_PERIOD, by: "month" });
    // P11 (2023-12-31T23:59:59+08) and P10 (2024-02-01T00:00+08) sit in their own months.
    expect(shanghai.groups.map((g) => [g.key, g.counts.registered, g.counts.open])).toEqual([
      ["2023-12", 0, 0],
      ["2024-01", 11, 5],
      ["2024-02", 0, 1],
    ]);
    // In UTC, P10 was received on 2024-01-31T16:00Z: January.
    const utc = await computeMetrics(events, { ...HAND_PERIOD, by: "month", timeZone: "UTC" });
    expect(utc.groups.map((g) => [g.key, g.counts.open])).toEqual([
      ["2023-12", 0],
      ["2024-01", 6],
    ]);
  });

  it("groups by category and topic", async () => {
    const byTopic = await computeMetrics(events, { ...HAND_PERIOD, by: "topic" });
    // housing P1 P2 P4 P7 P8 P9; noise P6 P12 (P10 outside); traffic P3 P5 (P11 outside); P13 none.
    expect(byTopic.groups.map((g) => [g.key, g.counts.registered])).toEqual([
      ["(none)", 1],
      ["housing", 6],
      ["noise", 2],
      ["traffic", 2],
    ]);
    const byCategory = await computeMetrics(events, { ...HAND_PERIOD, by: "category" });
    expect(byCategory.groups.map((g) => [g.key, g.counts.registered])).toEqual([["claim", 11]]);
  });

  it("defaults asOf to the last occurredAt and leaves the period open", async () => {
    const report = await computeMetrics(events);
    // The greatest occurredAt is P4's conclusion (2024-03-05T10:00), though later
    // positions hold earlier times: asOf is the latest moment, not the last line.
    expect(report.asOf).toBe("2024-03-05T10:00:00+08:00");
    expect(report.from).toBeNull();
    expect(report.counts.registered).toBe(13);
  });

  it("rejects bad options with the field named", async () => {
    const bad = [
      [{ asOf: "yesterday" }, "asOf"],
      [{ from: "2024-02-01T00:00:00+08:00", to: "2024-01-01T00:00:00+08:00" }, "to"],
      [{ resolutionWindowDays: -1 }, "resolutionWindowDays"],
      [{ reminderWindowDays: Number.NaN }, "reminderWindowDays"],
      [{ timeZone: "Mars/Olympus" }, "timeZone"],
      [{ by: "colour" }, "by"],
      // A time without an offset is ambiguous (Date.parse reads a date as UTC and a
      // date-time in the host's zone): ISO-8601 with an offset is required.
      [{ from: "2024-01-01" }, "from"],
      [{ to: "2024-02-01T00:00:00" }, "to"],
      [{ asOf: "2024-03-31T23:59:59" }, "asOf"],
    ] as const;
    for (const [options, field] of bad) {
      const error = await computeMetrics(events, options as never).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe("on-time routing (W22 Art. 22: routed by the routing due time)", () => {
  const period = { from: "2024-01-01T00:00:00+08:00", to: "2024-03-01T00:00:00+08:00" };
  const routingLog = () =>
    new TestLog()
      // A: routed on its due day. B: routed 100 days after registration, long after it was due.
      .register("A", t("2024-01-02T10:00"))
      .route("A", t("2024-01-17T09:00"), "org-A", eod("2024-02-01"))
      .register("B", t("2024-01-03T10:00"))
      .route("B", t("2024-04-12T10:00"), "org-A", eod("2024-04-27"))
      // C: routed, objected with a new due time, re-routed after it: late.
      .register("C", t("2024-01-04T10:00"))
      .route("C", t("2024-01-05T09:00"), "org-B", eod("2024-01-20"))
      .object("C", t("2024-01-06T09:00"), "org-B", eod("2024-01-13"))
      .route("C", t("2024-01-15T09:00"), "org-A", eod("2024-01-30"))
      // D: told to go to court in time (a routing decision). E: never routed, due passed.
      .register("D", t("2024-01-05T10:00"))
      .add("D", "PetitionRedirected", t("2024-01-08T10:00"), {
        channel: "litigation",
        reason: "a civil dispute",
      })
      .register("E", t("2024-01-06T10:00"))
      // F: due after asOf: not yet judged.
      .register("F", t("2024-04-20T10:00")).events;

  it("counts a routing made after its due time as late, whatever came after", async () => {
    const report = await computeMetrics(routingLog(), {
      ...period,
      asOf: "2024-04-30T23:59:59+08:00",
    });
    // First routing due in the period: A (01-17 10:00), B (01-18), C (01-19), D (01-20), E (01-21).
    // On time: A and D; C's first routing was in time, its re-routing after the objection late → 2/5.
    expect(report.rates.onTimeRouting).toEqual(rate(2, 5));
  });

  it("leaves out a petition whose first routing is due after asOf", async () => {
    // As of 01-18 09:00 only A's first routing (due 01-17 10:00) is due: on time → 1/1.
    const early = await computeMetrics(routingLog(), { asOf: "2024-01-18T09:00:00+08:00" });
    expect(early.rates.onTimeRouting).toEqual(rate(1, 1));
    // As of 01-21 12:00 all five are due; C was re-routed late (01-15 > 01-13), E still waits → 2/5.
    const later = await computeMetrics(routingLog(), { asOf: "2024-01-21T12:00:00+08:00" });
    expect(later.rates.onTimeRouting).toEqual(rate(2, 5));
  });
});

describe("computeOverdue on the hand-worked log", () => {
  it("lists every open petition, overdue first, with the 催办 and 督办 lists", async () => {
    const report = await computeOverdue(events, { asOf: HAND_PERIOD.asOf });
    expect(report.items.map((i) => [i.petitionId, i.stage, i.status, i.daysLeft])).toEqual([
      // P7: acceptance due 02-04 23:59:59, 56 days before asOf.
      ["P7", "acceptance", "overdue", -56],
      // P2's review-request window lapsed 03-07: past due, but the petitioner's (no list, no count).
      ["P2", "reviewRequest", "overdue", -24],
      // P6: due at asOf exactly; P12 and P3 (its petitioner window) one day later.
      ["P6", "handling", "dueSoon", 0],
      ["P12", "handling", "dueSoon", 1],
      ["P3", "reexaminationRequest", "dueSoon", 1],
      ["P10", "handling", "onTrack", 10],
    ]);
    const p7 = report.supervisionList[0]!;
    // The reminder of the first routing (to org-B) was for a stage left behind by the objection.
    expect(p7).toMatchObject({
      org: "org-C",
      reminders: 1,
      supervisions: 2,
      maxSupervisionLevel: 2,
    });
    expect(p7.dueAt).toBe("2024-02-04T23:59:59+08:00");
    // The 催办 / 督办 lists hold only what an office must act on: not P2 nor P3.
    expect(report.supervisionList.map((i) => i.petitionId)).toEqual(["P7"]);
    expect(report.reminderList.map((i) => i.petitionId)).toEqual(["P6", "P12"]);
    expect(report.items.find((i) => i.petitionId === "P2")?.awaiting).toBe("petitioner");
    expect(report.items.find((i) => i.petitionId === "P3")?.awaiting).toBe("petitioner");
  });

  it("counts overdue and due soon as the lengths of the 督办 and 催办 lists", async () => {
    for (const reminderWindowDays of [0, 3, 10]) {
      const options = { asOf: HAND_PERIOD.asOf, reminderWindowDays };
      const view = await computeOverdue(events, options);
      const { counts } = await computeMetrics(events, options);
      expect([counts.overdue, counts.dueSoon], `${reminderWindowDays} days`).toEqual([
        view.supervisionList.length,
        view.reminderList.length,
      ]);
      const petitioner = view.items.filter((i) => i.awaiting === "petitioner").length;
      expect(counts.awaitingPetitioner).toBe(petitioner);
    }
  });

  it("shows what was open at an earlier moment", async () => {
    // 2024-01-20T12:00: P7 is re-routed (acceptance due 02-04, 15 days on); P11 is
    // closed; P10 and P12 do not exist yet.
    const report = await computeOverdue(events, { asOf: "2024-01-20T12:00:00+08:00" });
    expect(report.items.map((i) => i.petitionId).sort()).toEqual(
      ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"].sort(),
    );
    // P2's acceptance was due 01-21 23:59:59: due soon. Nothing overdue yet.
    expect(report.reminderList.map((i) => i.petitionId)).toContain("P2");
    expect(report.supervisionList).toEqual([]);
  });
});

describe("computeHotTopics on the hand-worked log", () => {
  it("ranks January's topics by count, then growth, with representatives", async () => {
    const report = await computeHotTopics(events, { month: "2024-01" });
    // January (Beijing): housing P1 P2 P4 P7 P8 P9 = 6 (December: 0, growth null);
    // traffic P3 P5 = 2 (December: P11 → growth (2−1)/1 = 1); noise P6 P12 = 2 (growth null).
    // P13 has no topic. Representatives: most followed first (P1 has P9 merged
    // into it, P5 has P10 linked to it), then earliest received.
    expect(report).toEqual({
      month: "2024-01",
      topics: [
        {
          topic: "housing",
          count: 6,
          previousCount: 0,
          growth: null,
          representatives: [
            { petitionId: "P1", title: "petition P1" },
            { petitionId: "P2", title: "petition P2" },
            { petitionId: "P4", title: "petition P4" },
          ],
        },
        {
          topic: "traffic",
          count: 2,
          previousCount: 1,
          growth: 1,
          representatives: [
            { petitionId: "P5", title: "petition P5" },
            { petitionId: "P3", title: "petition P3" },
          ],
        },
        {
          topic: "noise",
          count: 2,
          previousCount: 0,
          growth: null,
          representatives: [
            { petitionId: "P6", title: "petition P6" },
            { petitionId: "P12", title: "petition P12" },
          ],
        },
      ],
    });
  });

  it("computes negative growth and honours limit and representatives", async () => {
    // February: noise P10 = 1, January noise = 2 → growth −0.5.
    const report = await computeHotTopics(events, {
      month: "2024-02",
      limit: 1,
      representatives: 0,
    });
    expect(report.topics).toEqual([
      { topic: "noise", count: 1, previousCount: 2, growth: -0.5, representatives: [] },
    ]);
  });

  it("rejects an asOf without an offset in the overdue view and hot topics", async () => {
    for (const asOf of ["2024-03-31", "2024-03-31T23:59:59"]) {
      const overdue = await computeOverdue(events, { asOf }).catch((e: unknown) => e);
      expect(overdue, asOf).toBeInstanceOf(ValidationError);
      expect((overdue as ValidationError).field).toBe("asOf");
      const hot = await computeHotTopics(events, { month: "2024-01", asOf }).catch(
        (e: unknown) => e,
      );
      expect(hot, asOf).toBeInstanceOf(ValidationError);
      expect((hot as ValidationError).field).toBe("asOf");
    }
  });

  it("rejects a month that is not YYYY-MM", async () => {
    const error = await computeHotTopics(events, { month: "2024-13" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("month");
  });
});
