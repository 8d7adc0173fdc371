import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { STAGES } from "../events/catalog.js";
import { chinaCalendar, weekendCalendar } from "./calendar.js";
import {
  createPolicy,
  definePolicy,
  hotline12345Policy,
  nationalPolicy,
  type Policy,
  type PolicyOverrides,
  zhejiangPolicy,
} from "./policy.js";

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error("expected a ValidationError");
}

describe("presets", () => {
  it("national: the W22 numbers, each citing its article", () => {
    const l = nationalPolicy.limits;
    expect([l.routing.days, l.acceptance.days, l.objection.days, l.handling.days]).toEqual([
      15, 15, 5, 60,
    ]);
    expect(l.objection.unit).toBe("workingDays");
    expect(l.routing.basis).toBe("W22 Art. 22 ¶1");
    expect(l.objection.basis).toBe("W22 Art. 23 ¶3");
    expect(l.handling.basis).toBe("W22 Art. 34");
    expect(l.review.basis).toBe("W22 Art. 35");
    expect(l.reexamination.basis).toMatch(/W22 Art. 36/);
    expect(nationalPolicy.maxExtensionDays).toBe(30);
    expect(nationalPolicy.maxRepresentatives).toBe(5);
    expect(nationalPolicy.timeZone).toBe("Asia/Shanghai");
    expect(nationalPolicy.calendar).toBe(chinaCalendar);
    expect(nationalPolicy.lastDayRule).toBe("nextWorkingDay");
  });

  it("Zhejiang: 5 working days to process and to decide on acceptance, 30 days to handle", () => {
    const l = zhejiangPolicy.limits;
    expect(l.routing).toEqual({ days: 5, unit: "workingDays", basis: "ZJ Art. 20 ¶1" });
    expect(l.acceptance).toEqual({ days: 5, unit: "workingDays", basis: "ZJ Art. 20 ¶2" });
    expect(l.handling).toEqual({ days: 30, unit: "calendarDays", basis: "ZJ Art. 23 ¶1" });
    // Inherited numbers keep their W22 value but say why.
    expect(l.review.days).toBe(30);
    expect(l.review.basis).toMatch(/ZJ Art. 24/);
  });

  it("12345: working-day ticket limits, a call-back, and faster escalation", () => {
    const l = hotline12345Policy.limits;
    expect(l.handling).toMatchObject({ days: 5, unit: "workingDays" });
    expect(l.handling.basis).toMatch(/JN Art. 24/);
    expect(l.callBack?.basis).toMatch(/BJ Art. 23/);
    expect(l.reportBack?.days).toBe(5);
    expect(hotline12345Policy.reminderWindowDays).toBe(1);
  });

  it("every preset sets every stage and cites a basis for each limit", () => {
    for (const policy of [nationalPolicy, zhejiangPolicy, hotline12345Policy]) {
      for (const stage of STAGES) expect(policy.limits[stage].basis.length).toBeGreaterThan(4);
    }
  });

  it("presets are frozen", () => {
    expect(Object.isFrozen(nationalPolicy)).toBe(true);
    expect(Object.isFrozen(nationalPolicy.limits.handling)).toBe(true);
    expect(() => {
      (nationalPolicy.limits.handling as { days: number }).days = 1;
    }).toThrow(TypeError);
  });
});

describe("definePolicy", () => {
  it("merges a limit field by field and replaces other settings, leaving the base untouched", () => {
    const p = definePolicy(nationalPolicy, {
      id: "x",
      limits: { handling: { days: 45, basis: "local rule Art. 9" } },
      reminderWindowDays: 5,
      calendar: weekendCalendar,
    });
    expect(p.limits.handling).toEqual({
      days: 45,
      unit: "calendarDays",
      basis: "local rule Art. 9",
    });
    expect(p.limits.routing).toEqual(nationalPolicy.limits.routing);
    expect(p.reminderWindowDays).toBe(5);
    expect(p.calendar).toBe(weekendCalendar);
    expect(nationalPolicy.limits.handling.days).toBe(60);
    expect(nationalPolicy.reminderWindowDays).toBe(3);
  });

  it("adds an optional limit when it is complete", () => {
    const p = definePolicy(nationalPolicy, {
      limits: { callBack: { days: 2, unit: "workingDays", basis: "practice" } },
    });
    expect(p.limits.callBack?.days).toBe(2);
  });

  it.each([
    [{ limits: { handling: { days: 0 } } }, "limits.handling.days", "must be a positive integer"],
    [{ limits: { handling: { days: 1.5 } } }, "limits.handling.days", "must be a positive integer"],
    [{ limits: { routing: { unit: "weeks" } } }, "limits.routing.unit", '"calendarDays" or'],
    [{ limits: { routing: { basis: "" } } }, "limits.routing.basis", "non-empty"],
    [
      { limits: { callBack: { days: 2, basis: "practice" } } },
      "limits.callBack.unit",
      '"calendarDays" or',
    ],
    [{ limits: { closing: { days: 2 } } }, "limits.closing", "unknown setting"],
    [{ timeZone: "Mars/Olympus" }, "timeZone", "IANA"],
    [{ maxExtensionDays: 60 }, "maxExtensionDays", "from 0 to 30"],
    [{ maxRepresentatives: 9 }, "maxRepresentatives", "from 1 to 5"],
    [{ reminderWindowDays: -1 }, "reminderWindowDays", "non-negative"],
    [{ supervisionEscalationDays: 0 }, "supervisionEscalationDays", "positive"],
    [{ maxSupervisionLevel: 0 }, "maxSupervisionLevel", "positive"],
    [{ lastDayRule: "previousDay" }, "lastDayRule", '"nextWorkingDay"'],
    [{ calendar: {} }, "calendar", "WorkCalendar"],
    [{ id: "" }, "id", "non-empty"],
    [{ holidays: [] }, "holidays", "unknown setting"],
  ])("rejects %j at %s", (overrides, path, message) => {
    const issues = issuesOf(() => definePolicy(nationalPolicy, overrides as PolicyOverrides));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
  });

  it("lists every bad field at once, in the error message too", () => {
    try {
      definePolicy(nationalPolicy, {
        limits: { handling: { days: 0 } },
        maxExtensionDays: 31,
      });
      expect.unreachable();
    } catch (error) {
      const e = error as ValidationError;
      expect(e.issues.map((i) => i.path)).toEqual(["limits.handling.days", "maxExtensionDays"]);
      expect(e.message).toContain("limits.handling.days: must be a positive integer");
      expect(e.field).toBe("limits.handling.days");
    }
  });

  it("createPolicy checks a complete policy and copies it", () => {
    const config: Policy = { ...nationalPolicy, id: "copy", limits: { ...nationalPolicy.limits } };
    const p = createPolicy(config);
    expect(p).not.toBe(config);
    expect(p.id).toBe("copy");
    const { review: _dropped, ...missingReview } = nationalPolicy.limits;
    const issues = issuesOf(() =>
      createPolicy({ ...nationalPolicy, limits: missingReview as Policy["limits"] }),
    );
    expect(issues[0]?.path).toBe("limits.review");
  });
});
