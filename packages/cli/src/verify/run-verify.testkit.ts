import { parseCommandArgs } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import type { CliContext } from "../cli/context.js";

/** Run a command in-process, as `petitio <name> ...argv` would, capturing its output. */
export const runCommand = async (
  command: Command,
  argv: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> => {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: { NO_COLOR: "1" },
    cwd,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => Date.parse("2026-12-01T08:00:00Z"),
  };
  const code = await command.run(parseCommandArgs(command.name, argv, command.options), ctx);
  return { code, out, err };
};
