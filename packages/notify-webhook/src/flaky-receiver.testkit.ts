import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createReceiverHandler, type ReceiverHandler } from "./receiver.js";

/**
 * A real HTTP receiver on 127.0.0.1 that checks signatures (through the
 * public receiver handler) and misbehaves on purpose, as `plan` says for each
 * request: a 500, an answer that never comes (the sender's timeout), a reset
 * connection, or a 200 whose body trickles slower than the sender waits (the
 * notice *was* taken: its repeat must be dropped by the idempotency key). It
 * can go down and come back on the same port.
 */
export type Misbehaviour = "ok" | "500" | "hang" | "reset" | "slow";

export interface FlakyReceiver {
  readonly url: string;
  readonly handler: ReceiverHandler;
  /** Every request as it arrived: its idempotency key and what was done with it. */
  readonly log: { key: string; mode: Misbehaviour }[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const drain = (request: IncomingMessage): Promise<void> =>
  new Promise((resolve) => {
    request.resume();
    request.on("end", resolve);
  });

export async function startFlakyReceiver(
  secret: string,
  plan: (key: string, arrival: number) => Misbehaviour,
): Promise<FlakyReceiver> {
  const handler = createReceiverHandler({ secret });
  const log: { key: string; mode: Misbehaviour }[] = [];
  const arrivals = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const key = String(request.headers["idempotency-key"] ?? "");
    const arrival = (arrivals.get(key) ?? 0) + 1;
    arrivals.set(key, arrival);
    const mode = plan(key, arrival);
    log.push({ key, mode });
    switch (mode) {
      case "ok":
        return handler(request, response);
      case "500":
        return void drain(request).then(() => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end("internal error, on purpose");
        });
      case "hang":
        return void drain(request);
      case "reset":
        return void drain(request).then(() => request.socket.destroy());
      case "slow": {
        // Take the notice, then answer a byte every 200 ms, far slower than the sender waits.
        const end = response.end.bind(response);
        response.end = ((chunk: string) => {
          let i = 0;
          const drip = () => {
            if (response.destroyed) return;
            if (i >= chunk.length) return void end();
            response.write(chunk[i++]!);
            later(200, drip);
          };
          drip();
          return response;
        }) as typeof response.end;
        return handler(request, response);
      }
    }
  };

  let server: Server | undefined;
  let port = 0;
  const up = async () => {
    const s = createServer(serve);
    s.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await up();
  return {
    url: `http://127.0.0.1:${port}/hooks/petitio`,
    handler,
    log,
    up,
    down,
    close: down,
  };
}
