import fc from "fast-check";
import { validTimelineArb } from "../../../testing/src/arbitraries/timelines.js";
import { decide } from "../engine/decide.js";
import { ACTOR_ROLES, type EventEnvelope } from "../events/envelope.js";
import { interleave, picksArb, streamsArb } from "../projections/random-log.testkit.js";
import { nationalPolicy } from "../time/policy.js";
import { evolve } from "./evolve.js";
import type { PetitionState } from "./state.js";

/**
 * Logs for the property tests of the lifecycle judgement: lawful ones (one
 * petition's life from the timeline arbitraries of @petitio/testing, recorded
 * as the engine records it; many petitions interleaved, from the projections'
 * random logs) and copies broken by random edits: events dropped, repeated,
 * swapped, moved in time, acted by another role or org, with a field changed
 * or removed, or recorded in another stream.
 */

/** One petition's lawful life, recorded as the engine records it. */
export const timelineLog = validTimelineArb({ maxSteps: 14 }).map((commands) => {
  const events: EventEnvelope[] = [];
  let state: PetitionState | undefined;
  for (const command of commands) {
    for (const e of decide(state, command, { policy: nationalPolicy, now: command.at! })) {
      const event: EventEnvelope = {
        ...e,
        position: events.length + 1,
        streamId: "petition-T1",
        version: (state?.version ?? 0) + 1,
        schemaVersion: 1,
        recordedAt: e.occurredAt,
      };
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
});

/** Several petitions' lives (repeats, merges, notices, reviews), interleaved. */
export const randomLog = fc
  .tuple(streamsArb, picksArb)
  .map(([streams, picks]) => interleave(streams, picks));

const HOUR = 3_600_000;
const VALUES: unknown[] = [
  undefined,
  true,
  false,
  0,
  1,
  15,
  31,
  6,
  "",
  "handling",
  "review",
  "routing",
  "reportBack",
  "resolved",
  "reviewWindowLapsed",
  "org-a",
  "bureau",
  "2024-01-02T09:00:00+08:00",
  "2026-01-01T00:00:00Z",
];
const ORGS = [undefined, "bureau", "org-a", "org-b", "org-review", "intake-office"];

type Edit = (log: EventEnvelope[], seed: number[]) => EventEnvelope[];
const at = (log: readonly unknown[], n: number) => n % Math.max(1, log.length);
const replace = (log: EventEnvelope[], i: number, event: EventEnvelope) =>
  log.map((e, k) => (k === i ? event : e));

const EDITS: Edit[] = [
  (log, [i = 0]) => log.filter((_, k) => k !== at(log, i)),
  (log, [i = 0, j = 0]) => {
    const copy = [...log];
    copy.splice(at(log, j), 0, log[at(log, i)]!);
    return copy;
  },
  (log, [i = 0, j = 0]) => {
    const copy = [...log];
    [copy[at(log, i)], copy[at(log, j)]] = [copy[at(log, j)]!, copy[at(log, i)]!];
    return copy;
  },
  (log, [i = 0, hours = 0]) => {
    const e = log[at(log, i)]!;
    const shifted = new Date(Date.parse(e.occurredAt) + ((hours % 2000) - 1000) * HOUR);
    const iso = shifted.toISOString();
    return replace(log, at(log, i), { ...e, occurredAt: iso, recordedAt: iso });
  },
  (log, [i = 0, r = 0]) => {
    const e = log[at(log, i)]!;
    return replace(log, at(log, i), { ...e, actor: { ...e.actor, role: ACTOR_ROLES[r % 5]! } });
  },
  (log, [i = 0, o = 0]) => {
    const e = log[at(log, i)]!;
    const { org: _, ...actor } = e.actor;
    const org = ORGS[o % ORGS.length];
    return replace(log, at(log, i), { ...e, actor: org === undefined ? actor : { ...actor, org } });
  },
  (log, [i = 0, f = 0, v = 0]) => {
    const e = log[at(log, i)]!;
    const keys = Object.keys(e.data);
    if (keys.length === 0) return log;
    const key = keys[f % keys.length]!;
    const { [key]: _, ...rest } = e.data;
    const value = VALUES[v % VALUES.length];
    return replace(log, at(log, i), {
      ...e,
      data: value === undefined ? rest : { ...rest, [key]: value },
    });
  },
  (log, [i = 0, j = 0]) => {
    // An event of one stream recorded in another.
    const e = log[at(log, i)]!;
    const other = log[at(log, j)]!;
    return replace(log, at(log, i), { ...e, streamId: other.streamId, version: other.version });
  },
];

export const editsArb = fc.array(
  fc.tuple(fc.nat(EDITS.length - 1), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })),
  { minLength: 1, maxLength: 4 },
);
export const edited = (log: EventEnvelope[], edits: [number, number[]][]) =>
  edits.reduce((l, [edit, seed]) => (l.length === 0 ? l : EDITS[edit]!(l, seed)), log);
