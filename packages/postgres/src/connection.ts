import pg from "pg";
import { isConnectionError, StoreUnavailableError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";

/**
 * The pool, and the one rule for connection loss: calls that are safe to
 * repeat (reads, upserts, deletes) are retried with exponential backoff and
 * jitter until `reconnect.giveUpAfterMs`; a transaction that lost its
 * connection is never repeated here, its caller gets a `StoreUnavailableError`
 * saying whether COMMIT may have landed.
 */

// bigint (int8) comes back as a string by default; positions fit in a double.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export const poolConfig = (options: ResolvedOptions, max: number): pg.PoolConfig => ({
  connectionString: options.connectionString,
  max,
  types,
  application_name: "petitio",
  // Session settings sent at connect: a forgotten transaction is ended by the server.
  options:
    options.idleInTransactionTimeoutMs > 0
      ? `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs}`
      : undefined,
  connectionTimeoutMillis: Math.max(1000, Math.min(options.reconnect.giveUpAfterMs, 10_000)),
});

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Backoff with full jitter: each wait is random in [delay/2, delay], delay doubling up to `max`. */
export class Backoff {
  private delay: number;
  private readonly started = Date.now();
  constructor(private readonly options: ResolvedOptions["reconnect"]) {
    this.delay = options.initialDelayMs;
  }
  get exhausted(): boolean {
    return Date.now() - this.started >= this.options.giveUpAfterMs;
  }
  async wait(): Promise<void> {
    const ms = this.delay / 2 + Math.random() * (this.delay / 2);
    this.delay = Math.min(this.delay * 2, this.options.maxDelayMs);
    await sleep(ms);
  }
}

/**
 * A checked-out client whose server goes away emits "error" between queries;
 * without a listener that is an uncaught exception. The query in flight (if
 * any) rejects on its own, so the listener only has to exist.
 */
const guarded = new WeakSet<pg.PoolClient>();
const guard = (client: pg.PoolClient): pg.PoolClient => {
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on("error", () => {});
  }
  return client;
};

export class Connection {
  readonly pool: pg.Pool;
  /** Connection failures seen (reconnects attempted), for `stats()`. */
  reconnects = 0;

  constructor(private readonly options: ResolvedOptions) {
    this.pool = new pg.Pool(poolConfig(options, options.maxConnections));
    // An idle client whose server went away emits here; the pool drops it.
    this.pool.on("error", () => {});
  }

  /** A client from the pool, retrying the connect with backoff. */
  async connect(operation: string): Promise<pg.PoolClient> {
    const backoff = new Backoff(this.options.reconnect);
    for (;;) {
      try {
        return guard(await this.pool.connect());
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        this.reconnects++;
        if (backoff.exhausted) {
          throw new StoreUnavailableError(operation, "no", (error as Error).message);
        }
        await backoff.wait();
      }
    }
  }

  /** Run a repeatable call; on connection loss reconnect with backoff and run it again. */
  async retrying<T>(operation: string, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const backoff = new Backoff(this.options.reconnect);
    for (;;) {
      const client = await this.connect(operation);
      try {
        const result = await run(client);
        client.release();
        return result;
      } catch (error) {
        const broken = isConnectionError(error);
        client.release(broken ? (error as Error) : undefined);
        if (!broken) throw error;
        this.reconnects++;
        if (backoff.exhausted) {
          throw new StoreUnavailableError(operation, "no", (error as Error).message);
        }
        await backoff.wait();
      }
    }
  }

  async query<R extends pg.QueryResultRow>(
    operation: string,
    text: string,
    values?: unknown[],
  ): Promise<R[]> {
    return this.retrying(operation, async (c) => (await c.query<R>(text, values)).rows);
  }

  /**
   * One transaction, not repeated on connection loss: the caller gets a
   * `StoreUnavailableError` whose `committed` says whether COMMIT was in flight.
   * `begin` is a simple-query string starting with BEGIN; `run` gets its
   * results. A throw rolls back.
   */
  async transaction<T>(
    operation: string,
    begin: string,
    run: (client: pg.PoolClient, begun: pg.QueryResult[]) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(operation);
    let commitSent = false;
    try {
      const begun = (await client.query(begin)) as unknown as pg.QueryResult | pg.QueryResult[];
      const result = await run(client, Array.isArray(begun) ? begun : [begun]);
      commitSent = true;
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      if (isConnectionError(error)) {
        client.release(error as Error);
        this.reconnects++;
        throw new StoreUnavailableError(
          operation,
          commitSent ? "unknown" : "no",
          (error as Error).message,
        );
      }
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError as Error);
      }
      throw error;
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
