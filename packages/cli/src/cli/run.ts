import { PetitioError, ValidationError } from "@petitio/core";
import { assistCommand } from "../assist/assist-command.js";
import { demoCommand } from "../commands/demo.js";
import { dispatchCommand } from "../commands/dispatch.js";
import { hotTopicsCommand } from "../commands/hot-topics.js";
import { importCommand } from "../commands/import.js";
import { overdueCommand } from "../commands/overdue.js";
import { reportCommand } from "../commands/report.js";
import { verifyCommand } from "../commands/verify.js";
import { paletteFor } from "../output/color.js";
import { flag, parseCommandArgs } from "./args.js";
import type { Command } from "./command.js";
import type { CliContext } from "./context.js";
import { EXIT, UsageError } from "./errors.js";
import { VERSION } from "./version.js";

export const COMMANDS: readonly Command[] = [
  demoCommand,
  reportCommand,
  overdueCommand,
  hotTopicsCommand,
  verifyCommand,
  importCommand,
  dispatchCommand,
  assistCommand,
];

export { VERSION } from "./version.js";

const mainHelp = (): string =>
  [
    "petitio — replay petition (信访) and 12345 event logs: metrics, overdue lists, hot topics, verification, import.",
    "",
    "Usage: petitio <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(11)} ${c.summary}`),
    "",
    "Options for every command: --help, --json (machine-readable output).",
    "Exit codes: 0 ok, 1 findings (violations, overdue with --fail-on-overdue),",
    "  2 usage, input or output error (the message says what to do), 70 internal error (a bug: please report it).",
    "Run `petitio <command> --help` for a command's options. Docs: docs/cli.md",
    "",
  ].join("\n");

/** A typed error as one line for humans, or as a JSON object with --json. */
const reportError = (ctx: CliContext, error: unknown, json: boolean): void => {
  const red = paletteFor(ctx, "err").red;
  if (json) {
    const body =
      error instanceof PetitioError
        ? {
            error: error.code,
            message: error.message,
            ...("line" in error && error.line !== undefined ? { line: error.line } : {}),
            ...(error instanceof ValidationError ? { issues: error.issues } : {}),
          }
        : { error: "INTERNAL", message: String((error as Error)?.message ?? error) };
    ctx.out(`${JSON.stringify(body)}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.err(`${red("error:")} ${message}\n`);
};

/**
 * Run `petitio` with the given arguments and return the exit code. Never
 * throws: every error becomes a message on stderr and exit code 2 (or 70 for a bug).
 */
export const runCli = async (argv: readonly string[], ctx: CliContext): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the help goes to stderr, stdout stays empty for pipes.
    ctx.err(mainHelp());
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const target = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    ctx.out(target ? target.help : mainHelp());
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    ctx.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes("--json");
  if (!command) {
    reportError(ctx, new UsageError(`unknown command "${name}"; see petitio --help`), json);
    return EXIT.usage;
  }
  try {
    const args = parseCommandArgs(command.name, rest, command.options);
    if (flag(args, "help")) {
      ctx.out(command.help);
      return EXIT.ok;
    }
    return await command.run(args, ctx);
  } catch (error) {
    reportError(ctx, error, json);
    if (error instanceof UsageError && !json) {
      ctx.err(`usage: see petitio ${error.command ?? ""} --help\n`.replace("  ", " "));
    }
    return error instanceof PetitioError ? EXIT.usage : EXIT.internal;
  }
};
