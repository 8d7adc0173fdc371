import pg from "pg";
import { Backoff, type Connection, poolConfig } from "./connection.js";
import type { ResolvedOptions } from "./options.js";

/**
 * Wake-ups for subscribers: LISTEN on the store's channel (every append
 * NOTIFYs it at commit), and a poll of the head row every `pollIntervalMs`
 * as the fallback for a dropped listener. A lost LISTEN connection is
 * re-opened with backoff, and subscribers are woken after each reconnect,
 * since notifications sent meanwhile are gone. A wake-up only makes a
 * subscriber read from its position, so a spurious one costs a query and a
 * missed one costs at most one poll interval.
 */
export class Wakeups {
  private readonly callbacks = new Set<() => void>();
  private client: pg.Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastHead = -1;
  private closed = false;
  private listening: Promise<void> | undefined;
  /** Times the LISTEN connection was re-opened. */
  listenerReconnects = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly db: Connection,
    private readonly channel: string,
    private readonly headSql: string,
  ) {}

  /** Register a callback; the returned function unregisters it. */
  add(wake: () => void): () => void {
    this.callbacks.add(wake);
    this.start();
    return () => {
      this.callbacks.delete(wake);
      if (this.callbacks.size === 0) this.stop();
    };
  }

  /** Wake everyone now (an append through this store committed). */
  fire(): void {
    for (const wake of [...this.callbacks]) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fire();
    this.callbacks.clear();
    this.stop();
    await this.listening?.catch(() => undefined);
  }

  private start(): void {
    if (this.pollTimer !== undefined || this.closed) return;
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.pollTimer.unref();
    this.listening ??= this.listen();
  }

  private stop(): void {
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    const client = this.client;
    this.client = undefined;
    this.listening = undefined;
    if (client) void client.end().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    try {
      const rows = await this.db.pool.query<{ position: number }>(this.headSql);
      const head = rows.rows[0]?.position ?? 0;
      if (head !== this.lastHead) {
        this.lastHead = head;
        this.fire();
      }
    } catch {
      // The server is away: the next poll, or the listener's reconnect, wakes them.
    }
  }

  private async listen(): Promise<void> {
    let backoff = new Backoff({
      ...this.options.reconnect,
      giveUpAfterMs: Number.POSITIVE_INFINITY,
    });
    while (!this.closed && this.pollTimer !== undefined) {
      const client = new pg.Client(poolConfig(this.options, 1));
      const lost = new Promise<void>((resolve) => {
        client.on("error", () => resolve());
        client.on("end", () => resolve());
      });
      client.on("notification", () => this.fire());
      try {
        await client.connect();
        await client.query(`LISTEN ${this.channel}`);
      } catch {
        await client.end().catch(() => undefined);
        if (this.closed) return;
        this.listenerReconnects++;
        await backoff.wait();
        continue;
      }
      if (this.closed || this.pollTimer === undefined) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      backoff = new Backoff({ ...this.options.reconnect, giveUpAfterMs: Number.POSITIVE_INFINITY });
      // Anything committed while we were not listening: read it now.
      this.fire();
      await lost;
      if (this.client === client) this.client = undefined;
      if (this.closed || this.pollTimer === undefined) return;
      this.listenerReconnects++;
      this.options.onWarning("LISTEN connection lost; reconnecting (polling meanwhile)");
      await backoff.wait();
    }
  }
}
