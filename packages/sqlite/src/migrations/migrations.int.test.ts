import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SchemaTooNewError } from "../errors.js";
import { openSqliteStore } from "../sqlite-store.js";
import { tempDir } from "../test-support.js";
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrate } from "./index.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** A file as release 1 of the schema left it: built through migration 1 only, rows in its shape. */
const buildVersion1File = (path: string): void => {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  expect(migrate(db, path, 1)).toBe(1);
  const insert = db.prepare(
    "INSERT INTO events (position, stream_id, version, type, schema_version, occurred_at, recorded_at, actor, data, meta, extra) VALUES (?, ?, ?, 'PetitionWithdrawn', 1, ?, ?, ?, '{}', NULL, NULL)",
  );
  const actor = JSON.stringify({ id: "p", role: "petitioner" });
  insert.run(1, "petition-1", 1, "2024-01-01T10:00:00+08:00", "2024-01-01T10:00:00+08:00", actor);
  // 02:30Z is 10:30 in Beijing: later than the first event though it sorts earlier as text.
  insert.run(2, "petition-1", 2, "2024-01-01T02:30:00Z", "2024-01-01T02:30:00Z", actor);
  db.prepare("INSERT INTO checkpoints (name, position) VALUES ('mailer', 1)").run();
  db.prepare(
    "INSERT INTO outbox (key, channel, payload, stream_id, position, available_at, available_ms) VALUES ('k1', 'console', '{}', 'petition-1', 2, '2024-01-01T02:30:00Z', ?)",
  ).run(Date.parse("2024-01-01T02:30:00Z"));
  db.close();
};

describe("schema migrations", () => {
  it("are numbered 1, 2, … without gaps", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(
      Array.from({ length: CURRENT_SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it("open a version-1 file, back-fill it, and keep every row", async () => {
    const path = tmp.file("v1.db");
    buildVersion1File(path);
    const store = openSqliteStore(path);
    expect(store.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(await store.readCheckpoint("mailer")).toBe(1);
    expect((await store.readStream("petition-1")).map((e) => e.version)).toEqual([1, 2]);
    // as-of reads depend on the column migration 2 back-filled.
    const asOf: number[] = [];
    for await (const e of store.readAll({ asOf: "2024-01-01T10:15:00+08:00" })) {
      asOf.push(e.position);
    }
    expect(asOf).toEqual([1]);
    const next = await store.append(
      "petition-1",
      [
        {
          type: "PetitionWithdrawn",
          data: {},
          occurredAt: "2024-01-02T00:00:00Z",
          actor: { id: "p", role: "petitioner" },
        },
      ],
      { expectedVersion: 2 },
    );
    expect(next.lastPosition).toBe(3);
    // A version-1 outbox row is open after migration 3, and its key stays used once acked.
    const now = "2024-01-02T00:00:00Z";
    const [row] = await store.claimOutbox({ now, limit: 5, leaseMs: 1 });
    expect(row).toMatchObject({ key: "k1", position: 2, attempts: 1 });
    await store.ackOutbox(row!.id);
    expect(await store.claimOutbox({ now: "2024-01-03T00:00:00Z", limit: 5, leaseMs: 1 })).toEqual(
      [],
    );
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(CURRENT_SCHEMA_VERSION);
    db.close();
  });

  it("refuse a file written by a newer schema", () => {
    const path = tmp.file("future.db");
    const db = new Database(path);
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(SchemaTooNewError);
  });

  it("leave a file at its old version when a step fails", () => {
    const path = tmp.file("broken.db");
    buildVersion1File(path);
    const db = new Database(path);
    // A column already there makes step 2's ALTER fail; nothing of step 2 may stay.
    db.exec("ALTER TABLE events ADD COLUMN recorded_ms TEXT");
    expect(() => migrate(db, path)).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.close();
  });
});
