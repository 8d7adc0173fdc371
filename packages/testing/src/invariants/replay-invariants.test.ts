import type { EventEnvelope, Projection } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { buildLog } from "../log-builder.js";
import { rebuildEqualsIncremental, sameLogSameResult } from "./replay-invariants.js";

const log = buildLog(
  Array.from({ length: 25 }, (_, i) => ({
    petitionId: `P${i % 4}`,
    type: i % 4 === 0 ? "PetitionRegistered" : "PetitionRouted",
    occurredAt: `2025-05-${String(1 + i).padStart(2, "0")}T09:00:00+08:00`,
  })),
);

/** Counts events per type in a plain object: survives any snapshot. */
const countByType: Projection<Record<string, number>> = {
  name: "countByType",
  version: 1,
  init: () => ({}),
  apply: (state, event) => ({ ...state, [event.type]: (state[event.type] ?? 0) + 1 }),
};

/** Keeps its streams in a Set: a JSON snapshot turns the Set into `{}`, so resuming breaks. */
const streamsInASet: Projection<{ streams: Set<string> }> = {
  name: "streamsInASet",
  version: 1,
  init: () => ({ streams: new Set() }),
  apply: (state, event) => {
    if (!(state.streams instanceof Set)) return { streams: new Set([event.streamId]) };
    state.streams.add(event.streamId);
    return state;
  },
};

describe("rebuildEqualsIncremental", () => {
  it("holds for a pure projection with JSON state", () => {
    expect(rebuildEqualsIncremental(countByType, log)).toEqual([]);
  });

  it("catches state that does not survive a durable snapshot", () => {
    const violations = rebuildEqualsIncremental(streamsInASet, log);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain("projection streamsInASet");
  });

  it("agrees when the snapshot keeps the Set (structuredClone, as the memory store does)", () => {
    expect(rebuildEqualsIncremental(streamsInASet, log, { persist: structuredClone })).toEqual([]);
  });
});

describe("rebuildEqualsIncremental with toSnapshot/fromSnapshot", () => {
  it("uses the projection's own snapshot form", () => {
    const withSnapshots: Projection<{ streams: Set<string> }> = {
      ...streamsInASet,
      toSnapshot: (state) => [...state.streams],
      fromSnapshot: (data) => ({ streams: new Set(data as string[]) }),
    };
    expect(rebuildEqualsIncremental(withSnapshots, log)).toEqual([]);
  });
});

describe("sameLogSameResult", () => {
  it("holds for a pure computation", () => {
    const lastByStream = (events: readonly EventEnvelope[]) =>
      Object.fromEntries(events.map((e) => [e.streamId, e.version]));
    expect(sameLogSameResult("lastByStream", log, lastByStream)).toEqual([]);
  });

  it("catches a computation that depends on something other than the log", () => {
    let calls = 0;
    const leaky = (events: readonly EventEnvelope[]) => ({ n: events.length, calls: ++calls });
    expect(sameLogSameResult("leaky", log, leaky)[0]?.message).toBe(
      "leaky gave different results for the same log",
    );
  });
});
