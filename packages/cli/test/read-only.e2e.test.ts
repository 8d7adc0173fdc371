import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ROOT, petitio, requireFreshBuild, SPAWN_TIMEOUT_MS } from "./run-petitio.js";

/**
 * Commands that only read a store file open it read-only: they never create
 * Petitio's tables in another app's SQLite file, never migrate or change the
 * journal mode, and leave every byte (and the folder) as it was.
 */

let tmp: string;
let store: string;
beforeAll(() => {
  requireFreshBuild();
  tmp = mkdtempSync(join(tmpdir(), "petitio-readonly-"));
  const demo = petitio(["demo", "--db", "store.db", "--petitions", "20", "--quiet"], { cwd: tmp });
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  store = join(tmp, "store.db");
}, SPAWN_TIMEOUT_MS);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The folder's files and each one's digest. Reading a store in WAL mode makes
 * SQLite create its empty `-wal` and its `-shm` index beside it (even read-only):
 * those are left out; the store's own bytes and every other file must not change.
 */
const sqliteCompanion = (dir: string, f: string): boolean =>
  f.endsWith("-shm") || (f.endsWith("-wal") && readFileSync(join(dir, f)).length === 0);
const digest = (path: string): string =>
  createHash("sha256").update(readFileSync(path)).digest("hex");
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !sqliteCompanion(dir, f))
      .sort()
      .map((f) => [f, digest(join(dir, f))]),
  );

const READERS: [string, string[]][] = [
  ["report", []],
  ["report", ["--format", "csv"]],
  ["overdue", []],
  ["hot-topics", ["--month", "2025-04"]],
  ["verify", []],
];

describe("commands that read a store", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it.each(READERS)("%s %j reads the store and changes nothing", (command, args) => {
    const before = snapshot(tmp);
    const r = petitio([command, store, ...args]);
    expect(r.stderr).not.toContain("error");
    expect([0, 1]).toContain(r.status);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(snapshot(tmp)).toEqual(before);
  });

  it("refuses another app's SQLite file, names it, and leaves it as it was", () => {
    const other = join(tmp, "other-app.sqlite");
    copyFileSync(join(CLI_ROOT, "test/fixtures/other-app.sqlite"), other);
    const before = snapshot(tmp);
    for (const [command, args] of READERS.filter(([, a]) => !a.includes("--format"))) {
      const r = petitio([command, other, ...args, "--json"]);
      expect(r.status, command).toBe(2);
      expect(JSON.parse(r.stdout), command).toMatchObject({ error: "NOT_A_PETITIO_STORE" });
      expect(JSON.parse(r.stdout).message).toContain("other-app.sqlite is not a Petitio store");
    }
    expect(snapshot(tmp)).toEqual(before);
  });
});
