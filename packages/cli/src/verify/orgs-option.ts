import { type OrgHierarchy, orgHierarchy, ValidationError } from "@petitio/core";
import { UsageError } from "../cli/errors.js";
import { readJsonObjectOption } from "./json-option.js";

/**
 * `--orgs <file.json>`: the deployment's org hierarchy, `{ "<org>": "<the org
 * one level above>" }`, the shape `createEngine({ orgs })` takes, validated by
 * core's `orgHierarchy` (no empty names, no cycles). With it, a review or
 * re-examination asked of an org that is not above the one that decided is a
 * violation (W22 Art. 35–36), as the engine judges it.
 */
export const loadOrgsOption = (command: string, value: string, cwd: string): OrgHierarchy => {
  const config = readJsonObjectOption(command, "--orgs", value, cwd, {
    unreadable: `${value} is not a readable file`,
    shape: "a JSON object mapping each org to the org one level above it",
  });
  try {
    return orgHierarchy(config);
  } catch (error) {
    if (error instanceof ValidationError) {
      const issues = error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
      throw new UsageError(`--orgs: ${value}: ${issues}`, command);
    }
    throw error;
  }
};
