import { PetitioError } from "@petitio/core";

/** Process exit codes of every command (docs/cli.md "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The command ran and found something: verify violations, overdue petitions with --fail-on-overdue. */
  findings: 1,
  /** Bad arguments, unreadable or malformed input, an output that cannot be written. */
  usage: 2,
  /** An unexpected internal error: a bug in petitio (please report it with the command line). */
  internal: 70,
} as const;

/** A command line that cannot be run as written: unknown option, missing argument, bad value. */
export class UsageError extends PetitioError {
  readonly code = "CLI_USAGE";
  constructor(
    message: string,
    /** The command whose usage to show, when known. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An input file that cannot be used: missing, unreadable, of an unknown kind. */
export class InputError extends PetitioError {
  readonly code = "CLI_INPUT";
  constructor(
    readonly path: string,
    readonly reason: string,
    /** 1-based line, for line-oriented inputs. */
    readonly line?: number,
  ) {
    super(`${path}${line === undefined ? "" : `:${line}`}: ${reason}`);
  }
}

/** An output that cannot be written: missing folder, not writable, a folder in the file's place. */
export class OutputError extends PetitioError {
  readonly code = "CLI_OUTPUT";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}
