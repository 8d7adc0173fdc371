import { isDeepStrictEqual } from "node:util";
import type { EventEnvelope, Projection } from "@petitio/core";
import { snapshotStateOf, stateFromSnapshot } from "@petitio/core/adapter";
import type { Violation } from "./violation.js";

/**
 * "The same log gives the same state and metrics every time" (docs/security.md):
 * `compute` runs twice, on two independent deep copies of the log (the second
 * through a JSON round trip, as an exported and re-read log would be), and
 * the results must be deeply equal.
 */
export const sameLogSameResult = <T>(
  name: string,
  events: readonly EventEnvelope[],
  compute: (events: readonly EventEnvelope[]) => T,
): Violation[] => {
  const first = compute(structuredClone(events) as EventEnvelope[]);
  const second = compute(JSON.parse(JSON.stringify(events)) as EventEnvelope[]);
  return compareResults(name, first, second);
};

/** `sameLogSameResult` for an asynchronous computation such as `computeMetrics`. */
export const sameLogSameResultAsync = async <T>(
  name: string,
  events: readonly EventEnvelope[],
  compute: (events: readonly EventEnvelope[]) => Promise<T>,
): Promise<Violation[]> => {
  const first = await compute(structuredClone(events) as EventEnvelope[]);
  const second = await compute(JSON.parse(JSON.stringify(events)) as EventEnvelope[]);
  return compareResults(name, first, second);
};

const compareResults = (name: string, first: unknown, second: unknown): Violation[] =>
  isDeepStrictEqual(normalise(first), normalise(second))
    ? []
    : [
        {
          rule: "sameLogSameResult",
          message: `${name} gave different results for the same log`,
        },
      ];

/**
 * "Any projection rebuilt from the log equals the one updated incrementally"
 * (docs/metrics.md). The rebuild folds the whole log at once; the incremental run
 * stops at each cut, persists its state as a snapshot would be (JSON), and
 * resumes from the saved copy. Cuts default to every tenth of the log; the
 * saved copy defaults to what a durable store keeps: the projection's
 * `toSnapshot` data through a JSON round trip, read back with `fromSnapshot`.
 */
export interface RebuildOptions<S> {
  /** Indexes in the log after which the incremental run snapshots and resumes. */
  cuts?: readonly number[];
  /** How a snapshot is persisted and read back. */
  persist?: (state: S) => S;
}

export const rebuildEqualsIncremental = <S>(
  projection: Projection<S>,
  events: readonly EventEnvelope[],
  options: RebuildOptions<S> = {},
): Violation[] => {
  const cuts = options.cuts ?? defaultCuts(events.length);
  const persist =
    options.persist ??
    ((state: S) =>
      stateFromSnapshot(
        projection,
        JSON.parse(JSON.stringify(snapshotStateOf(projection, state))) as unknown,
      ));
  const rebuilt = events.reduce(
    (state, event) => projection.apply(state, event),
    projection.init(),
  );
  let state = projection.init();
  let from = 0;
  for (const cut of [...cuts, events.length].sort((a, b) => a - b)) {
    for (let i = from; i < cut; i++) state = projection.apply(state, events[i]!);
    from = Math.max(from, cut);
    state = persist(state);
  }
  const same = isDeepStrictEqual(
    normalise(snapshotStateOf(projection, rebuilt)),
    normalise(snapshotStateOf(projection, state)),
  );
  return same
    ? []
    : [
        {
          rule: "rebuildEqualsIncremental",
          message: `projection ${projection.name}: state rebuilt from the log differs from the state kept incrementally`,
        },
      ];
};

const defaultCuts = (length: number): number[] =>
  Array.from({ length: 9 }, (_, i) => Math.floor(((i + 1) * length) / 10));

/** Compare as JSON data: what a snapshot keeps is what must agree. */
const normalise = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value, replacer));

const replacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  return value;
};
