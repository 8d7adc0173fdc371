import { definePolicy, nationalPolicy } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildLog } from "../log-builder.js";
import { dueTimesMatchPolicy } from "./due-times.js";

const check = dueTimesMatchPolicy(nationalPolicy);

describe("dueTimesMatchPolicy", () => {
  it("moves a last day that falls in the National Day break (Civil Code Art. 203)", () => {
    // accepted 2025-08-03: 60 days (W22 Art. 34) end on 2025-10-02, inside the 10-01..10-08 break
    const accepted = (handlingDueAt: string) =>
      buildLog([
        {
          petitionId: "H",
          type: "PetitionAccepted",
          occurredAt: "2025-08-03T15:00:00+08:00",
          data: { handlingDueAt },
        },
      ]);
    expect(check(accepted("2025-10-09T23:59:59+08:00"))).toEqual([]);
    const [violation] = check(accepted("2025-10-02T23:59:59+08:00"));
    expect(violation?.message).toBe(
      "PetitionAccepted.handlingDueAt is 2025-10-02T23:59:59+08:00, but cn-national-w22 gives 2025-10-09T23:59:59+08:00",
    );
  });

  it("counts an extension from the previous due time and a routing limit from receivedAt", () => {
    const log = buildLog([
      {
        petitionId: "I",
        type: "PetitionRegistered",
        occurredAt: "2025-03-05T09:00:00+08:00",
        // received three days before it was registered: 15 days from 03-02 end on 03-17
        data: {
          receivedAt: "2025-03-02T09:00:00+08:00",
          routingDueAt: "2025-03-17T23:59:59+08:00",
        },
      },
      {
        petitionId: "I",
        type: "PetitionAccepted",
        occurredAt: "2025-03-10T09:00:00+08:00",
        data: { handlingDueAt: "2025-05-09T23:59:59+08:00" },
      },
      {
        petitionId: "I",
        type: "HandlingExtended",
        occurredAt: "2025-05-01T09:00:00+08:00",
        // 30 days from 05-09 end on Sunday 06-08, which moves to Monday 06-09
        data: { days: 30, handlingDueAt: "2025-06-08T15:59:59Z" },
      },
    ]);
    const violations = check(log);
    expect(violations.map((v) => v.position)).toEqual([3]);
    expect(violations[0]?.message).toContain("gives 2025-06-09T23:59:59+08:00");
  });

  it("reports a due time the calendar cannot compute instead of throwing", () => {
    const log = buildLog([
      {
        petitionId: "J",
        type: "PetitionAccepted",
        occurredAt: "1999-01-10T09:00:00+08:00",
        data: { handlingDueAt: "1999-03-11T23:59:59+08:00" },
      },
    ]);
    expect(check(log)[0]?.message).toContain("the policy cannot compute it");
    const noHolidays = definePolicy(nationalPolicy, { lastDayRule: "none" });
    expect(dueTimesMatchPolicy(noHolidays)(log)).toEqual([]);
  });
});
