import type { EventStore, SubscribeOptions, Subscription } from "@petitio/core";
import { startSubscription } from "@petitio/core/adapter";
import { LeaseLostError, StoreUnavailableError } from "./errors.js";

/**
 * A named subscription (one with a `checkpoint`) runs in one process at a
 * time: it first takes the lease row for its name, renews it every third of
 * `leaseMs`, and writes its checkpoint only while the lease is still its own
 * (one statement, fenced on the lease). Another process with the same name
 * waits and takes over when the lease expires, from the saved checkpoint.
 * Lease times are the server's `clock_timestamp()`, so processes with skewed
 * clocks agree, and a renewal inside a long transaction is not frozen at its
 * start as `now()` would be.
 *
 * Delivery across a takeover is at least once: an event handled just before
 * the lease was lost, whose checkpoint could not be written, is handled again
 * by the new owner. Within one owner it is exactly once, in position order.
 *
 * Without a checkpoint there is nothing to share: the subscription runs here
 * with no lease.
 *
 * Either way, losing the server is not a failure: on `StoreUnavailableError`
 * the subscription waits and resumes after the last handled event.
 */
export interface LeasedSubscriptionDeps {
  store: EventStore;
  options: SubscribeOptions;
  onAppend: (wake: () => void) => () => void;
  owner: string;
  leaseMs: number;
  /** Take or renew the lease; false while another owner holds it. */
  acquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  /**
   * Fenced checkpoint write; false when the lease is no longer ours. With
   * `atLeast`, a stored checkpoint further on is kept.
   */
  writeCheckpoint(name: string, position: number, atLeast?: boolean): Promise<boolean>;
}

export const startLeasedSubscription = (deps: LeasedSubscriptionDeps): Subscription => {
  const { options } = deps;
  const name = options.checkpoint;
  const leased = name !== undefined;
  const acquire = (): Promise<boolean> => (leased ? deps.acquire(name!) : Promise.resolve(true));
  const release = (): Promise<void> => (leased ? deps.release(name!) : Promise.resolve());

  // The store as the inner subscription sees it: checkpoint writes are fenced.
  const fenced: EventStore = !leased
    ? deps.store
    : Object.create(deps.store, {
        writeCheckpoint: {
          value: async (checkpoint: string, position: number) => {
            if (!(await deps.writeCheckpoint(checkpoint, position))) {
              throw new LeaseLostError(checkpoint);
            }
          },
        },
      });

  let stopped = false;
  let inner: Subscription | undefined;
  let position = options.after ?? 0;
  let failed: { error: unknown } | undefined;
  /** Set when the server went away after this owner handled events: save them before resuming. */
  let unsaved = false;
  let renewTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let ownedPromise!: { resolve: () => void; promise: Promise<void> };
  /** A promise that settles when this process next owns the lease (or stops). */
  const newOwnedPromise = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    ownedPromise = { resolve, promise };
  };
  newOwnedPromise();

  const lose = async (retryMs = deps.leaseMs / 2): Promise<void> => {
    if (renewTimer !== undefined) clearInterval(renewTimer);
    renewTimer = undefined;
    const running = inner;
    inner = undefined;
    if (running) {
      position = running.position;
      await running.stop();
    }
    newOwnedPromise();
    if (!stopped) schedule(retryMs);
  };

  const fail = (error: unknown): void => {
    failed = { error };
    stopped = true;
    if (renewTimer !== undefined) clearInterval(renewTimer);
    void release().catch(() => undefined);
    ownedPromise.resolve();
    if (options.onError) options.onError(error);
    else void Promise.reject(error);
  };

  const run = (): void => {
    inner = startSubscription(
      fenced,
      {
        ...options,
        after: position,
        onError: (error) => {
          // Lost lease or lost server: stop here, resume later from the last handled event.
          if (error instanceof LeaseLostError) void lose();
          else if (error instanceof StoreUnavailableError) {
            // The last handled event's checkpoint may not have been written.
            unsaved = true;
            void lose(250);
          } else fail(error);
        },
      },
      deps.onAppend,
    );
    if (!leased) {
      ownedPromise.resolve();
      return;
    }
    renewTimer = setInterval(() => {
      void acquire()
        .then((still) => (still ? undefined : lose()))
        .catch(() => undefined);
    }, deps.leaseMs / 3);
    renewTimer.unref();
    ownedPromise.resolve();
  };

  const tryAcquire = async (): Promise<void> => {
    retryTimer = undefined;
    if (stopped) return;
    let got = false;
    try {
      got = await acquire();
    } catch {
      got = false;
    }
    if (stopped) {
      if (got) await release().catch(() => undefined);
      return;
    }
    if (got && unsaved && leased && position > 0) {
      // Resume after what this process handled, not after the older stored checkpoint.
      try {
        got = await deps.writeCheckpoint(name!, position, true);
        unsaved = !got;
      } catch {
        schedule(250);
        return;
      }
    }
    if (got) run();
    else schedule(deps.leaseMs / 2);
  };

  const schedule = (ms: number) => {
    retryTimer = setTimeout(() => void tryAcquire(), ms);
    retryTimer.unref();
  };

  const first = tryAcquire();

  return {
    get position() {
      return inner?.position ?? position;
    },
    async caughtUp() {
      await first;
      for (;;) {
        if (failed) throw failed.error;
        if (stopped) return;
        const current = inner;
        if (current) {
          await current.caughtUp();
          // `fail` may have run while we waited.
          const late = failed as { error: unknown } | undefined;
          if (late) throw late.error;
          if (inner === current || stopped) return;
          continue;
        }
        await ownedPromise.promise;
      }
    },
    async stop() {
      stopped = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      if (renewTimer !== undefined) clearInterval(renewTimer);
      const running = inner;
      ownedPromise.resolve();
      if (running) {
        await running.stop();
        await release().catch(() => undefined);
      }
      await first;
    },
  };
};
