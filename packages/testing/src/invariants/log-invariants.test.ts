import { describe, expect, it } from "vitest";
import { buildLog, type LogEntry } from "../log-builder.js";
import {
  checkLog,
  nothingAfterTerminal,
  occurredAtNonDecreasing,
  remindersAndSupervisionsOnce,
  requestsWithinLegalWindows,
  streamVersionsGapless,
} from "./log-invariants.js";
import { assertNoViolations, InvariantViolationError } from "./violation.js";

const at = (day: number, hour = 10) =>
  `2025-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+08:00`;

/** A legal life: registered, routed, accepted, replied, review requested in time, decided, concluded. */
const lawful: LogEntry[] = [
  { petitionId: "A", type: "PetitionRegistered", occurredAt: at(1) },
  { petitionId: "B", type: "PetitionRegistered", occurredAt: at(1, 11) },
  { petitionId: "A", type: "PetitionRouted", occurredAt: at(2) },
  {
    petitionId: "A",
    type: "ReminderIssued",
    occurredAt: at(3),
    data: { stage: "acceptance", dueAt: at(17, 23) },
  },
  { petitionId: "A", type: "PetitionAccepted", occurredAt: at(4) },
  {
    petitionId: "A",
    type: "ReplyIssued",
    occurredAt: at(10),
    data: { reviewRequestDueAt: at(30, 23) },
  },
  { petitionId: "B", type: "PetitionWithdrawn", occurredAt: at(11) },
  { petitionId: "B", type: "PetitionConcluded", occurredAt: at(11), data: { reason: "withdrawn" } },
  { petitionId: "B", type: "NotificationDelivered", occurredAt: at(12) },
  { petitionId: "A", type: "ReviewRequested", occurredAt: at(30, 22) },
  {
    petitionId: "A",
    type: "ReviewDecided",
    occurredAt: at(31),
    data: { reexaminationRequestDueAt: "2025-04-30T23:59:59+08:00" },
  },
  { petitionId: "A", type: "PetitionConcluded", occurredAt: at(31, 12) },
];

describe("log invariants on a lawful log", () => {
  it("find nothing", () => {
    expect(checkLog(buildLog(lawful))).toEqual([]);
    expect(() => assertNoViolations(checkLog(buildLog(lawful)))).not.toThrow();
  });
});

describe("streamVersionsGapless", () => {
  it("names a skipped version and its stream", () => {
    const log = buildLog(lawful);
    log[4]!.version = 5; // A's fourth event claims version 5
    const [violation, ...rest] = streamVersionsGapless(log);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ streamId: "petition-A", position: 5, index: 4 });
    expect(violation?.message).toContain("version 5 where 4 was expected");
  });

  it("rejects positions that do not increase", () => {
    const log = buildLog(lawful);
    log[2]!.position = 2;
    expect(streamVersionsGapless(log).map((v) => v.index)).toEqual([2]);
  });
});

describe("nothingAfterTerminal", () => {
  it("flags a lifecycle event after a conclusion", () => {
    const log = buildLog([
      ...lawful,
      { petitionId: "A", type: "SatisfactionEvaluated", occurredAt: at(31, 13) },
    ]);
    const violations = nothingAfterTerminal()(log);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toBe(
      "SatisfactionEvaluated recorded after the petition ended with PetitionConcluded",
    );
  });

  it("allows one conclusion after an exit, but not a second", () => {
    const log = buildLog([
      { petitionId: "C", type: "PetitionRegistered", occurredAt: at(1) },
      { petitionId: "C", type: "PetitionMerged", occurredAt: at(2) },
      { petitionId: "C", type: "PetitionConcluded", occurredAt: at(2) },
      { petitionId: "C", type: "PetitionConcluded", occurredAt: at(3) },
    ]);
    expect(nothingAfterTerminal()(log).map((v) => v.position)).toEqual([4]);
  });

  it("treats a re-examination decision as final (W22 Art. 36 ¶3)", () => {
    const log = buildLog([
      { petitionId: "G", type: "PetitionRegistered", occurredAt: at(1) },
      { petitionId: "G", type: "ReexaminationDecided", occurredAt: at(2) },
      { petitionId: "G", type: "PetitionConcluded", occurredAt: at(2), data: { reason: "final" } },
      { petitionId: "G", type: "ReviewRequested", occurredAt: at(3) },
    ]);
    expect(nothingAfterTerminal()(log).map((v) => v.message)).toEqual([
      "ReviewRequested recorded after the petition ended with PetitionConcluded",
    ]);
  });

  it("takes a deployment's own rules", () => {
    const log = buildLog([
      ...lawful,
      { petitionId: "A", type: "SatisfactionEvaluated", occurredAt: at(31, 13) },
    ]);
    const rules = {
      terminalTypes: ["PetitionConcluded"],
      allowedAfter: ["SatisfactionEvaluated", "NotificationDelivered"],
    };
    expect(nothingAfterTerminal(rules)(log)).toEqual([]);
  });
});

