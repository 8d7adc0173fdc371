import type { EventStore, SubscribeOptions, Subscription } from "./event-store.js";

/**
 * A subscription that any store can offer: it reads `readAll` from its
 * position in batches, hands each event to the handler in order, saves the
 * checkpoint, and when it has caught up waits for the store's wake-up signal
 * (in-process notification, LISTEN/NOTIFY, or a poll timer). Because it always
 * reads from the last handled position, it never skips or repeats an event.
 */
export const startSubscription = (
  store: EventStore,
  options: SubscribeOptions,
  /** Register a wake-up callback; returns the function that unregisters it. */
  onAppend: (wake: () => void) => () => void,
  batchSize = 500,
): Subscription => {
  let position = options.after ?? 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  let pendingWake = false;
  const caughtUpWaiters: (() => void)[] = [];
  const unregister = onAppend(() => {
    pendingWake = true;
    wake?.();
  });

  const loop = async (): Promise<void> => {
    if (options.checkpoint !== undefined) {
      const saved = await store.readCheckpoint(options.checkpoint);
      if (saved > 0) position = saved;
    }
    while (!stopped) {
      pendingWake = false;
      let handled = 0;
      for await (const event of store.readAll({ after: position, batchSize })) {
        if (stopped) return;
        await options.handler(event);
        position = event.position;
        handled++;
        if (options.checkpoint !== undefined) {
          await store.writeCheckpoint(options.checkpoint, position);
        }
      }
      if (position < (await store.headPosition())) continue;
      for (const resolve of caughtUpWaiters.splice(0)) resolve();
      if (handled > 0 || pendingWake || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  };

  const running = loop().catch((error: unknown) => {
    stopped = true;
    for (const resolve of caughtUpWaiters.splice(0)) resolve();
    if (options.onError) options.onError(error);
    else throw error;
  });

  return {
    get position() {
      return position;
    },
    async caughtUp() {
      if (stopped) return;
      const head = await store.headPosition();
      if (position >= head) return;
      await new Promise<void>((resolve) => {
        caughtUpWaiters.push(resolve);
        wake?.();
      });
    },
    async stop() {
      stopped = true;
      unregister();
      wake?.();
      await running.catch(() => undefined);
    },
  };
};
