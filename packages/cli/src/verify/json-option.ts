import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../cli/errors.js";

/**
 * The JSON object in the file an option names (`--policy`, `--orgs`); a file
 * that cannot be read, is not JSON or holds no object is a `UsageError`
 * naming the option, the file and what it must hold.
 */
export const readJsonObjectOption = (
  command: string,
  option: string,
  value: string,
  cwd: string,
  expected: { unreadable: string; shape: string },
): Record<string, unknown> => {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, value), "utf8");
  } catch {
    throw new UsageError(`${option}: ${expected.unreadable}`, command);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option}: ${value} is not JSON (${(error as Error).message})`, command);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new UsageError(`${option}: ${value} must hold ${expected.shape}`, command);
  }
  return config as Record<string, unknown>;
};
