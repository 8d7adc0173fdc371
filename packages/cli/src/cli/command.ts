import type { OptionSpecs, ParsedArgs } from "./args.js";
import type { CliContext } from "./context.js";

/** One `petitio <name>` sub-command. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text: usage line, options, examples. */
  help: string;
  options: OptionSpecs;
  /** Runs the command and returns the exit code (EXIT). Throws typed errors for bad input. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}
