import { createEngine, nationalPolicy } from "@petitio/core";
import pg from "pg";
import { openPostgresStore } from "./postgres-store.js";

/**
 * One engine process of the multi-process test (processes.int.test.ts):
 *
 *   node engine-worker.mjs <url> <schema> <worker> <petitions> <workers>
 *
 * It registers its own petitions, waits until every worker has registered
 * theirs, then ticks at the reminder and at the supervision time (all workers
 * tick over the same timers at once), while a named subscription (one owner
 * at a time, by lease) records every handled position in `handled`. Prints
 * one JSON line: what its ticks issued.
 */

const [url, schema, workerArg, petitionsArg, workersArg] = process.argv.slice(2);
const worker = Number(workerArg);
const petitions = Number(petitionsArg);
const workers = Number(workersArg);

const clock = { now: () => "2024-09-23T09:00:00+08:00" };
const store = await openPostgresStore({
  connectionString: url!,
  schema: schema!,
  clock,
  pollIntervalMs: 50,
  // Long enough that a loaded machine does not expire it between renewals:
  // handover here happens when the owner stops (and releases it).
  subscriptionLeaseMs: 5000,
});
const engine = createEngine({ store, policy: nationalPolicy, clock });
const sql = new pg.Client({ connectionString: url });
await sql.connect();

const sub = store.subscribe({
  checkpoint: "counter",
  handler: async (e) => {
    await sql.query(`INSERT INTO ${schema}.handled (position, worker) VALUES ($1, $2)`, [
      e.position,
      worker,
    ]);
  },
});

for (let k = 0; k < petitions; k++) {
  await engine.execute({
    type: "register",
    petitionId: `w${worker}-${k}`,
    actor: { id: `clerk-${worker}`, role: "intake", org: "city-bureau" },
    channel: "hotline",
    petitioners: [{ id: `citizen-${worker}-${k}`, name: "王五" }],
    title: "路灯损坏",
    content: "小区门口路灯损坏多日，夜间出行不便。",
    category: "claim",
    topic: "市政设施",
  });
}

/** Wait until every worker has passed `step` (rows in the test's `barrier` table). */
const barrier = async (step: string) => {
  await sql.query(`INSERT INTO ${schema}.barrier (step, worker) VALUES ($1, $2)`, [step, worker]);
  for (;;) {
    const rows = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema}.barrier WHERE step = $1`,
      [step],
    );
    if (Number(rows.rows[0]!.n) >= workers) return;
    await new Promise((r) => setTimeout(r, 50));
  }
};
await barrier("registered");

// Routing is due 2024-10-08T23:59:59+08:00: the reminder window opens 3 days
// before it, supervision starts just after it. All workers tick at the same
// business time, as processes sharing one clock do: a timer's lease is in
// business time, so a tick two days later would see the reminder ticks'
// leases as expired.
const reminders = await engine.tick("2024-10-07T08:00:00+08:00");
await barrier("reminded");
const supervisions = await engine.tick("2024-10-09T08:00:00+08:00");

// Stay until the named subscription (whoever owns it) has handled the whole log.
for (;;) {
  const head = await store.headPosition();
  if (head > 0 && (await store.readCheckpoint("counter")) >= head) break;
  await new Promise((r) => setTimeout(r, 50));
}
await sub.stop();
process.stdout.write(
  `${JSON.stringify({
    worker,
    reminders: reminders.reminders.length,
    supervisions: supervisions.supervisions.length,
    stats: store.stats(),
  })}\n`,
);
await sql.end();
await store.close();
