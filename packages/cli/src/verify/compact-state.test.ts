import {
  checkEvent,
  defaultRegistry,
  type EventEnvelope,
  evolve,
  type PetitionState,
} from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  edited,
  editsArb,
  randomLog,
  timelineLog,
} from "../../../core/src/lifecycle/edited-logs.testkit.js";
import { compactState, holdState, SharedStrings, updateState } from "./compact-state.js";

/**
 * Verify holds each stream's state in one fixed shape (compact-state.ts): the
 * lifecycle judges it exactly as the state `evolve` returns, event after event,
 * on lawful and on broken logs, and it holds the same values.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);

/** Fold a log twice: as `evolve` returns the states, and as verify holds them. */
const foldBothWays = (log: readonly EventEnvelope[]) => {
  const plain = new Map<string, PetitionState | undefined>();
  const compact = new Map<string, PetitionState | undefined>();
  const shared = new SharedStrings();
  const judged = { plain: [] as unknown[], compact: [] as unknown[] };
  for (const raw of log) {
    let event: EventEnvelope;
    try {
      event = defaultRegistry.decode(raw);
    } catch {
      continue;
    }
    const p = plain.get(event.streamId);
    const c = compact.get(event.streamId);
    judged.plain.push(checkEvent(p, event));
    judged.compact.push(checkEvent(c, event));
    plain.set(event.streamId, evolve(p, event));
    compact.set(event.streamId, holdState(c, evolve(c, event), shared));
  }
  return { judged, plain, compact };
};

/** A state's fields that hold a value (a field held as undefined reads as absent). */
const values = (s: PetitionState | undefined) => JSON.parse(JSON.stringify(s ?? null));

describe("compactState", () => {
  it.each([
    ["one petition's timelines", timelineLog],
    ["interleaved logs of many petitions", randomLog],
  ] as const)(
    "judges and holds as evolve's states on %s, lawful and edited",
    (_, logArb) => {
      fc.assert(
        fc.property(logArb, editsArb, (log, edits) => {
          for (const l of [log, edited(log, edits)]) {
            const { judged, plain, compact } = foldBothWays(l);
            expect(judged.compact).toStrictEqual(judged.plain);
            for (const [stream, state] of plain) {
              expect(values(compact.get(stream))).toStrictEqual(values(state));
            }
          }
        }),
        { numRuns: RUNS, seed: 20261201 },
      );
    },
    120_000,
  );

  it("writes every field in place, into the stream's one object", () => {
    const shared = new SharedStrings();
    const first = compactState(
      { petitionId: "P1", status: "registered" } as PetitionState,
      undefined,
      shared,
    );
    const fields = Object.keys(first);
    expect(fields.length).toBeGreaterThan(40);
    // A state with a value of its own in every field: each must land in the held object.
    const next = Object.fromEntries(
      fields.map((k) => [k, `value of ${k}`]),
    ) as unknown as PetitionState;
    const held = updateState(first, next, shared);
    expect(held).toBe(first);
    for (const k of fields) expect(held[k as keyof PetitionState], k).toBe(`value of ${k}`);
    expect(Object.keys(held)).toEqual(fields);
  });

  it("keeps one copy of a due time or org id that many petitions share", () => {
    const shared = new SharedStrings();
    const a = shared.of(["2025-03-18T23:59:59", "+08:00"].join(""), undefined);
    const b = shared.of(["2025-03-18T23:59:59+", "08:00"].join(""), undefined);
    expect(b).toBe(a);
    expect(shared.of(undefined, a)).toBeUndefined();
  });
});
