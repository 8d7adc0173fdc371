import { describe } from "vitest";
import { appendCases } from "./conformance/append-cases.js";
import { type ConformanceOptions, type StoreFactory, useHarness } from "./conformance/harness.js";
import { importExportCases } from "./conformance/import-export-cases.js";
import { lifecycleCases } from "./conformance/lifecycle-cases.js";
import { outboxCases } from "./conformance/outbox-cases.js";
import { projectionCases } from "./conformance/projection-cases.js";
import { readCases } from "./conformance/read-cases.js";
import { subscriptionCases } from "./conformance/subscription-cases.js";
import { timerCases } from "./conformance/timer-cases.js";

/**
 * `@petitio/core/conformance`: the behaviour every EventStore adapter must
 * show (DESIGN §8, docs/storage.md). An adapter's test file calls
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
export const describeEventStoreConformance = (
  name: string,
  factory: StoreFactory,
  options: ConformanceOptions = {},
): void => {
  describe(`EventStore conformance: ${name}`, () => {
    const harness = useHarness(factory, options);
    appendCases(harness);
    readCases(harness);
    subscriptionCases(harness);
    outboxCases(harness);
    timerCases(harness);
    projectionCases(harness);
    importExportCases(harness);
    lifecycleCases(harness);
  });
};

export type { ConformanceOptions, StoreFactory } from "./conformance/harness.js";
export { ManualClock } from "./conformance/manual-clock.js";
