import { describe } from "vitest";
import { appendCases } from "./conformance/append-cases.js";
import { argumentCases } from "./conformance/argument-cases.js";
import { chainCases } from "./conformance/chain-cases.js";
import { groupCommitCases } from "./conformance/group-commit-cases.js";
import {
  type ConformanceOptions,
  type Harness,
  type StoreFactory,
  useHarness,
} from "./conformance/harness.js";
import { importExportCases } from "./conformance/import-export-cases.js";
import { inlineCases } from "./conformance/inline-cases.js";
import { lifecycleCases } from "./conformance/lifecycle-cases.js";
import { outboxCases } from "./conformance/outbox-cases.js";
import { personalDataKeyCases } from "./conformance/personal-data-key-cases.js";
import { projectionCases } from "./conformance/projection-cases.js";
import { readCases } from "./conformance/read-cases.js";
import { subscriptionCases } from "./conformance/subscription-cases.js";
import { timerCases } from "./conformance/timer-cases.js";

/**
 * `@petitio/core/conformance`: the behaviour every EventStore adapter must
 * show (docs/storage.md). An adapter's test file calls
 * `describeEventStoreConformance` once; vitest runs the cases.
 *
 * ```ts
 * const clock = new ManualClock("2024-01-01T00:00:00Z");
 * describeEventStoreConformance("sqlite", async () => {
 *   const dir = await mkdtemp(join(tmpdir(), "petitio-"));
 *   const store = openSqliteStore({ path: join(dir, "log.db"), clock });
 *   return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
 * }, { clock });
 * ```
 *
 * The factory must return a fresh, empty store on every call (a case may ask
 * for a second one). The suite closes each store after its case, then calls
 * `cleanup`.
 */
/**
 * The contract part by part (event-store.ts): each interface has its own
 * cases, so an adapter's failure names the part that broke. Outbox, timer
 * and key cases use `append` to set up rows, so they need a working log.
 */
export const CONFORMANCE_PARTS = {
  eventLog: [
    appendCases,
    groupCommitCases,
    readCases,
    subscriptionCases,
    importExportCases,
    inlineCases,
    chainCases,
    lifecycleCases,
  ],
  checkpoints: [projectionCases],
  outbox: [outboxCases],
  timers: [timerCases],
  personalDataKeys: [personalDataKeyCases],
  arguments: [argumentCases],
} satisfies Record<string, ((h: Harness) => void)[]>;

export type ConformancePart = keyof typeof CONFORMANCE_PARTS;

/** Run the cases of some parts of the contract (all of them by default). */
export const describeEventStoreConformance = (
  name: string,
  factory: StoreFactory,
  options: ConformanceOptions = {},
  parts: readonly ConformancePart[] = Object.keys(CONFORMANCE_PARTS) as ConformancePart[],
): void => {
  describe(`EventStore conformance: ${name}`, () => {
    for (const part of parts) {
      describe(part, () => {
        const harness = useHarness(factory, options);
        for (const cases of CONFORMANCE_PARTS[part]) cases(harness);
      });
    }
  });
};

export type { ConformanceOptions, StoreFactory } from "./conformance/harness.js";
export { ManualClock } from "./conformance/manual-clock.js";