describe("remindersAndSupervisionsOnce", () => {
  const supervision = (level: number, dueAt = at(17, 23)) => ({
    petitionId: "A",
    type: "SupervisionIssued",
    occurredAt: at(20),
    data: { stage: "acceptance", dueAt, level, daysOverdue: 2 },
  });

  it("allows rising levels and a new due time, rejects a repeated level", () => {
    const log = buildLog([
      { petitionId: "A", type: "PetitionRegistered", occurredAt: at(1) },
      supervision(1),
      supervision(2),
      // the same instant written in UTC is the same due time
      supervision(2, "2025-03-17T15:00:00Z"),
      supervision(1, at(25, 23)),
    ]);
    const violations = remindersAndSupervisionsOnce(log);
    expect(violations.map((v) => v.position)).toEqual([4]);
    expect(violations[0]?.message).toContain("level 2");
  });

  it("rejects a second reminder for the same stage instance", () => {
    const reminder = lawful[3]!;
    const log = buildLog([...lawful.slice(0, 4), reminder]);
    expect(remindersAndSupervisionsOnce(log).map((v) => v.position)).toEqual([5]);
  });
});

describe("requestsWithinLegalWindows", () => {
  it("names a review requested after the 30-day window (W22 Art. 35)", () => {
    const late = lawful.map((e) =>
      e.type === "ReviewRequested" ? { ...e, occurredAt: "2025-04-01T09:00:00+08:00" } : e,
    );
    const violations = requestsWithinLegalWindows(buildLog(late));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ position: 10, streamId: "petition-A" });
    expect(violations[0]?.message).toContain("W22 Art. 35");
  });

  it("rejects a re-examination request with no review decision", () => {
    const log = buildLog([
      { petitionId: "D", type: "PetitionRegistered", occurredAt: at(1) },
      { petitionId: "D", type: "ReexaminationRequested", occurredAt: at(2) },
    ]);
    expect(requestsWithinLegalWindows(log)[0]?.message).toBe(
      "ReexaminationRequested with no ReviewDecided before it",
    );
  });
});

describe("occurredAtNonDecreasing", () => {
  it("flags business time running backwards inside a stream only", () => {
    const log = buildLog([
      { petitionId: "E", type: "PetitionRegistered", occurredAt: at(5) },
      { petitionId: "F", type: "PetitionRegistered", occurredAt: at(1) },
      { petitionId: "E", type: "PetitionRouted", occurredAt: at(4) },
    ]);
    expect(occurredAtNonDecreasing(log).map((v) => v.position)).toEqual([3]);
  });
});

describe("InvariantViolationError", () => {
  it("reports the first violation and how many more", () => {
    const log = buildLog(lawful);
    log[4]!.version = 9;
    log[5]!.version = 9;
    const error = (() => {
      try {
        assertNoViolations(streamVersionsGapless(log));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvariantViolationError);
    expect((error as InvariantViolationError).code).toBe("INVARIANT_VIOLATED");
    expect((error as Error).message).toBe(
      "streamVersionsGapless: petition-A, position 5, event #5: version 9 where 4 was expected (and 1 more)",
    );
  });
});
