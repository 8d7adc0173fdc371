import { afterEach, beforeEach } from "vitest";
import type { EventStore } from "../store/event-store.js";
import type { ManualClock } from "./manual-clock.js";

/** What an adapter hands the suite: a fresh, empty store per call. */
export type StoreFactory = () => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

export interface ConformanceOptions {
  /**
   * The clock the factory's stores stamp `recordedAt` with. With it, the suite
   * checks `readAll({ asOf })` exactly; without it, only what holds for any clock.
   */
  clock?: ManualClock;
  /** Length of the long sequential-append run (default 2,000). */
  sequentialAppends?: number;
}

/** The time every case starts at when the suite controls the clock. */
export const START = "2024-03-01T01:00:00.000Z";

/** Per-test access to the store(s) under test; every store opened is closed and cleaned up. */
export interface Harness {
  readonly clock: ManualClock | undefined;
  readonly options: ConformanceOptions;
  /** The store of the current test. */
  store(): EventStore;
  /** Another fresh, empty store for the current test (export → import cases). */
  another(): Promise<EventStore>;
}

/** Registers the before/after hooks; call inside a `describe`. */
export const useHarness = (factory: StoreFactory, options: ConformanceOptions): Harness => {
  let opened: { store: EventStore; cleanup?: () => Promise<void> }[] = [];
  const open = async (): Promise<EventStore> => {
    const made = await factory();
    opened.push(made);
    return made.store;
  };
  beforeEach(async () => {
    options.clock?.set(START);
    opened = [];
    await open();
  });
  afterEach(async () => {
    for (const { store, cleanup } of opened.reverse()) {
      await store.close();
      await cleanup?.();
    }
    opened = [];
  });
  return {
    clock: options.clock,
    options,
    store: () => {
      const first = opened[0];
      if (!first) throw new Error("no store: the factory has not run for this test");
      return first.store;
    },
    another: open,
  };
};
