import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../cli/context.js";
import { commandLine, shellWord } from "./invocation.js";

const root = fileURLToPath(new URL("../../../..", import.meta.url)).replace(/\/$/, "");
const ctx = (cwd: string, scriptPath?: string): CliContext => ({
  out: () => {},
  err: () => {},
  env: {},
  cwd,
  stdoutIsTTY: false,
  stderrIsTTY: false,
  now: () => 0,
  ...(scriptPath ? { scriptPath } : {}),
});
const args = ["report", "/tmp/x y/demo.log.jsonl", "--by", "org"];

describe("commandLine", () => {
  it("names an installed binary by its name, paths from the working folder", () => {
    expect(commandLine(ctx("/tmp", "/usr/local/bin/petitio"), args, [1])).toBe(
      "petitio report 'x y/demo.log.jsonl' --by org",
    );
  });

  it("runs a checkout's root script: -w inside it, --dir outside, paths from the root", () => {
    const bin = `${root}/packages/cli/dist/bin.js`;
    expect(
      commandLine(ctx(`${root}/packages`, bin), ["verify", `${root}/demo.log.jsonl`], [1]),
    ).toBe("npx -y pnpm@10.34.9 -w petitio verify demo.log.jsonl");
    expect(commandLine(ctx("/tmp", bin), args, [1])).toBe(
      `npx -y pnpm@10.34.9 --dir ${root} petitio report '/tmp/x y/demo.log.jsonl' --by org`,
    );
  });

  it("falls back to node and the script", () => {
    expect(commandLine(ctx("/opt/app", "/opt/app/cli.mjs"), ["verify", "a.jsonl"])).toBe(
      "node cli.mjs verify a.jsonl",
    );
  });

  it("quotes words for a POSIX shell", () => {
    expect(shellWord("a.log.jsonl")).toBe("a.log.jsonl");
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});
