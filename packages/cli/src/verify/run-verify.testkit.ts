import { parseCommandArgs } from "../cli/args.js";
import { captureContext } from "../cli/capture-context.testkit.js";
import type { Command } from "../cli/command.js";

/** Run a command in-process, as `petitio <name> ...argv` would, capturing its output. */
export const runCommand = async (
  command: Command,
  argv: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> => {
  const { ctx, output } = captureContext(cwd, { NO_COLOR: "1" }, () =>
    Date.parse("2026-12-01T08:00:00Z"),
  );
  const code = await command.run(parseCommandArgs(command.name, argv, command.options), ctx);
  return { code, ...output() };
};
