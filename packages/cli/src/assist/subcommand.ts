import type { OptionSpecs, ParsedArgs } from "../cli/args.js";
import type { CliContext } from "../cli/context.js";

/** One `petitio assist <name>` sub-command. */
export interface AssistSubcommand {
  name: string;
  summary: string;
  help: string;
  /** Options of this sub-command only (the `assist` command accepts their union and checks them here). */
  options: OptionSpecs;
  /** `positionals` excludes the sub-command's name. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}
