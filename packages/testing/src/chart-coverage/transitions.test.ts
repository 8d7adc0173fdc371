import { petitionMachine } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildLog } from "../log-builder.js";
import { chartTransitions, formatCoverage, stepsOfLog, TransitionCoverage } from "./transitions.js";

describe("chartTransitions", () => {
  it("lists every event handler of every state of petitionMachine, both branches of a guarded one", () => {
    const transitions = chartTransitions();
    const states = petitionMachine.config.states ?? {};
    for (const [state, config] of Object.entries(states)) {
      for (const command of Object.keys(config.on ?? {})) {
        expect(transitions.some((t) => t.from === state && t.command === command)).toBe(true);
      }
    }
    const linkRepeat = transitions.filter(
      (t) => t.from === "registered" && t.command === "linkRepeat",
    );
    expect(linkRepeat.map((t) => t.to).sort()).toEqual(["notAccepted", "registered"]);
    // a handler without a target stays in its state
    expect(transitions).toContainEqual({ from: "accepted", command: "extend", to: "accepted" });
    // final states have no transitions
    expect(transitions.some((t) => t.from === "concluded")).toBe(false);
  });
});

describe("stepsOfLog", () => {
  it("folds the events one action records into one step", () => {
    const at = "2025-05-06T10:00:00+08:00";
    const log = buildLog([
      {
        petitionId: "A",
        type: "PetitionRegistered",
        occurredAt: at,
        data: { petitionId: "A", petitioners: [] },
      },
      { petitionId: "A", type: "RepeatPetitionLinked", occurredAt: at },
      { petitionId: "A", type: "PetitionNotAccepted", occurredAt: at },
      {
        petitionId: "B",
        type: "PetitionRegistered",
        occurredAt: at,
        data: { petitionId: "B", petitioners: [] },
      },
      { petitionId: "B", type: "NotificationDelivered", occurredAt: at },
      { petitionId: "B", type: "PetitionWithdrawn", occurredAt: at },
      { petitionId: "B", type: "PetitionConcluded", occurredAt: at, data: { reason: "withdrawn" } },
    ]);
    expect(stepsOfLog(log)).toEqual([
      { from: "unregistered", command: "register", to: "registered" },
      { from: "registered", command: "linkRepeat", to: "notAccepted" },
      { from: "unregistered", command: "register", to: "registered" },
      // the closing record after the exit is no step
      { from: "registered", command: "withdraw", to: "withdrawn" },
    ]);
  });
});

describe("TransitionCoverage", () => {
  it("reports reached, missed and steps outside the chart", () => {
    const coverage = new TransitionCoverage();
    coverage.record({ from: "unregistered", command: "register", to: "registered" });
    coverage.record({ from: "unregistered", command: "register", to: "registered" });
    coverage.record({ from: "withdrawn", command: "conclude", to: "withdrawn" });
    const report = coverage.report();
    expect(report.reached).toEqual([
      { from: "unregistered", command: "register", to: "registered", count: 2 },
    ]);
    expect(report.missed).toHaveLength(chartTransitions().length - 1);
    expect(report.outsideChart).toEqual([
      { from: "withdrawn", command: "conclude", to: "withdrawn", count: 1 },
    ]);
    expect(report.ratio).toBeCloseTo(1 / chartTransitions().length);
    const text = formatCoverage(report);
    expect(text.split("\n")[0]).toBe(
      `transition coverage: 1/${chartTransitions().length} (${((1 / chartTransitions().length) * 100).toFixed(1)}%)`,
    );
    expect(text).toContain("  ! withdrawn --conclude--> withdrawn  ×1 (not in the chart)");
  });
});
