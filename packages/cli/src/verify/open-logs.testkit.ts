import fc from "fast-check";
import {
  interleave,
  picksArb,
  streamsArb,
} from "../../../core/src/projections/random-log.testkit.js";

/**
 * Random logs of many petitions (the projections' random logs), each petition
 * cut after a random event of its stream: most are still open at the end of
 * the log, at every stage. Each stream is a prefix of a lawful one.
 */
export const cutLog = fc
  .tuple(streamsArb, picksArb, fc.array(fc.nat(), { minLength: 14, maxLength: 14 }))
  .map(([streams, picks, cuts]) =>
    interleave(
      streams.map((s, i) => s.slice(0, 1 + ((cuts[i] ?? 0) % s.length))),
      picks,
    ),
  );
