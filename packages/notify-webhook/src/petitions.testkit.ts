import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, createEngine, type EventStore, nationalPolicy } from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";

/** The wall clock, for tests that run against real servers and real timeouts. */
export const wallClock: Clock = { now: () => new Date().toISOString() };

export const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "petitio-notify-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/**
 * Where a test's store lives: `sqlite:<file>` or `postgres:<url>#<schema>`.
 * A string, so a child process can open the same store.
 */
export type StoreSpec = string;

export async function openStore(spec: StoreSpec): Promise<EventStore> {
  if (spec.startsWith("sqlite:")) return openSqliteStore(spec.slice(7), { clock: wallClock });
  if (spec.startsWith("postgres:")) {
    const [connectionString, schema] = spec.slice(9).split("#");
    const { openPostgresStore } = await import("@petitio/postgres");
    const store = await openPostgresStore({
      connectionString: connectionString!,
      schema: schema!,
      clock: wallClock,
    });
    // The PostgreSQL store does not declare the newest EventStore parts yet
    // (inline-projection host, key table); these tests use none of them.
    return store as unknown as EventStore;
  }
  throw new Error(`unknown store spec ${spec}`);
}

let schemas = 0;
/** The stores the exactly-once tests run on: SQLite always, PostgreSQL when a server runs. */
export const storeKinds = (dir: string, pgAdminUrl: string) => {
  const kinds: { kind: string; spec: () => StoreSpec }[] = [
    { kind: "SQLite", spec: () => `sqlite:${join(dir, `store-${++schemas}.db`)}` },
  ];
  if (pgAdminUrl) {
    const run = process.pid;
    kinds.push({
      kind: "PostgreSQL",
      spec: () => `postgres:${pgAdminUrl}#notify_${run}_${++schemas}`,
    });
  }
  return kinds;
};

/**
 * `count` petitions in a real store, each registered, routed and accepted by
 * its org: one acceptance notice per petition in the outbox, for the
 * `webhook` channel.
 */
export async function acceptedPetitions(
  spec: StoreSpec,
  count: number,
): Promise<{ store: EventStore; ids: string[] }> {
  const store = await openStore(spec);
  const engine = createEngine({
    store,
    clock: wallClock,
    policy: nationalPolicy,
    channels: ["webhook"],
  });
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const petitionId = `W-${String(i).padStart(3, "0")}`;
    const org = i % 2 === 0 ? "housing-bureau" : "transport-bureau";
    await engine.execute({
      type: "register",
      petitionId,
      actor: { id: "clerk-1", role: "intake", org: "city-bureau" },
      channel: "online",
      petitioners: [{ id: `citizen-${i}`, name: "王五" }],
      title: `测试事项第${i}号：路灯损坏`,
      content: "小区门口路灯损坏多日，夜间出行不便。",
      category: "claim",
    });
    await engine.execute({
      type: "route",
      petitionId,
      actor: { id: "clerk-1", role: "intake", org: "city-bureau" },
      toOrg: org,
    });
    await engine.execute({ type: "accept", petitionId, actor: { id: "o", role: "agency", org } });
    ids.push(petitionId);
  }
  return { store, ids };
}

/** Poll until `done()` or fail after `timeoutMs`. */
export const eventually = async (done: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
