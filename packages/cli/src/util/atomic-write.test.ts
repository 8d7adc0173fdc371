import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputError } from "../cli/errors.js";
import { replaceFileAtomic, writeFileAtomic } from "./atomic-write.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "petitio-atomic-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("writes the file and leaves no temporary file", async () => {
    await writeFileAtomic(join(dir, "out.txt"), "new");
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["out.txt"]);
  });

  it("replaces a symlink at the target, never the file it points to", async () => {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious");
    symlinkSync(victim, join(dir, "out.txt"));
    // Symlinks at every name the old code would have used (.out.txt.<pid>.tmp) change nothing.
    symlinkSync(victim, join(dir, `.out.txt.${process.pid}.tmp`));
    await writeFileAtomic(join(dir, "out.txt"), "report");
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("report");
  });

  it("says which folder is missing and how to create it", async () => {
    const target = join(dir, "no-such-folder", "report.html");
    const error = await writeFileAtomic(target, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).code).toBe("CLI_OUTPUT");
    expect((error as Error).message).toContain(
      `the folder ${join(dir, "no-such-folder")} does not exist`,
    );
    expect((error as Error).message).toContain("mkdir -p");
  });

  it("refuses a folder in the file's place and leaves nothing behind", async () => {
    mkdirSync(join(dir, "out.html"));
    const error = await writeFileAtomic(join(dir, "out.html"), "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain("it is a folder");
    expect(readdirSync(dir)).toEqual(["out.html"]);
  });
});

describe("replaceFileAtomic", () => {
  it("keeps the old file whole when the writer fails", async () => {
    const target = join(dir, "log.jsonl");
    writeFileSync(target, "old\n");
    const failing = replaceFileAtomic(target, async (out) => {
      out.write("half");
      throw new Error("disk on fire");
    });
    await expect(failing).rejects.toThrow("disk on fire");
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["log.jsonl"]);
  });

  it("streams into place", async () => {
    const target = join(dir, "log.jsonl");
    await replaceFileAtomic(target, async (out) => {
      for (let i = 0; i < 1000; i++) out.write(`${i}\n`);
    });
    expect(readFileSync(target, "utf8").split("\n")).toHaveLength(1001);
  });
});
