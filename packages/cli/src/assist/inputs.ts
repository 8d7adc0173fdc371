import { readFile } from "node:fs/promises";
import { type CaseRecord, collectCases } from "@petitio/assist";
import { InputError } from "../cli/errors.js";
import { streamEvents } from "../input/load-events.js";

/** The case records (assist's projection) of a JSONL log or a SQLite store. */
export const loadCases = async (path: string): Promise<CaseRecord[]> => {
  const { events } = await streamEvents(path);
  const cases = await collectCases(events);
  if (cases.length === 0)
    throw new InputError(path, "no PetitionRegistered events: nothing to work on");
  return cases;
};

/**
 * Records of a JSONL file, each with its 1-based line. A line that is not a
 * JSON object is an InputError naming the line.
 */
export const readJsonlRecords = async (
  path: string,
): Promise<{ line: number; record: Record<string, unknown> }[]> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const out: { line: number; record: Record<string, unknown> }[] = [];
  text.split("\n").forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputError(path, "not valid JSON", i + 1);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputError(path, "not a JSON object", i + 1);
    }
    out.push({ line: i + 1, record: value as Record<string, unknown> });
  });
  return out;
};

/**
 * A record's text from one field or several joined ("title,body"): a missing
 * or non-string field is an InputError naming the line and the field.
 */
export const textOf = (
  path: string,
  line: number,
  record: Record<string, unknown>,
  fields: readonly string[],
): string =>
  fields
    .map((field) => {
      const value = record[field];
      if (typeof value !== "string") {
        throw new InputError(
          path,
          `field "${field}" is ${value === undefined ? "missing" : "not a string"}`,
          line,
        );
      }
      return value;
    })
    .join("\n");
