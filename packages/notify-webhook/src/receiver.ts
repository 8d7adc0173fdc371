import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookSignatureError } from "./signature-error.js";
import { IDEMPOTENCY_HEADER, verifyWebhook } from "./signing.js";

/**
 * A small webhook receiver, for development, examples and tests: it checks
 * each request's signature (401 when it fails), drops repeats by their
 * idempotency key (answering 200 so the sender stops), and keeps what it got.
 * It shows what a production receiver must do; it is not one (it keeps the
 * keys it has seen in memory only).
 */

export interface ReceivedWebhook {
  idempotencyKey: string;
  /** The parsed JSON body (see `webhookBody`). */
  body: Record<string, unknown>;
  /** False for the first arrival of a key, true for every repeat. */
  duplicate: boolean;
}

export interface ReceiverOptions {
  secret: string | readonly string[];
  /** Called for the first arrival of each key. */
  onNotification?: (received: ReceivedWebhook) => void;
}

export interface ReceiverHandler {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Every signed request, in arrival order, repeats included. */
  readonly received: ReceivedWebhook[];
  /** Requests refused for their signature. */
  readonly refused: string[];
}

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });

export function createReceiverHandler(options: ReceiverOptions): ReceiverHandler {
  const received: ReceivedWebhook[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    readBody(request).then(
      (raw) => {
        try {
          verifyWebhook({ secret: options.secret, headers: request.headers, body: raw });
        } catch (error) {
          if (!(error instanceof WebhookSignatureError)) throw error;
          refused.push(error.reason);
          response.writeHead(401, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: error.reason }));
          return;
        }
        const key = String(request.headers[IDEMPOTENCY_HEADER] ?? "");
        const duplicate = seen.has(key);
        seen.add(key);
        const entry = { idempotencyKey: key, body: JSON.parse(raw.toString("utf8")), duplicate };
        received.push(entry);
        if (!duplicate) options.onNotification?.(entry);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ ok: true, duplicate }));
      },
      () => response.destroy(),
    );
  };
  return Object.assign(handler, { received, refused });
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  readonly refused: string[];
  close(): Promise<void>;
}

/** Start a receiver on 127.0.0.1 (port 0: any free port). */
export async function startWebhookReceiver(
  options: ReceiverOptions & { port?: number; host?: string },
): Promise<WebhookReceiver> {
  const handler = createReceiverHandler(options);
  const server = createServer(handler);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    port,
    received: handler.received,
    refused: handler.refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
