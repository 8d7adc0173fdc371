import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { metricsFromFacts } from "./metrics.js";
import { overdueFromFacts } from "./overdue.js";
import { petitionFactsProjection } from "./petition-facts.js";
import { replaySync } from "./replay.js";
import { eod, TestLog, t } from "./test-log.testkit.js";

describe("petitionFactsProjection", () => {
  it("takes the latest occurredAt across offsets as the default asOf", () => {
    const log = new TestLog()
      .register("A", "2024-01-02T10:00:00+08:00")
      // 2024-01-02T03:00Z = 11:00 in Beijing: later, though it sorts first as text.
      .route("A", "2024-01-02T03:00:00Z", "org-A", eod("2024-01-17"))
      .accept("A", "2024-01-02T10:30:00+08:00", eod("2024-03-02"));
    const state = replaySync(petitionFactsProjection, log.events);
    expect(state.lastOccurredAt).toBe("2024-01-02T03:00:00Z");
    expect(metricsFromFacts(state).asOf).toBe("2024-01-02T03:00:00Z");
  });

  it("takes a re-examination's due time from HearingEnded.reexaminationDueAt, with no arithmetic (W22 Art. 36 ¶2)", () => {
    const upToRequest = () =>
      new TestLog()
        .register("H", t("2024-01-01T09:00"))
        .route("H", t("2024-01-01T10:00"), "org-A", eod("2024-01-16"))
        .accept("H", t("2024-01-02T10:00"), eod("2024-03-02"))
        .reply("H", t("2024-01-10T10:00"))
        .requestReview("H", t("2024-01-12T10:00"), eod("2024-02-11"))
        .decideReview("H", t("2024-02-01T10:00"), eod("2024-03-02"))
        .requestReexamination("H", t("2024-02-05T10:00"), eod("2024-03-06"));
    const at = (log: TestLog, asOf: string) =>
      overdueFromFacts(replaySync(petitionFactsProjection, log.events), { asOf }).items[0]!;
    // A 10-day hearing; the engine stored a due time moved by 12 days (its calendar, not ours).
    const moved = upToRequest().hearing(
      "H",
      t("2024-02-10T10:00"),
      t("2024-02-20T10:00"),
      "reexamination",
      eod("2024-03-18"),
    );
    expect(at(moved, "2024-03-17T12:00:00+08:00")).toMatchObject({
      stage: "reexamination",
      status: "dueSoon",
      dueAt: "2024-03-18T23:59:59+08:00",
      daysLeft: 2,
    });
    expect(at(moved, "2024-03-19T00:00:00+08:00").status).toBe("overdue");
    // Without a stored due time nothing moves: the hearing's length is not added.
    const unmoved = upToRequest().hearing(
      "H",
      t("2024-02-10T10:00"),
      t("2024-02-20T10:00"),
      "reexamination",
    );
    expect(at(unmoved, "2024-03-10T12:00:00+08:00")).toMatchObject({
      dueAt: eod("2024-03-06"),
      status: "overdue",
    });
    // A hearing still running changes nothing either: the stored due time stands.
    const running = upToRequest().hearing("H", t("2024-02-10T10:00"), undefined, "reexamination");
    expect(at(running, "2024-03-10T12:00:00+08:00").status).toBe("overdue");
  });

  it("after an objection, reads the routing due time stored on RoutingObjected, else the registration's", () => {
    const log = new TestLog()
      .register("R", t("2024-01-01T09:00"), { routingDueAt: eod("2024-01-16") })
      .route("R", t("2024-01-02T09:00"), "org-A", eod("2024-01-17"))
      .object("R", t("2024-01-10T09:00"), "org-A", eod("2024-01-25"))
      .register("Old", t("2024-01-01T09:00"), { routingDueAt: eod("2024-01-16") })
      .route("Old", t("2024-01-02T09:00"), "org-A", eod("2024-01-17"))
      .object("Old", t("2024-01-10T09:00"), "org-A");
    const state = replaySync(petitionFactsProjection, log.events);
    const items = overdueFromFacts(state, { asOf: "2024-01-20T12:00:00+08:00" }).items;
    const byId = Object.fromEntries(items.map((i) => [i.petitionId, i]));
    expect(byId.R).toMatchObject({ stage: "routing", dueAt: eod("2024-01-25"), status: "onTrack" });
    expect(byId.Old).toMatchObject({
      stage: "routing",
      dueAt: eod("2024-01-16"),
      status: "overdue",
    });
    expect(metricsFromFacts(state, { asOf: "2024-01-20T12:00:00+08:00" }).counts.overdue).toBe(1);
  });

  it("takes the default asOf from every event, also those outside petition streams", () => {
    const base = new TestLog().register("D", t("2024-01-01T09:00"), {
      routingDueAt: eod("2024-01-16"),
    }).events;
    const later: EventEnvelope = {
      ...base[0]!,
      position: 2,
      streamId: "org-unit-7",
      version: 1,
      type: "CustomNote",
      occurredAt: "2024-01-20T08:00:00+08:00",
      recordedAt: "2024-01-20T08:00:00+08:00",
      data: {},
    };
    const state = replaySync(petitionFactsProjection, [...base, later]);
    expect(state.lastOccurredAt).toBe("2024-01-20T08:00:00+08:00");
    const report = metricsFromFacts(state);
    expect(report.asOf).toBe("2024-01-20T08:00:00+08:00");
    // As of that last event, D's routing (due 01-16) is overdue.
    expect(report.counts).toMatchObject({ open: 1, overdue: 1 });
  });

  it("counts a decided re-examination awaiting its closing record as open, but neither overdue nor listed for an office", () => {
    const log = new TestLog()
      .register("F", t("2024-01-01T09:00"))
      .route("F", t("2024-01-01T10:00"), "org-A", eod("2024-01-16"))
      .accept("F", t("2024-01-02T10:00"), eod("2024-03-02"))
      .reply("F", t("2024-01-10T10:00"))
      .requestReview("F", t("2024-01-12T10:00"), eod("2024-02-11"))
      .decideReview("F", t("2024-02-01T10:00"), eod("2024-03-02"))
      .requestReexamination("F", t("2024-02-05T10:00"), eod("2024-03-06"))
      .add("F", "ReexaminationDecided", t("2024-03-01T10:00"), {
        org: "top",
        outcome: "upheld",
        summary: "upheld",
        deliveredAt: t("2024-03-01T10:00"),
        hearingHeld: false,
      });
    const state = replaySync(petitionFactsProjection, log.events);
    const asOf = "2024-03-10T12:00:00+08:00";
    // Open (no PetitionConcluded yet) and past the stage's due time (03-06), but no
    // office owes an action: it counts in neither overdue nor dueSoon, as in the lists.
    expect(metricsFromFacts(state, { asOf }).counts).toMatchObject({
      open: 1,
      overdue: 0,
      dueSoon: 0,
      awaitingPetitioner: 0,
    });
    const view = overdueFromFacts(state, { asOf });
    expect(view.items[0]).toMatchObject({
      stage: "reexamination",
      status: "overdue",
      awaiting: "closure",
    });
    expect(view.supervisionList).toEqual([]);
  });

  it("ignores custom types and streams that are not petitions", () => {
    const base = new TestLog().register("C", t("2024-01-01T09:00")).events;
    const extra: EventEnvelope[] = [
      { ...base[0]!, position: 2, version: 2, type: "CustomNote", data: { text: "hi" } },
      { ...base[0]!, position: 3, streamId: "org-unit-7", version: 1 },
    ];
    const state = replaySync(petitionFactsProjection, [...base, ...extra]);
    expect([...state.petitions.keys()]).toEqual(["C"]);
    expect(petitionFactsProjection.toSnapshot!(state)).toEqual(
      petitionFactsProjection.toSnapshot!(replaySync(petitionFactsProjection, base)),
    );
  });

  it("does not count a petition that is only the target of a link until it is registered", () => {
    const log = new TestLog()
      .register("N", t("2024-01-05T09:00"))
      .link("N", t("2024-01-05T09:01"), "OLD");
    const state = replaySync(petitionFactsProjection, log.events);
    expect(state.petitions.get("OLD")?.registered).toBe(false);
    expect(metricsFromFacts(state).counts.registered).toBe(1);
  });

  it("survives a JSON round trip of its snapshot", () => {
    const log = new TestLog()
      .register("S", t("2024-01-01T09:00"), { topic: "x" })
      .route("S", t("2024-01-01T10:00"), "org-A", eod("2024-01-16"));
    const state = replaySync(petitionFactsProjection, log.events);
    const json = JSON.parse(JSON.stringify(petitionFactsProjection.toSnapshot!(state)));
    const back = petitionFactsProjection.fromSnapshot!(json);
    expect(back.petitions.get("S")).toEqual(state.petitions.get("S"));
    expect(back.lastOccurredAt).toBe(state.lastOccurredAt);
  });
});
