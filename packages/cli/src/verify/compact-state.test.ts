import {
  checkEvent,
  defaultRegistry,
  type EventEnvelope,
  evolve,
  isTerminal,
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
import { workedExampleText } from "../../../core/test/worked-example.js";
import { HeldStates, holdState, SharedStrings, updateState } from "./compact-state.js";

/**
 * Verify holds each stream's state in one fixed shape (compact-state.ts), and
 * an ended petition's as a shared record (ended-state.ts): the lifecycle
 * judges them exactly as the state `evolve` returns, event after event, on
 * lawful and on broken logs, and they hold the same values. The one place they
 * part: after an unlawful event recorded after the end (reported by both),
 * verify keeps the petition ended where `evolve` folds the event.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);

/** Fold a log twice: as `evolve` returns the states, and as verify holds them. */
const foldBothWays = (log: readonly EventEnvelope[]) => {
  const plain = new Map<string, PetitionState | undefined>();
  const compact = new Map<string, PetitionState | undefined>();
  const held = new HeldStates();
  const judged = { plain: [] as unknown[], compact: [] as unknown[] };
  /** Streams with an unlawful event after the end: judged apart from there on. */
  const parted = new Set<string>();
  for (const raw of log) {
    let event: EventEnvelope;
    try {
      event = defaultRegistry.decode(raw);
    } catch {
      continue;
    }
    const p = plain.get(event.streamId);
    const c = compact.get(event.streamId);
    if (!parted.has(event.streamId)) {
      const found = checkEvent(p, event);
      judged.plain.push(found);
      judged.compact.push(checkEvent(c, event));
      if (p !== undefined && isTerminal(p.status) && found.length > 0) parted.add(event.streamId);
    }
    plain.set(event.streamId, evolve(p, event));
    compact.set(event.streamId, held.next(c, event));
  }
  for (const stream of parted) {
    plain.delete(stream);
    compact.delete(stream);
  }
  return { judged, plain, compact };
};

/** A state's fields that hold a value (a field held as undefined reads as absent). */
const values = (s: PetitionState | undefined) => JSON.parse(JSON.stringify(s ?? null));

/** What verify keeps of a state: all of it, or for an ended petition what judges what may follow. */
const kept = (s: PetitionState | undefined) =>
  s !== undefined && isTerminal(s.status)
    ? { status: s.status, concludedReason: s.concludedReason }
    : values(s);

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
              expect(kept(compact.get(stream))).toStrictEqual(kept(state));
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
    const lists = { petitionerIds: [], objectedBy: [], hearingsHeld: [], hearingSpans: [] };
    const first = holdState(
      undefined,
      {
        petitionId: "P1",
        status: "registered",
        ...lists,
        periodStarts: {},
        reminders: [],
        supervisions: [],
      } as unknown as PetitionState,
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

  it("gives an ended petition's object to the next new stream", () => {
    const log = workedExampleText()
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as EventEnvelope);
    const held = new HeldStates();
    const states = new Map<string, PetitionState>();
    const objects = new Set<PetitionState>();
    for (const event of log) {
      const next = held.next(states.get(event.streamId), event);
      states.set(event.streamId, next);
      if (!isTerminal(next.status)) objects.add(next);
    }
    const ended = [...states.values()].filter((s) => isTerminal(s.status));
    expect(ended.length).toBeGreaterThan(states.size / 2);
    // Open petitions at once, not petitions in the log.
    expect(objects.size).toBeLessThan(states.size / 4);
    // Each ended petition holds a shared record: its status and closing reason only.
    expect(new Set(ended).size).toBeLessThan(8);
  });

  it("keeps one copy of a due time or org id that many petitions share", () => {
    const shared = new SharedStrings();
    const a = shared.of(["2025-03-18T23:59:59", "+08:00"].join(""), undefined);
    const b = shared.of(["2025-03-18T23:59:59+", "08:00"].join(""), undefined);
    expect(b).toBe(a);
    expect(shared.of(undefined, a)).toBeUndefined();
  });
});
