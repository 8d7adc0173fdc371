import {
  type EventStore,
  type SubscribeOptions,
  type Subscription,
  startSubscription,
} from "@petitio/core";
import { LeaseLostError } from "./errors.js";

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
  /** Fenced checkpoint write; false when the lease is no longer ours. */
  writeCheckpoint(name: string, position: number): Promise<boolean>;
}

export const startLeasedSubscription = (deps: LeasedSubscriptionDeps): Subscription => {
  const { options } = deps;
  const name = options.checkpoint;
  if (name === undefined) return startSubscription(deps.store, options, deps.onAppend);

  // The store as the inner subscription sees it: checkpoint writes are fenced.
  const fenced: EventStore = Object.create(deps.store, {
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

  const lose = async (): Promise<void> => {
    if (renewTimer !== undefined) clearInterval(renewTimer);
    renewTimer = undefined;
    const running = inner;
    inner = undefined;
    if (running) {
      position = running.position;
      await running.stop();
    }
    newOwnedPromise();
    if (!stopped) schedule(deps.leaseMs / 2);
  };

  const fail = (error: unknown): void => {
    failed = { error };
    stopped = true;
    if (renewTimer !== undefined) clearInterval(renewTimer);
    void deps.release(name).catch(() => undefined);
    ownedPromise.resolve();
    if (options.onError) options.onError(error);
    else void Promise.reject(error);
  };

  const run = (): void => {
    inner = startSubscription(
      fenced,
      {
        ...options,
        onError: (error) => {
          if (error instanceof LeaseLostError) void lose();
          else fail(error);
        },
      },
      deps.onAppend,
    );
    renewTimer = setInterval(() => {
      void deps
        .acquire(name)
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
      got = await deps.acquire(name);
    } catch {
      got = false;
    }
    if (stopped) {
      if (got) await deps.release(name).catch(() => undefined);
      return;
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
        await deps.release(name).catch(() => undefined);
      }
      await first;
    },
  };
};
