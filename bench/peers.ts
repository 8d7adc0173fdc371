/**
 * Peer benchmark (a script, not a test): Petitio's SQLite store next to
 * Emmett's (`@event-driven-io/emmett-sqlite`), the closest TypeScript peer,
 * on the same machine in the same run, each next to raw better-sqlite3.
 *
 *   appends   store.append (one event, new stream, FULL) vs Emmett appendToStream (its defaults)
 *   replay    store.readAll vs Emmett readMessagesBatch (1000 a batch)
 *
 * This folder is not part of the workspace, so a plain `pnpm install` never
 * builds Emmett's native sqlite3 driver. Install and run (see README.md):
 *
 *   npx -y pnpm@10.34.9 bench:peers:install
 *   npx -y pnpm@10.34.9 bench:peers [--appends 1000] [--emmett-events 10000] [--rounds 3]
 */
import {
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
} from "@event-driven-io/emmett-sqlite";
import {
  arg,
  benchDir,
  buildLog,
  compare,
  fmt,
  loadNote,
  petitionId,
  type Run,
  rawAppends,
  rawReplay,
  sampleRegistration,
  timer,
} from "../packages/sqlite/bench/kit.js";
import { openSqliteStore } from "../packages/sqlite/src/index.js";

const APPENDS = arg("--appends", 1000);
const EVENTS = arg("--emmett-events", 10_000);
const ROUNDS = arg("--rounds", 3);
const files = benchDir();
const notes: string[] = [];

const appends = async () => {
  const event = sampleRegistration();
  let failures = 0;
  const rate = await compare(files, ROUNDS, APPENDS, {
    raw: rawAppends("FULL", event, APPENDS),
    petitio: async (path) => {
      const store = openSqliteStore(path);
      const elapsed = timer();
      for (let i = 0; i < APPENDS; i++) {
        await store.append(`petition-${petitionId(i)}`, [event], { expectedVersion: "noStream" });
      }
      const seconds = elapsed();
      await store.close();
      return seconds;
    },
    emmett: async (path) => {
      const store = getSQLiteEventStore({ fileName: path });
      const elapsed = timer();
      for (let i = 0; i < APPENDS; i++) {
        // Emmett 0.38.5 sometimes rejects an append with "SQLITE_BUSY: cannot
        // commit transaction - SQL statements in progress" (one writer, no
        // contention); count it and go on, as a caller retrying would.
        await store
          .appendToStream(`petition-${petitionId(i)}`, [
            { type: event.type, data: event.data, metadata: { actor: event.actor } },
          ])
          .catch(() => {
            failures++;
          });
      }
      return elapsed();
    },
  });
  notes.push(`Emmett appends rejected with SQLITE_BUSY: ${failures} of ${APPENDS * (ROUNDS + 1)}`);
  return rate;
};

const replay = async () => {
  const log = buildLog(EVENTS);
  const path = files.fresh();
  const store = openSqliteStore(path);
  await store.importEvents(log, { batchSize: 5000 });
  await store.close();
  const emmettPath = files.fresh();
  const writer = getSQLiteEventStore({ fileName: emmettPath });
  let failures = 0;
  // Loaded a stream at a time (Emmett has no import); only the read is timed.
  const byStream = new Map<string, typeof log>();
  for (const e of log) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  for (const [streamId, events] of byStream) {
    await writer
      .appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: e.actor } })),
      )
      .catch(() => {
        failures++;
      });
  }
  notes.push(`Emmett replay log: ${byStream.size} streams, ${failures} stream loads rejected`);
  let sink = 0;
  const runs: Record<string, Run> = {
    raw: () => rawReplay(path),
    petitio: async () => {
      const reader = openSqliteStore(path, { readOnly: true });
      const elapsed = timer();
      for await (const e of reader.readAll({ batchSize: 1000 })) sink += e.position;
      const seconds = elapsed();
      await reader.close();
      return seconds;
    },
    emmett: async () => {
      const connection = sqliteConnection({ fileName: emmettPath });
      const elapsed = timer();
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
        for (const m of batch.messages) sink += m.data ? 1 : 0;
        if (!batch.areEventsLeft || batch.messages.length === 0) break;
        after = batch.currentGlobalPosition;
      }
      const seconds = elapsed();
      connection.close();
      return seconds;
    },
  };
  const rate = await compare(files, ROUNDS, log.length, runs);
  if (sink === -1) console.log("unreachable");
  return rate;
};

try {
  const before = await loadNote();
  const a = await appends();
  const r = await replay();
  console.log(
    `node ${process.version}, ${ROUNDS} rounds (median), appends=${APPENDS}, events=${EVENTS}`,
  );
  console.log(`before: ${before}; after: ${await loadNote()}`);
  console.log("| workload | Petitio ops/s | Emmett ops/s | raw ops/s | Petitio ÷ Emmett |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [name, rate] of [
    ["append, 1 event, FULL", a],
    [`replay ${fmt(EVENTS)} events`, r],
  ] as const) {
    console.log(
      `| ${name} | ${fmt(rate.petitio!)} | ${fmt(rate.emmett!)} | ${fmt(rate.raw!)} | ${(rate.petitio! / rate.emmett!).toFixed(1)}× |`,
    );
  }
  for (const note of notes) console.log(`- ${note}`);
} finally {
  files.cleanup();
}
