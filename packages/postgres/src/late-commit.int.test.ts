import type { EventEnvelope, NewEvent } from "@petitio/core";
import pg from "pg";
import { expect, it } from "vitest";
import type { PostgresEventStore } from "./postgres-store.js";
import { describePg, useTestDatabase } from "./test-support.js";

// Subscribers must never skip a late commit: a transaction that took a low
// position but committed after a higher one. The scenario is made real with a
// trigger that sleeps a random 0–15 ms inside every insert transaction, after
// its rows (and positions) exist and before COMMIT.

const note = (text: string): NewEvent => ({
  type: "MediationRecorded",
  data: { outcome: "noAgreement", note: text },
  occurredAt: "2024-03-01T10:00:00+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
});

const SLEEP_TRIGGER = (table: string) => `
CREATE OR REPLACE FUNCTION ${table}_slow() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_sleep(random() * 0.015); RETURN NULL; END $$;
CREATE TRIGGER slow AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_slow();`;

describePg("late commits", () => {
  const db = useTestDatabase(import.meta.url);

  it("the scenario is real: followers of a sequence-numbered table do skip late commits", async () => {
    // The control: positions from a sequence, no head lock, many writers.
    const pool = new pg.Pool({ connectionString: db.url(), max: 17 });
    await pool.query("CREATE TABLE naive (position bigserial PRIMARY KEY, writer int)");
    await pool.query(SLEEP_TRIGGER("naive"));
    let done = false;
    const seen: number[] = [];
    const follower = (async () => {
      let last = 0;
      while (!done) {
        const rows = await pool.query<{ position: string }>(
          "SELECT position FROM naive WHERE position > $1 ORDER BY position",
          [last],
        );
        for (const row of rows.rows) {
          last = Number(row.position);
          seen.push(last);
        }
      }
    })();
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; i < 20; i++)
          await pool.query("INSERT INTO naive (writer) VALUES ($1)", [w]);
      }),
    );
    done = true;
    await follower;
    const skipped = 320 - new Set(seen).size;
    await pool.end();
    // The follower read past rows that committed later: they are lost to it.
    expect(skipped).toBeGreaterThan(0);
  }, 120_000);

  it("many writers in three pools, commits delayed at random: a subscriber and a tight follower each see every event exactly once, in position order", async () => {
    const writers: PostgresEventStore[] = [];
    const first = await db.openStore({ maxConnections: 4 });
    writers.push(first);
    for (let i = 0; i < 2; i++) {
      writers.push(await db.openStore({ schema: first.schema, maxConnections: 4 }));
    }
    const reader = await db.openStore({ schema: first.schema, pollIntervalMs: 20 });
    const admin = new pg.Client({ connectionString: db.url() });
    await admin.connect();
    await admin.query(SLEEP_TRIGGER(`${first.schema}.events`));
    await admin.end();

    const delivered: EventEnvelope[] = [];
    const sub = reader.subscribe({
      checkpoint: "late-commit",
      handler: (e) => void delivered.push(e),
    });
    let done = false;
    const followed: number[] = [];
    const follower = (async () => {
      let last = 0;
      while (!done) {
        for await (const e of reader.readAll({ after: last })) {
          followed.push(e.position);
          last = e.position;
        }
      }
    })();

    const perWriter = 8;
    const appendsEach = 15;
    await Promise.all(
      writers.flatMap((store, s) =>
        Array.from({ length: perWriter }, async (_, w) => {
          for (let i = 0; i < appendsEach; i++) {
            const events = [note(`${s}-${w}-${i}`)];
            if (i % 3 === 0) events.push(note(`${s}-${w}-${i}b`));
            await store.append(`s-${s}-${w}`, events, { expectedVersion: "any" });
          }
        }),
      ),
    );
    const total = writers.length * perWriter * (appendsEach + Math.ceil(appendsEach / 3));
    expect(await reader.headPosition()).toBe(total);
    await sub.caughtUp();
    done = true;
    await follower;
    await sub.stop();

    const everyPosition = Array.from({ length: total }, (_, i) => i + 1);
    expect(delivered.map((e) => e.position)).toEqual(everyPosition);
    expect(followed).toEqual(everyPosition);
    expect(await reader.readCheckpoint("late-commit")).toBe(total);
    // Group commit really batched concurrent appends in one transaction.
    expect(writers.some((w) => w.stats().largestBatch > 1)).toBe(true);
    for (const store of [...writers, reader]) await store.close();
  }, 120_000);
});
