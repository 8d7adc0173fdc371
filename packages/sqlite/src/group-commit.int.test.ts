import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./sqlite-store.js";
import { registered, tempDir, withdrawn } from "./test-support.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/**
 * Commits in the WAL file: each frame header's bytes 4..7 hold the database
 * size after a commit, and are zero for frames that are not the last of one.
 * One commit frame = one transaction = one fsync under synchronous=FULL.
 */
const walCommits = (dbPath: string): number => {
  const wal = readFileSync(`${dbPath}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
};

const appendAll = (store: ReturnType<typeof openSqliteStore>, n: number, from = 0) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      store.append(`petition-${from + i}`, [registered(String(from + i))], {
        expectedVersion: "noStream",
        outbox: [{ key: `k${from + i}`, channel: "email", payload: {} }],
      }),
    ),
  );

describe("group commit on SQLite", () => {
  it("64 concurrent appends commit in one transaction; sequential ones in one each", async () => {
    const path = tmp.file("group.db");
    const store = openSqliteStore(path);
    const before = walCommits(path);
    const results = await appendAll(store, 64);
    expect(results.map((r) => r.streamId)).toEqual(results.map((_, i) => `petition-${i}`));
    expect(walCommits(path) - before).toBe(1);
    const mid = walCommits(path);
    for (let i = 0; i < 3; i++) {
      await store.append("petition-0", [withdrawn(`r${i}`)], { expectedVersion: i + 1 });
    }
    expect(walCommits(path) - mid).toBe(3);
    await store.close();
  });

  it("maxBatch splits a burst; disabled means one transaction per append", async () => {
    const path = tmp.file("split.db");
    const store = openSqliteStore(path, { groupCommit: { maxBatch: 16 } });
    const before = walCommits(path);
    await appendAll(store, 64);
    expect(walCommits(path) - before).toBe(4);
    await store.close();

    const off = tmp.file("off.db");
    const single = openSqliteStore(off, { groupCommit: { enabled: false } });
    const start = walCommits(off);
    await appendAll(single, 8);
    expect(walCommits(off) - start).toBe(8);
    await single.close();
  });

  it("nothing is acknowledged before it is committed: a reader on another connection sees every acked append", async () => {
    const path = tmp.file("ack.db");
    const store = openSqliteStore(path);
    const reader = openSqliteStore(path, { readOnly: true });
    const seen = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const result = await store.append(`s-${i}`, [withdrawn(`w${i}`)], {
          expectedVersion: "noStream",
        });
        return (await reader.readStream(`s-${i}`))
          .map((e) => e.position)
          .includes(result.lastPosition);
      }),
    );
    expect(seen.every(Boolean)).toBe(true);
    await reader.close();
    await store.close();
  });

  it("rejects bad group-commit options with the field named", () => {
    expect(() => openSqliteStore(tmp.file("x.db"), { groupCommit: { maxBatch: 0 } })).toThrow(
      /groupCommit\.maxBatch/,
    );
  });
});
