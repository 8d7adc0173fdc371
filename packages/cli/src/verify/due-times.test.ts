import {
  type CommandInput,
  createEngine,
  type EventEnvelope,
  evolve,
  MemoryEventStore,
  nationalPolicy,
  type PetitionState,
} from "@petitio/core";
import { describe, expect, it } from "vitest";
import { dueTimeMismatches } from "./due-times.js";

/**
 * `verify --policy` recomputes the due times that change while a stage runs
 * with the engine's own function: the handling period counted again with its
 * extension (W22 Art. 34), the re-examination period with hearing dates
 * skipped (Art. 36 ¶2), each rolled once.
 */

const intake = { id: "clerk", role: "intake", org: "bureau" } as const;
const agency = { id: "officer", role: "agency", org: "org-x" } as const;
const petitioner = { id: "p-1", role: "petitioner" } as const;
const reviewer = { id: "reviewer", role: "agency", org: "org-review" } as const;
const reexaminer = { id: "reexaminer", role: "agency", org: "org-reexamination" } as const;

const steps: [string, Record<string, unknown>][] = [
  [
    "2026-06-01T09:00:00+08:00",
    {
      type: "register",
      actor: intake,
      channel: "letter",
      petitioners: [{ id: petitioner.id, name: "李四" }],
      title: "道路积水",
      content: "雨后道路长期积水无人处理。",
      category: "claim",
    },
  ],
  ["2026-06-02T09:00:00+08:00", { type: "route", actor: intake, toOrg: "org-x" }],
  ["2026-06-03T09:00:00+08:00", { type: "accept", actor: agency }],
  [
    "2026-07-20T09:00:00+08:00",
    { type: "extend", actor: agency, days: 30, reason: "需现场勘验", approvedBy: "head-x" },
  ],
  [
    "2026-08-01T09:00:00+08:00",
    {
      type: "reply",
      actor: agency,
      outcome: "explained",
      summary: "已安排排水改造",
      legalBasis: ["信访工作条例第三十二条"],
    },
  ],
  [
    "2026-08-05T09:00:00+08:00",
    { type: "requestReview", actor: petitioner, toOrg: "org-review", reason: "不服" },
  ],
  [
    "2026-08-20T09:00:00+08:00",
    { type: "decideReview", actor: reviewer, outcome: "upheld", summary: "维持" },
  ],
  [
    "2026-09-01T10:00:00+08:00",
    {
      type: "requestReexamination",
      actor: petitioner,
      toOrg: "org-reexamination",
      reason: "不服复查",
    },
  ],
  ["2026-09-10T09:00:00+08:00", { type: "startHearing", actor: reexaminer }],
  ["2026-09-10T11:00:00+08:00", { type: "endHearing", actor: reexaminer }],
];

const engineLog = async (): Promise<EventEnvelope[]> => {
  const clock = { now: () => "2026-06-01T09:00:00+08:00" };
  const store = new MemoryEventStore({ clock });
  const engine = createEngine({ store, clock, policy: nationalPolicy });
  for (const [at, step] of steps) {
    await engine.execute({ ...step, petitionId: "P-1", at } as unknown as CommandInput);
  }
  return store.readStream("petition-P-1");
};

const mismatchesOf = (events: readonly EventEnvelope[]) => {
  let state: PetitionState | undefined;
  const found: { type: string; field: string; expected?: string }[] = [];
  for (const event of events) {
    for (const m of dueTimeMismatches(state, event, nationalPolicy)) {
      found.push({ type: event.type, field: m.field, expected: m.expected });
    }
    state = evolve(state, event);
  }
  return found;
};

describe("verify --policy: extended and interrupted periods", () => {
  it("finds nothing to report in an engine-made log with an extension and a hearing", async () => {
    const events = await engineLog();
    const ended = events.find((e) => e.type === "HearingEnded")!;
    expect(ended.data.reexaminationDueAt).toBe("2026-10-08T23:59:59+08:00");
    expect(mismatchesOf(events)).toEqual([]);
  });

  it("names a due time moved the old way: rolled first, then the hearing day added", async () => {
    const events = (await engineLog()).map((e) =>
      e.type === "HearingEnded"
        ? { ...e, data: { ...e.data, reexaminationDueAt: "2026-10-09T23:59:59+08:00" } }
        : e,
    );
    expect(mismatchesOf(events)).toEqual([
      {
        type: "HearingEnded",
        field: "reexaminationDueAt",
        expected: "2026-10-08T23:59:59+08:00",
      },
    ]);
  });

  it("names an extension counted from the rolled due date instead of the 60th day", async () => {
    const events = await engineLog();
    const extended = events.find((e) => e.type === "HandlingExtended")!;
    // Accepted 06-03: 60 days end Sun 08-02 (due Mon 08-03); 90 days end Tue 09-01.
    expect(extended.data.handlingDueAt).toBe("2026-09-01T23:59:59+08:00");
    const moved = events.map((e) =>
      e === extended
        ? { ...e, data: { ...e.data, handlingDueAt: "2026-09-02T23:59:59+08:00" } }
        : e,
    );
    expect(mismatchesOf(moved)).toEqual([
      { type: "HandlingExtended", field: "handlingDueAt", expected: "2026-09-01T23:59:59+08:00" },
    ]);
  });
});
