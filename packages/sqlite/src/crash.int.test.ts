import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "./sqlite-store.js";
import { tempDir } from "./test-support.js";

/**
 * Crash safety, for real: a child process appends to a real file with the
 * default durability and is SIGKILLed at a random moment; the parent reopens
 * the file and checks that every acknowledged append is there and complete,
 * and that no append is there in part. PETITIO_CRASH_ROUNDS raises the count.
 */

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.PETITIO_CRASH_ROUNDS ?? 20);
const tmp = tempDir();
// The worker is bundled from source once (no prior build step), so each
// round starts a plain node process in a fraction of a second.
const worker = join(here, "..", "node_modules", ".crash-worker", "crash-worker.mjs");
beforeAll(async () => {
  await build({
    entryPoints: [join(here, "crash-worker.ts")],
    outfile: worker,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@petitio/source"],
    external: ["better-sqlite3"],
    logLevel: "error",
  });
});
afterAll(() => tmp.cleanup());

const startWorker = (...args: string[]): ChildProcess =>
  spawn(process.execPath, [worker, ...args], { stdio: ["ignore", "pipe", "pipe"] });

/** Complete stdout lines as they arrive; a line cut by the kill is not an acknowledgement. */
const watchLines = (child: ChildProcess, onLine: (line: string) => void): (() => string) => {
  let rest = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const line of parts) onLine(line);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return () => stderr;
};

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

interface Ack {
  key: string;
  streamId: string;
  of: number;
  first: number;
  last: number;
}

/** One round: start, wait for some acks plus a random delay, SIGKILL; returns the acks. */
const crashRound = async (mode: string, path: string, round: number): Promise<Ack[]> => {
  const child = startWorker(mode, path, String(round));
  const acks: Ack[] = [];
  const minAcks = 1 + Math.floor(Math.random() * 20);
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const stderr = watchLines(child, (line) => {
    acks.push(JSON.parse(line) as Ack);
    if (acks.length >= minAcks) reached();
  });
  const exit = exited(child);
  const early = await Promise.race([enough.then(() => false), exit.then(() => true)]);
  if (early) throw new Error(`worker exited before it was killed:\n${stderr()}`);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
  child.kill("SIGKILL");
  expect((await exit).signal).toBe("SIGKILL");
  return acks;
};

describe("crash safety", () => {
  // "append": one writer, one append in flight; "group": 16 writers whose appends
  // are group-committed, so up to 16 can be in flight when the kill lands.
  it.each([
    ["append", 1],
    ["group", 16],
  ])(
    `%s: keeps every acknowledged append, whole, across ${rounds} SIGKILLs`,
    async (mode, inFlight) => {
      const path = tmp.file(`crash-${mode}.db`);
      const acked = new Map<string, Ack>();
      let unacknowledged = 0;
      for (let round = 0; round < rounds; round++) {
        for (const ack of await crashRound(mode, path, round)) acked.set(ack.key, ack);

        const store = openSqliteStore(path);
        const groups = new Map<string, { positions: number[]; parts: number[]; of: number }>();
        let count = 0;
        let head = 0;
        for await (const e of store.readAll({ batchSize: 1000 })) {
          const meta = e.meta as { appendKey: string; part: number; of: number };
          const g = groups.get(meta.appendKey) ?? { positions: [], parts: [], of: meta.of };
          g.positions.push(e.position);
          g.parts.push(meta.part);
          groups.set(meta.appendKey, g);
          count++;
          head = e.position;
        }
        // Every append present is complete: all its parts, at consecutive positions.
        for (const [key, g] of groups) {
          expect(g.parts, key).toEqual(Array.from({ length: g.of }, (_, i) => i + 1));
          expect(g.positions.at(-1)! - g.positions[0]!, key).toBe(g.of - 1);
        }
        // Every acknowledged append is present where it was acknowledged.
        for (const ack of acked.values()) {
          const g = groups.get(ack.key);
          expect(g, ack.key).toBeDefined();
          expect([g!.positions[0], g!.positions.at(-1)], ack.key).toEqual([ack.first, ack.last]);
        }
        // At most the appends in flight at the kill can be there unacknowledged.
        const extra = [...groups.keys()].filter((k) => !acked.has(k));
        expect(extra.length).toBeLessThanOrEqual(unacknowledged + inFlight);
        unacknowledged = extra.length;
        // Its outbox row, timer and inline snapshot committed with it, or not at all.
        expect(head).toBe(count);
        const snapshot = await store.loadProjection("crash-count");
        // Each round waits for at least one ack before the kill, so the log is never empty here.
        expect(count).toBeGreaterThanOrEqual(acked.size);
        expect(count).toBeGreaterThan(0);
        expect(snapshot).toMatchObject({ position: head, state: { events: count } });
        const keys = [...groups.keys()].sort();
        expect((await store.listTimers()).map((t) => t.id).sort()).toEqual(keys);
        await store.close();
        const db = new Database(path, { readonly: true });
        const outboxKeys = db.prepare("SELECT key FROM outbox ORDER BY key").pluck().all();
        expect(outboxKeys).toEqual(keys);
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        db.close();
      }
      expect(acked.size).toBeGreaterThan(rounds);
    },
    120_000,
  );

  it("lets two processes contend for the same streams: losers get ConcurrencyError, nothing else", async () => {
    const path = tmp.file("contend.db");
    // Create the schema first so both children only contend for appends.
    await openSqliteStore(path).close();
    const run = async (name: string) => {
      const child = startWorker("contend", path, name, "150");
      const lines: string[] = [];
      const stderr = watchLines(child, (line) => lines.push(line));
      const { code } = await exited(child);
      expect(code, stderr()).toBe(0);
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const [a, b] = await Promise.all([run("a"), run("b")]);
    const summary = [a.at(-1)!, b.at(-1)!] as { acked: number; conflicts: number }[];
    const positions = [...a, ...b].filter((l) => "position" in l).map((l) => l.position as number);
    const store = openSqliteStore(path);
    const stored: number[] = [];
    const versions = new Map<string, number[]>();
    for await (const e of store.readAll()) {
      stored.push(e.position);
      versions.set(e.streamId, [...(versions.get(e.streamId) ?? []), e.version]);
    }
    await store.close();
    // Every attempt either committed or lost a version race: there is no third outcome.
    for (const s of summary) expect(s.acked + s.conflicts).toBe(150);
    expect(summary[0]!.acked + summary[1]!.acked).toBe(stored.length);
    expect(positions.sort((x, y) => x - y)).toEqual(stored);
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    for (const list of versions.values()) {
      expect(list).toEqual(Array.from({ length: list.length }, (_, i) => i + 1));
    }
  }, 60_000);
});
