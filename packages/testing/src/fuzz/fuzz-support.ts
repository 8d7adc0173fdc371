import { type EventStore, PetitioError } from "@petitio/core";
import fc from "fast-check";

/**
 * Shared parts of the fuzz tests (issue 16 item 6). CI runs the default case
 * counts (over 10,000 cases in all, in seconds); set PETITIO_FUZZ_SCALE=10
 * (or more) to run ten times as many on demand.
 *
 * The cases come from a fixed seed, so a CI run is repeatable and a failure
 * can be replayed; PETITIO_FUZZ_SEED=<n> picks another, PETITIO_FUZZ_SEED=random
 * a new one each run (fast-check prints it with any counterexample).
 */

const seedSetting = process.env.PETITIO_FUZZ_SEED ?? "20261201";
if (seedSetting !== "random") {
  const seed = Number(seedSetting);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`PETITIO_FUZZ_SEED must be an integer or "random"; got "${seedSetting}"`);
  }
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}

const scale = (): number => {
  const value = Number(process.env.PETITIO_FUZZ_SCALE ?? "1");
  return Number.isFinite(value) && value > 0 ? value : 1;
};

/** The number of runs for a property: `base` times PETITIO_FUZZ_SCALE. */
export const fuzzRuns = (base: number): number => Math.max(1, Math.round(base * scale()));

/** Whatever `run` throws must be a typed PetitioError; returns it (or undefined when it did not throw). */
export const typedFailure = async (run: () => unknown): Promise<PetitioError | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof PetitioError) return error;
    throw new Error(
      `untyped failure: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      {
        cause: error,
      },
    );
  }
};

/**
 * Hostile JSON-ish values: anything fast-check makes, plus the shapes parsers
 * trip on — prototype keys, huge and non-finite numbers, deep nesting, long
 * and control-character strings.
 */
export const hostileValueArb = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true }),
    fc.constantFrom(
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: { prototype: { polluted: true } } },
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      Number.MAX_SAFE_INTEGER + 2,
      "\u001b[2J\u0000\ud800",
      "x".repeat(100_000),
    ),
    fc.letrec((tie) => ({
      deep: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.array(tie("deep"), { maxLength: 2 }),
      ),
    })).deep,
  );

/** Text a log line could hold: JSON of hostile values, random strings, and cut or spliced lines. */
export const hostileLineArb = (validLines: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    hostileValueArb().map((v) => {
      try {
        return JSON.stringify(v) ?? "undefined";
      } catch {
        return "{}";
      }
    }),
    fc.tuple(fc.constantFrom(...validLines), fc.nat(), fc.nat()).map(([line, a, b]) => {
      const at = a % (line.length + 1);
      return line.slice(0, at) + line.slice(at + (b % 8));
    }),
    fc
      .tuple(fc.constantFrom(...validLines), fc.nat(), fc.string({ maxLength: 5 }))
      .map(([line, a, insert]) => {
        const at = a % (line.length + 1);
        return line.slice(0, at) + insert + line.slice(at);
      }),
    fc
      .tuple(
        fc.constantFrom(...validLines),
        fc.constantFrom("position", "version", "type", "occurredAt", "actor", "data", "hash"),
        hostileValueArb(),
      )
      .map(([line, field, value]) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        parsed[field] = value;
        try {
          return JSON.stringify(parsed);
        } catch {
          return line;
        }
      }),
  );

/** Everything a rejected command could have touched, as one string. */
export const storeSnapshot = async (store: EventStore): Promise<string> => {
  const events = [];
  for await (const e of store.readAll()) events.push(e);
  return JSON.stringify({
    head: await store.headPosition(),
    events,
    timers: await store.listTimers(),
  });
};
