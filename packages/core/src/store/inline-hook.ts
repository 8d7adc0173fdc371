import type { InlineHook } from "./event-store.js";

/** What a store needs of a projection runner to keep its inline projections current. */
export interface InlineRunner {
  start(): Promise<void>;
  inline(events: Parameters<InlineHook["apply"]>[0]): ReturnType<InlineHook["apply"]>;
  reload(): Promise<void>;
}

/**
 * A runner's inline projections as a store hook: started (snapshots loaded,
 * caught up with the log) before the first commit that folds them, reloaded
 * from the store when something they folded was not committed.
 */
export const inlineHookOf = (runner: InlineRunner): InlineHook => ({
  start: () => runner.start(),
  apply: (events) => runner.inline(events),
  reset: () => runner.reload(),
});
