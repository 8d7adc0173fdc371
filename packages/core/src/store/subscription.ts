import type { EventStore, SubscribeOptions, Subscription } from "./event-store.js";

/**
 * A subscription that any store can offer: it reads `readAll` from its
 * position in batches, hands each event to the handler in order, saves the
 * checkpoint, and when it has caught up waits for the store's wake-up signal
 * (in-process notification, LISTEN/NOTIFY, or a poll timer). Because it always
 * reads from the last handled position, it never skips or repeats an event.
 *
 * - `caughtUp()` resolves once the events up to the head *at the time of the
 *   call* are handled (later appends do not keep it waiting), and rejects with
 *   the handler's error if the subscription failed before getting there.
 * - `stop()` waits for a running handler to finish; no handler call starts
 *   after it resolves. Do not await it inside the handler (it would wait for
 *   itself); call it there without awaiting.
 * - A failing handler stops the subscription and goes to `onError`; without
 *   `onError` it surfaces as an unhandled rejection.
 * - Closing the store stops the subscription quietly: that is a shutdown, not
 *   a failure.
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
  let failed: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let pendingWake = false;
  /** Set once the starting checkpoint is loaded: `caughtUp` must not compare against the provisional position. */
  let started: Promise<void> | undefined;
  const waiters: { target: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  const unregister = onAppend(() => {
    pendingWake = true;
    wake?.();
  });

  const settleWaiters = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (failed) waiter.reject(failed.error);
      else if (stopped || position >= waiter.target) waiter.resolve();
      else continue;
      waiters.splice(i, 1);
    }
  };

  const throwIfFailed = (): void => {
    if (failed) throw failed.error;
  };

  const loadStart = async (): Promise<void> => {
    if (options.checkpoint === undefined) return;
    const saved = await store.readCheckpoint(options.checkpoint);
    if (saved > 0) position = saved;
  };

  const loop = async (): Promise<void> => {
    await started;
    while (!stopped) {
      pendingWake = false;
      for await (const event of store.readAll({ after: position, batchSize })) {
        if (stopped) return;
        await options.handler(event);
        position = event.position;
        if (options.checkpoint !== undefined) {
          await store.writeCheckpoint(options.checkpoint, position);
        }
        settleWaiters();
      }
      settleWaiters();
      // An append that landed while we were reading set `pendingWake`: read again.
      if (pendingWake || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  };

  started = loadStart();
  const running = loop()
    .catch((error: unknown) => {
      if (stopped || isStoreClosed(error)) return;
      failed = { error };
      if (options.onError) options.onError(error);
      // With no onError the failure must not vanish: surface it like an
      // EventEmitter "error" without a listener, as an unhandled rejection.
      else void Promise.reject(error);
    })
    .finally(() => {
      stopped = true;
      unregister();
      settleWaiters();
    });

  return {
    get position() {
      return position;
    },
    async caughtUp() {
      await started?.catch(() => undefined);
      throwIfFailed();
      if (stopped) return;
      const target = await store.headPosition().catch((error: unknown) => {
        if (isStoreClosed(error)) return position;
        throw error;
      });
      throwIfFailed();
      if (stopped || position >= target) return;
      await new Promise<void>((resolve, reject) => {
        waiters.push({ target, resolve, reject });
      });
    },
    async stop() {
      stopped = true;
      unregister();
      wake?.();
      await running;
    },
  };
};

const isStoreClosed = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  (error as { code?: unknown }).code === "STORE_CLOSED";
