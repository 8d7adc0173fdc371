/**
 * Child process for crash.int.test.ts, which bundles it with esbuild and runs it with node
 * (or run it directly: `node --conditions=@petitio/source --import tsx src/crash-worker.ts …`).
 *
 *   crash-worker.ts append <db> <round>   append forever; print one JSON line per acknowledged append
 *   crash-worker.ts contend <db> <name> <n>   n read-then-append attempts on shared streams
 *
 * Each append carries its own key in every part it writes (event meta, outbox
 * key, timer id, idempotency key) and updates an inline snapshot, so the
 * parent can tell a complete append from a partial one.
 */
import { ConcurrencyError, type NewEvent } from "@petitio/core";
import { openSqliteStore } from "./sqlite-store.js";

const [mode, path, arg, count] = process.argv.slice(2);
if (path === undefined || arg === undefined) {
  process.stderr.write("usage: crash-worker.ts append|contend <db> <round|name> [n]\n");
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

const appendForever = async (round: string) => {
  const snapshot = await store.loadProjection("crash-count");
  let total = (snapshot?.state as { events: number } | undefined)?.events ?? 0;
  for (let i = 0; ; i++) {
    const key = `r${round}-${i}`;
    const streamId = `petition-${i % 7}`;
    const of = 1 + (i % 3);
    const events = Array.from({ length: of }, (_, j) => event(key, j + 1, of));
    const result = await store.append(streamId, events, {
      expectedVersion: "any",
      idempotencyKey: key,
      outbox: [{ key, channel: "console", payload: { key } }],
      timers: {
        set: [{ id: key, streamId, fireAt: "2024-04-01T00:00:00+08:00", kind: "crash" }],
      },
      inline: (placed) => [
        {
          name: "crash-count",
          version: 1,
          position: placed[placed.length - 1]!.position,
          state: { events: total + placed.length },
        },
      ],
    });
    total += of;
    process.stdout.write(
      `${JSON.stringify({ key, streamId, of, first: result.events[0]!.position, last: result.lastPosition })}\n`,
    );
  }
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
else if (mode === "contend") await contend(arg, Number(count ?? 100));
else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
