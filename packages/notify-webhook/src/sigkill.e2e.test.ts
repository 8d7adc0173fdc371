import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import {
  acceptedPetitions,
  eventually,
  openStore,
  storeKinds,
  tempDir,
} from "./petitions.testkit.js";
import { createReceiverHandler } from "./receiver.js";

/**
 * The dispatcher, as its own process on a SQLite file (and on PostgreSQL when
 * a server runs), is killed with
 * SIGKILL twice while it delivers: once with a request in flight (the
 * receiver never answered), once right after the receiver acknowledged a
 * notice (before or after the process wrote it down — the race is real). A
 * new process on the same store finishes the job: no notice is lost, the
 * receiver takes each exactly once, and every repeat carries the same
 * idempotency key as the request it repeats.
 */

const here = dirname(fileURLToPath(import.meta.url));
const worker = join(here, "..", "node_modules", ".dispatch-worker", "dispatch-worker.mjs");
const tmp = tempDir();
const secret = "whsec-sigkill";

// better-sqlite3 is @petitio/sqlite's dependency, not ours: the bundle loads it from there.
const betterSqlite = createRequire(fileURLToPath(import.meta.resolve("@petitio/sqlite"))).resolve(
  "better-sqlite3",
);

beforeAll(async () => {
  await build({
    entryPoints: [join(here, "dispatch-worker.ts")],
    outfile: worker,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@petitio/source"],
    // pg's optional native binding is never used; pg itself is CommonJS and needs `require`.
    external: ["pg-native"],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: "native-from-sqlite",
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: betterSqlite,
            external: true,
          }));
        },
      },
    ],
    logLevel: "error",
  });
}, 60_000);
afterAll(() => tmp.cleanup());

const kinds = storeKinds(tmp.dir, inject("pgAdminUrl"));

it.each(kinds)(
  "on $kind: killed with SIGKILL mid-delivery and restarted: none lost, each taken once, repeats keep their key",
  async ({ spec: newSpec }) => {
    const spec = newSpec();
    const { store: writer, ids } = await acceptedPetitions(spec, 10);
    await writer.close();

    const handler = createReceiverHandler({ secret });
    const arrivals: { key: string; deliveryKey?: string }[] = [];
    let child: ChildProcess | undefined;
    let kills = 0;
    const killed: Promise<void>[] = [];
    const kill = () => {
      const target = child;
      if (!target) return;
      child = undefined;
      kills++;
      killed.push(new Promise((resolve) => target.once("exit", () => resolve())));
      target.kill("SIGKILL");
    };
    let distinct = 0;
    const firstSeen = new Set<string>();
    const server = createServer((request, response) => {
      const key = String(request.headers["idempotency-key"]);
      arrivals.push({ key });
      if (!firstSeen.has(key)) {
        firstSeen.add(key);
        distinct++;
        if (distinct === 3) {
          // In flight: take the body, never answer, kill the sender.
          request.resume();
          request.on("end", kill);
          return;
        }
        if (distinct === 7) {
          // Acknowledged: the answer has left when the sender is killed.
          response.on("finish", kill);
        }
      }
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let crashed: string | undefined;
    const until = (done: () => boolean) =>
      eventually(() => {
        if (crashed) throw new Error(crashed);
        return done();
      }, 60_000);
    const start = () => {
      const next = spawn(process.execPath, [worker, spec, url, secret, "1000"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      next.stderr!.on("data", (chunk) => {
        stderr += String(chunk);
      });
      next.once("exit", (code, signal) => {
        if (signal !== "SIGKILL" && signal !== "SIGTERM")
          crashed = `worker exited ${code}: ${stderr}`;
      });
      child = next;
    };
    try {
      start();
      await until(() => kills === 1);
      await killed[0];
      start();
      await until(() => kills === 2);
      await killed[1];
      start();
      await until(() => handler.received.filter((r) => !r.duplicate).length === ids.length);
      // Let the last process record and ack what it sent, then look at the store.
      const store = await openStore(spec);
      try {
        await eventually(async () => {
          const rows = await store.claimOutbox({
            now: "2999-01-01T00:00:00Z",
            limit: 1,
            leaseMs: 1,
          });
          return rows.length === 0;
        }, 30_000);
        child?.kill("SIGTERM");
        expect(kills).toBe(2);
        expect(handler.refused).toEqual([]);
        const taken = handler.received.filter((r) => !r.duplicate);
        expect(taken.map((r) => r.body.petitionId).sort()).toEqual(ids);
        // One delivery key per idempotency key, on every request, first or repeat.
        const keyOf = new Map(taken.map((r) => [r.idempotencyKey, r.body.key]));
        expect(new Set(keyOf.values()).size).toBe(ids.length);
        for (const r of handler.received) expect(r.body.key).toBe(keyOf.get(r.idempotencyKey));
        // The in-flight row came again, under the same key.
        const inFlight = [...firstSeen][2]!;
        expect(arrivals.filter((a) => a.key === inFlight).length).toBeGreaterThanOrEqual(2);
        // Each row is recorded delivered exactly once, and nothing was dead-lettered.
        for (const id of ids) {
          const events = await store.readStream(`petition-${id}`);
          expect(events.filter((e) => e.type === "NotificationDelivered")).toHaveLength(1);
          expect(events.filter((e) => e.type === "NotificationFailed")).toEqual([]);
        }
        expect(await store.listDeadLetters()).toEqual([]);
        // Repeats exist (at least the in-flight one), and every one was an exact repeat.
        expect(arrivals.length).toBeGreaterThan(ids.length);
      } finally {
        await store.close();
      }
    } finally {
      child?.kill("SIGKILL");
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
  120_000,
);
