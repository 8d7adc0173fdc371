import { readFileSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotAPetitioStoreError, SchemaTooNewError, StoreReadOnlyError } from "./errors.js";
import { CURRENT_SCHEMA_VERSION } from "./migrations/index.js";
import { openSqliteStore } from "./sqlite-store.js";
import { registered, steppingClock, tempDir } from "./test-support.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const filled = async (name: string): Promise<string> => {
  const path = tmp.file(name);
  const store = openSqliteStore(path, { clock: steppingClock() });
  await store.append("petition-1", [registered("1")], { expectedVersion: "noStream" });
  await store.close();
  return path;
};

describe("openSqliteStore(file, { readOnly: true })", () => {
  it("reads a store while a writer holds the write lock, and never writes", async () => {
    const path = await filled("live.db");
    const writer = new Database(path);
    writer.exec("BEGIN IMMEDIATE");
    const reader = openSqliteStore(path, { readOnly: true, busyTimeoutMs: 50 });
    expect(reader.readOnly).toBe(true);
    expect(reader.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect((await reader.readStream("petition-1")).map((e) => e.type)).toEqual([
      "PetitionRegistered",
    ]);
    const write = reader.append("petition-1", [registered("1")], { expectedVersion: 1 });
    await expect(write).rejects.toBeInstanceOf(StoreReadOnlyError);
    await expect(reader.writeCheckpoint("x", 1)).rejects.toMatchObject({
      code: "STORE_READ_ONLY",
      method: "writeCheckpoint",
    });
    await reader.close();
    writer.exec("ROLLBACK");
    writer.close();
  });

  it("never migrates and never changes the journal mode", async () => {
    const path = await filled("old.db");
    const db = new Database(path);
    db.pragma("journal_mode = DELETE");
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION - 1}`);
    db.close();
    const before = readFileSync(path);
    expect(() => openSqliteStore(path, { readOnly: true })).toThrow(/open it once read-write/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const check = new Database(path, { readonly: true });
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(check.pragma("user_version", { simple: true })).toBe(CURRENT_SCHEMA_VERSION - 1);
    check.close();
  });

  it("refuses a file that is not a Petitio store, naming it", () => {
    const text = tmp.file("notes.txt");
    writeFileSync(text, "not a database at all ".repeat(100));
    const other = tmp.file("other.db");
    const db = new Database(other);
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
    db.close();
    for (const path of [text, other]) {
      const error = (() => {
        try {
          openSqliteStore(path, { readOnly: true });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(NotAPetitioStoreError);
      expect(error).toMatchObject({ code: "NOT_A_PETITIO_STORE", path });
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain("Give a store file Petitio wrote");
    }
    // Read-write opening refuses the foreign database too, instead of adding tables to it.
    expect(() => openSqliteStore(other)).toThrow(NotAPetitioStoreError);
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT count(*) FROM sqlite_master").pluck().get()).toBe(1);
    after.close();
  });

  it("refuses a missing file instead of creating it, and a newer schema with its version", () => {
    expect(() => openSqliteStore(tmp.file("missing.db"), { readOnly: true })).toThrow(
      /missing\.db/,
    );
    const future = tmp.file("future.db");
    const db = new Database(future);
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(future, { readOnly: true })).toThrow(SchemaTooNewError);
  });
});
