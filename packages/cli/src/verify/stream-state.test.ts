import {
  checkEvent,
  defaultRegistry,
  EVENT_COMMAND,
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
import { cutLog } from "./open-logs.testkit.js";
import { nextState } from "./stream-state.js";

/**
 * Verify holds an open petition's folded state (its empty lists shared) and an
 * ended one's shared record (stream-state.ts): the lifecycle judges them exactly as the states
 * `evolve` returns, event after event, on lawful and on broken logs. The one
 * place they part: after an unlawful event recorded after the end (reported
 * by both), verify keeps the petition ended, so every later lifecycle event of
 * it is reported, where `evolve` folds the unlawful event and judges on.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);

/** Fold a log twice: as `evolve` returns the states, and as verify holds them. */
const foldBothWays = (log: readonly EventEnvelope[]) => {
  const plain = new Map<string, PetitionState | undefined>();
  const held = new Map<string, PetitionState | undefined>();
  const judged = { plain: [] as unknown[], held: [] as unknown[] };
  /** Streams with an unlawful event after the end: judged apart from there on. */
  const parted = new Set<string>();
  let afterParting = 0;
  for (const raw of log) {
    let event: EventEnvelope;
    try {
      event = defaultRegistry.decode(raw);
    } catch {
      continue;
    }
    const p = plain.get(event.streamId);
    const h = held.get(event.streamId);
    if (!parted.has(event.streamId)) {
      const found = checkEvent(p, event);
      judged.plain.push(found);
      judged.held.push(checkEvent(h, event));
      if (p !== undefined && isTerminal(p.status) && found.length > 0) parted.add(event.streamId);
    } else if (event.type !== "PetitionConcluded" && EVENT_COMMAND[event.type] !== undefined) {
      // Still ended: every lifecycle event after the end is reported.
      expect(checkEvent(h, event)).toEqual([
        expect.objectContaining({ rule: "nothing after the end" }),
      ]);
      afterParting++;
    }
    plain.set(event.streamId, evolve(p, event));
    held.set(event.streamId, nextState(h, event));
  }
  for (const stream of parted) {
    plain.delete(stream);
    held.delete(stream);
  }
  return { judged, plain, held, parted: parted.size, afterParting };
};

/** What verify keeps of a state: all of it, or for an ended petition what judges what may follow. */
const kept = (s: PetitionState | undefined) =>
  s !== undefined && isTerminal(s.status)
    ? { status: s.status, concludedReason: s.concludedReason }
    : s;

describe("nextState", () => {
  it.each([
    ["one petition's timelines", timelineLog],
    ["interleaved logs of many petitions", randomLog],
    ["logs whose petitions mostly stay open", cutLog],
  ] as const)(
    "judges as evolve's states on %s, lawful and edited",
    (_, logArb) => {
      let parted = 0;
      fc.assert(
        fc.property(logArb, editsArb, (log, edits) => {
          const lawful = foldBothWays(log);
          expect(lawful.parted).toBe(0);
          for (const l of [lawful, foldBothWays(edited(log, edits))]) {
            expect(l.judged.held).toStrictEqual(l.judged.plain);
            for (const [stream, state] of l.plain) {
              expect(kept(l.held.get(stream))).toStrictEqual(kept(state));
            }
            parted += l.parted;
          }
        }),
        { numRuns: RUNS, seed: 20261201 },
      );
      // The edits do record events after the end: the parting is exercised.
      if (logArb === randomLog) expect(parted).toBeGreaterThan(0);
    },
    120_000,
  );

  it("holds a shared record for each ended petition, its folded state while open", () => {
    const log = workedExampleText()
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as EventEnvelope);
    const states = new Map<string, PetitionState>();
    const empties = new Set<unknown>();
    const openStreams = new Set<string>();
    for (const event of log) {
      const before = states.get(event.streamId);
      const next = nextState(before, event);
      if (!isTerminal(next.status)) {
        expect(next).toStrictEqual(evolve(before, event));
        openStreams.add(event.streamId);
        if (next.reminders.length === 0) empties.add(next.reminders);
      }
      states.set(event.streamId, next);
    }
    const ended = [...states.values()].filter((s) => isTerminal(s.status));
    // While open, the petitions share their empty lists: one frozen empty for all of them.
    expect(openStreams.size).toBeGreaterThan(1);
    expect(empties.size).toBe(1);
    expect(Object.isFrozen([...empties][0])).toBe(true);
    expect(ended.length).toBeGreaterThan(states.size / 2);
    // One record per status and closing reason, whatever the number of petitions.
    expect(new Set(ended).size).toBeLessThan(8);
    expect(Object.isFrozen(ended[0])).toBe(true);
  });
});
