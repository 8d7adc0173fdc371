import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.js";

export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
} as const satisfies OptionSpecs;

/**
 * Parse one command's arguments with node's `util.parseArgs`, strictly: an
 * unknown option or a missing value is a `UsageError` naming the command.
 */
export const parseCommandArgs = (
  command: string,
  argv: readonly string[],
  options: OptionSpecs,
): ParsedArgs => {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, "");
    throw new UsageError(message, command);
  }
};

export const stringOption = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
};

export const flag = (args: ParsedArgs, name: string): boolean => args.values[name] === true;

/** One of a fixed set of values, or a UsageError listing them. */
export const choiceOption = <T extends string>(
  command: string,
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
): T | undefined => {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}; got "${value}"`, command);
  }
  return value as T;
};

export const integerOption = (
  command: string,
  args: ParsedArgs,
  name: string,
  min: number,
): number | undefined => {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}; got "${value}"`, command);
  }
  return n;
};

/** Exactly `count` positional arguments, named for the error message. */
export const requirePositionals = (
  command: string,
  args: ParsedArgs,
  names: readonly string[],
): string[] => {
  if (args.positionals.length < names.length) {
    const missing = names.slice(args.positionals.length).join(" ");
    throw new UsageError(`missing argument: ${missing}`, command);
  }
  if (args.positionals.length > names.length) {
    const extra = args.positionals.slice(names.length).join(" ");
    throw new UsageError(`unexpected argument: ${extra}`, command);
  }
  return args.positionals.slice(0, names.length);
};
