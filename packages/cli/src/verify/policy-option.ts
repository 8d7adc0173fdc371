import {
  definePolicy,
  hotline12345Policy,
  nationalPolicy,
  PetitioError,
  type Policy,
  type PolicyOverrides,
  zhejiangPolicy,
} from "@petitio/core";
import { UsageError } from "../cli/errors.js";
import { readJsonObjectOption } from "./json-option.js";

/** Built-in policies by id, for `--policy <id>`. */
export const BUILT_IN_POLICIES: Readonly<Record<string, Policy>> = Object.fromEntries(
  [nationalPolicy, zhejiangPolicy, hotline12345Policy].map((p) => [p.id, p]),
);

/**
 * `--policy`: a built-in policy id, or a JSON file of overrides
 * (`{ "base"?: "<built-in id>", ...PolicyOverrides }`, docs/policies.md)
 * applied to the base (default: the national policy).
 */
export const loadPolicyOption = (command: string, value: string, cwd: string): Policy => {
  const builtIn = BUILT_IN_POLICIES[value];
  if (builtIn) return builtIn;
  const ids = Object.keys(BUILT_IN_POLICIES).join(", ");
  const config = readJsonObjectOption(command, "--policy", value, cwd, {
    unreadable: `"${value}" is neither a built-in policy (${ids}) nor a readable file`,
    shape: "a JSON object of policy overrides",
  });
  const { base = nationalPolicy.id, ...overrides } = config as { base?: unknown } & PolicyOverrides;
  const basePolicy = typeof base === "string" ? BUILT_IN_POLICIES[base] : undefined;
  if (!basePolicy) {
    throw new UsageError(`--policy: ${value}: "base" must be one of ${ids}`, command);
  }
  try {
    return definePolicy(basePolicy, overrides);
  } catch (error) {
    if (error instanceof PetitioError) {
      throw new UsageError(`--policy: ${value}: ${error.message}`, command);
    }
    throw error;
  }
};
