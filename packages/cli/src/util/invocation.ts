import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import type { CliContext } from "../cli/context.js";
import { workspaceRootAbove } from "./data-dir.js";

/** A word for a POSIX shell: quoted when it holds anything but safe characters. */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

const hasPetitioScript = (root: string): boolean => {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    return typeof pkg?.scripts?.petitio === "string";
  } catch {
    return false;
  }
};

/**
 * A `petitio` command line the user can paste as it is, in the folder they ran
 * this one from: `petitio …` for an installed binary; from a checkout of the
 * repository, its root script (`npx -y pnpm@10.34.9 -w petitio …` inside the
 * checkout, `… --dir <root> petitio …` outside it; the script runs in the root,
 * so paths are given from there); else `node <script> …`.
 */
export const commandLine = (
  ctx: CliContext,
  args: readonly string[],
  paths: readonly number[] = [],
): string => {
  const script = ctx.scriptPath;
  const pathFrom = (base: string, path: string): string => {
    const rel = relative(base, path);
    return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  };
  const words = (base: string) =>
    args.map((a, i) => shellWord(paths.includes(i) ? pathFrom(base, a) : a)).join(" ");
  if (!script || basename(script) === "petitio") return `petitio ${words(ctx.cwd)}`;
  const root = workspaceRootAbove(dirname(script));
  if (root && existsSync(join(root, "packages/cli")) && hasPetitioScript(root)) {
    const inside =
      !relative(root, ctx.cwd).startsWith("..") && !isAbsolute(relative(root, ctx.cwd));
    const where = inside ? "-w" : `--dir ${shellWord(root)}`;
    return `npx -y pnpm@10.34.9 ${where} petitio ${words(root)}`;
  }
  return `node ${shellWord(pathFrom(ctx.cwd, script))} ${words(ctx.cwd)}`;
};
