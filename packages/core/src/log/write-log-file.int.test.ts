import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { createTemporaryFile, openExclusive } from "./exclusive-file.js";
import { readLogFile, writeLogFile } from "./jsonl.js";

/*
 * Issue 16 item 5: a symlink planted where the exporter writes its temporary
 * file must not make it overwrite the symlink's target. The old name was
 * `<out>.<pid>.partial`, which anyone who can see the process can guess.
 */

const event = (position: number): EventEnvelope => ({
  position,
  streamId: "petition-1",
  version: position,
  type: "PetitionWithdrawn",
  schemaVersion: 1,
  occurredAt: "2024-01-01T10:00:00+08:00",
  recordedAt: "2024-01-01T10:00:00+08:00",
  actor: { id: "p1", role: "petitioner" },
  data: { reason: "已解决" },
});

const collect = async (path: string) => {
  const out: EventEnvelope[] = [];
  for await (const e of readLogFile(path)) out.push(e);
  return out;
};

describe("writeLogFile never writes through a planted symlink", () => {
  let dir: string;
  let victim: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "petitio-symlink-"));
    victim = join(dir, "victim.txt");
    await writeFile(victim, "precious\n");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("ignores a symlink at the old predictable temporary name", async () => {
    const path = join(dir, "log.jsonl");
    await symlink(victim, `${path}.${process.pid}.partial`);
    expect(await writeLogFile(path, [event(1), event(2)])).toBe(2);
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect(await collect(path)).toEqual([event(1), event(2)]);
    // No temporary file is left behind: only the target, the victim and the planted link.
    expect((await readdir(dir)).sort()).toEqual(
      ["log.jsonl", `log.jsonl.${process.pid}.partial`, "victim.txt"].sort(),
    );
  });

  it("refuses to open a name a symlink or a file already holds, and draws another", async () => {
    const taken = join(dir, "taken");
    await symlink(victim, taken);
    await expect(openExclusive(taken)).rejects.toMatchObject({ code: "EEXIST" });
    const names = [taken, victim, join(dir, "fresh")];
    const { temporary, handle } = await createTemporaryFile(join(dir, "log.jsonl"), () => {
      const next = names.shift();
      if (!next) throw new Error("out of names");
      return next;
    });
    await handle.writeFile("new\n");
    await handle.close();
    expect(temporary).toBe(join(dir, "fresh"));
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect((await lstat(taken)).isSymbolicLink()).toBe(true);
  });

  it("gives up after eight taken names with the file system's own error", async () => {
    const taken = join(dir, "taken");
    await writeFile(taken, "x");
    await expect(createTemporaryFile(join(dir, "log.jsonl"), () => taken)).rejects.toMatchObject({
      code: "EEXIST",
    });
  });

  it("replaces a symlink at the target itself, not the file it points to", async () => {
    const path = join(dir, "log.jsonl");
    await symlink(victim, path);
    await writeLogFile(path, [event(1)]);
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect((await lstat(path)).isFile()).toBe(true);
    expect(await collect(path)).toEqual([event(1)]);
  });

  it("draws a different temporary name each time", async () => {
    const path = join(dir, "log.jsonl");
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { temporary, handle } = await createTemporaryFile(path);
      await handle.close();
      expect(temporary).toMatch(/\/\.log\.jsonl\.[0-9a-f]{16}\.partial$/);
      seen.add(temporary);
    }
    expect(seen.size).toBe(5);
  });
});
