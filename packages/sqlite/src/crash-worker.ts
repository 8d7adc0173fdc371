/**
 * Child process for crash.int.test.ts, which bundles it with esbuild and runs it with node
 * (or run it directly: `node --conditions=@petitio/source --import tsx src/crash-worker.ts …`).
 *
 *   crash-worker.ts append <db> <round>   append forever; print one JSON line per acknowledged append
 *   crash-worker.ts group <db> <round>    the same from 16 concurrent writers (group commit), the
 *                                         inline snapshot kept by a hook registered on the store
 *   crash-worker.ts contend <db> <name> <n>   n read-then-append attempts on shared streams
 *
 * Each append carries its own key in every part it writes (event meta, outbox
 * key, timer id, idempotency key) and updates an inline snapshot, so the
 * parent can tell a complete append from a partial one.
 */
import {
  ConcurrencyError,
  type EventEnvelope,
  type NewEvent,
  type ProjectionSnapshot,
} from "@petitio/core";
import { openSqliteStore } from "./sqlite-store.js";

const [mode, path, arg, count] = process.argv.slice(2);
if (path === undefined || arg === undefined) {
  process.stderr.write("usage: crash-worker.ts append|group|contend <db> <round|name> [n]\n");
  process.exit(2);
}

const event = (key: string, part: number, of: number): NewEvent => ({
  type: "PetitionWithdrawn",
  data: { reason: `crash test ${key} ${part}/${of}` },
  occurredAt: "2024-03-01T10:00:00+08:00",
  actor: { id: "worker", role: "system" },
  meta: { appendKey: key, part, of },
});

const store = openSqliteStore(path);

const LANES = 16;

/** One append carrying `key` in every part it writes; prints the acknowledgement. */
const appendOne = async (
  key: string,
  streamId: string,
  of: number,
  inline?: (placed: readonly EventEnvelope[]) => ProjectionSnapshot[],
) => {
  const events = Array.from({ length: of }, (_, j) => event(key, j + 1, of));
  const result = await store.append(streamId, events, {
    expectedVersion: "any",
    idempotencyKey: key,
    outbox: [{ key, channel: "console", payload: { key } }],
    timers: {
      set: [{ id: key, streamId, fireAt: "2024-04-01T00:00:00+08:00", kind: "crash" }],
    },
    inline,
  });
  process.stdout.write(
    `${JSON.stringify({ key, streamId, of, first: result.events[0]!.position, last: result.lastPosition })}\n`,
  );
};

const storedTotal = async () => {
  const snapshot = await store.loadProjection("crash-count");
  return (snapshot?.state as { events: number } | undefined)?.events ?? 0;
};

const countSnapshot = (position: number, events: number): ProjectionSnapshot => ({
  name: "crash-count",
  version: 1,
  position,
  state: { events },
});

const appendForever = async (round: string) => {
  let total = await storedTotal();
  for (let i = 0; ; i++) {
    const of = 1 + (i % 3);
    await appendOne(`r${round}-${i}`, `petition-${i % 7}`, of, (placed) => [
      countSnapshot(placed[placed.length - 1]!.position, total + placed.length),
    ]);
    total += of;
  }
};

const appendConcurrently = async (round: string) => {
  let total = 0;
  store.registerInline({
    start: async () => {
      total = await storedTotal();
    },
    apply: (placed) => {
      total += placed.length;
      return [countSnapshot(placed[placed.length - 1]!.position, total)];
    },
    reset: async () => {
      total = await storedTotal();
    },
  });
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = 0; ; i++) {
        await appendOne(`r${round}-l${lane}-${i}`, `petition-${lane}`, 1 + ((i + lane) % 3));
      }
    }),
  );
};

const contend = async (name: string, attempts: number) => {
  let acked = 0;
  let conflicts = 0;
  for (let i = 0; i < attempts; i++) {
    const streamId = `shared-${i % 3}`;
    const version = await store.streamVersion(streamId);
    try {
      const key = `${name}-${i}`;
      const r = await store.append(streamId, [event(key, 1, 1)], { expectedVersion: version });
      process.stdout.write(`${JSON.stringify({ key, position: r.lastPosition })}\n`);
      acked++;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      conflicts++;
    }
  }
  process.stdout.write(`${JSON.stringify({ done: name, acked, conflicts })}\n`);
  await store.close();
};

if (mode === "append") await appendForever(arg);
else if (mode === "group") await appendConcurrently(arg);
else if (mode === "contend") await contend(arg, Number(count ?? 100));
else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
