import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { dueAt, dueCounting } from "./legal-time.js";
import { hotline12345Policy, nationalPolicy } from "./policy.js";

// W22 Art. 36 ¶2 (hearing time not counted), Art. 34 (extension), Civil Code Art. 201, 203.
describe("dueCounting: one period, counted once, rolled once", () => {
  const requested = "2026-09-01T10:00:00+08:00";
  const twoHourHearing = { from: "2026-09-10T09:00:00+08:00", to: "2026-09-10T11:00:00+08:00" };

  it("hearing days are not counted, then the last day rolls once: 2026-09-01 + 30 + 1 hearing day ends in the National Day break → 10-08", () => {
    expect(dueAt(nationalPolicy, "reexamination", requested)).toBe("2026-10-08T23:59:59+08:00");
    expect(
      dueCounting(nationalPolicy, "reexamination", requested, { excluded: [twoHourHearing] }),
    ).toBe("2026-10-08T23:59:59+08:00");
    // The same as 31 plain days: ends 10-02 and rolls once to 10-08, never a second time.
    expect(
      dueCounting(nationalPolicy, { days: 31, unit: "calendarDays", basis: "" }, requested),
    ).toBe("2026-10-08T23:59:59+08:00");
  });

  it("a hearing over two dates excludes both; several hearings add up, in any order", () => {
    const overnight = { from: "2026-06-08T09:00:00+08:00", to: "2026-06-09T12:00:00+08:00" };
    const another = { from: "2026-06-15T14:00:00+08:00", to: "2026-06-15T16:00:00+08:00" };
    const start = "2026-06-01T09:00:00+08:00"; // + 30 = Wed 07-01
    expect(dueAt(nationalPolicy, "reexamination", start)).toBe("2026-07-01T23:59:59+08:00");
    expect(dueCounting(nationalPolicy, "reexamination", start, { excluded: [overnight] })).toBe(
      "2026-07-03T23:59:59+08:00",
    );
    const both = dueCounting(nationalPolicy, "reexamination", start, {
      excluded: [another, overnight],
    });
    // Three dates excluded: Sat 07-04 → Mon 07-06.
    expect(both).toBe("2026-07-06T23:59:59+08:00");
    expect(
      dueCounting(nationalPolicy, "reexamination", start, { excluded: [overnight, another] }),
    ).toBe(both);
  });

  it("a hearing date that is itself outside the period changes nothing it should not", () => {
    const start = "2026-06-01T09:00:00+08:00";
    const late = { from: "2026-08-01T09:00:00+08:00", to: "2026-08-01T10:00:00+08:00" };
    expect(dueCounting(nationalPolicy, "reexamination", start, { excluded: [late] })).toBe(
      dueAt(nationalPolicy, "reexamination", start),
    );
  });

  it("an extension lengthens the period from its last counted day, not from a last day moved off a holiday", () => {
    // Accepted 2024-04-10: 60 days end Sun 06-09; Mon 06-10 is 端午, so due Tue 06-11.
    const accepted = "2024-04-10T15:00:00+08:00";
    expect(dueAt(nationalPolicy, "handling", accepted)).toBe("2024-06-11T23:59:59+08:00");
    // Extended 30 days: 60 + 30 = 90 days after 04-10 = Tue 07-09 (not 06-11 + 30 = 07-11).
    expect(dueCounting(nationalPolicy, "handling", accepted, { extraDays: 30 })).toBe(
      "2024-07-09T23:59:59+08:00",
    );
  });

  it("a 12345 ticket's extension counts in the limit's own unit (working days)", () => {
    const limit = { days: 5, unit: "workingDays" as const, basis: "ticket" };
    // From Fri 2024-09-27: Sun 09-29 is a make-up working day; 10-01..07 off.
    expect(dueCounting(hotline12345Policy, limit, "2024-09-27T10:00:00+08:00")).toBe(
      "2024-10-10T23:59:59+08:00",
    );
    expect(
      dueCounting(hotline12345Policy, limit, "2024-09-27T10:00:00+08:00", { extraDays: 2 }),
    ).toBe(
      "2024-10-12T23:59:59+08:00", // Sat 10-12 is a make-up working day
    );
  });

  it("names the bad field", () => {
    try {
      dueCounting(nationalPolicy, "reexamination", "2026-06-01T09:00:00+08:00", {
        excluded: [{ from: "2026-06-10T10:00:00+08:00", to: "2026-06-10T09:00:00+08:00" }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("excluded.0.to");
    }
    expect(() =>
      dueCounting(nationalPolicy, "handling", "2026-06-01T09:00:00+08:00", { extraDays: 1.5 }),
    ).toThrow(/extraDays/);
  });
});
