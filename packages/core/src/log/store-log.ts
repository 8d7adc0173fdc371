import type { Writable } from "node:stream";
import type {
  EventStore,
  ImportOptions,
  ImportResult,
  ReadAllOptions,
} from "../store/event-store.js";
import { type ReadLogOptions, readLogFile, writeLog, writeLogFile } from "./jsonl.js";

/**
 * Moving a whole store to and from the JSONL interchange format
 * (docs/log-format.md). Both directions stream: the store is read in batches and
 * the file line by line, so memory stays flat however long the log is.
 */

/** Which part of the log to export: everything by default. */
export type ExportLogOptions = Pick<ReadAllOptions, "after" | "asOf" | "batchSize">;

/** Write the store's log, in position order, as canonical JSONL to `out`. Returns the count. */
export const exportLog = (
  store: EventStore,
  out: Writable,
  options: ExportLogOptions = {},
): Promise<number> => writeLog(store.readAll(options), out);

/** Export to a file, replaced atomically (a failed export leaves no partial file). */
export const exportLogFile = (
  store: EventStore,
  path: string,
  options: ExportLogOptions = {},
): Promise<number> => writeLogFile(path, store.readAll(options));

export interface ImportLogOptions extends ReadLogOptions, ImportOptions {}

/**
 * Import a JSONL log file into a store, keeping positions, versions and times.
 * Format errors name the file line (`LogParseError`, `ValidationError`,
 * `LogOrderError` for positions); a version that does not continue its stream
 * is a `LogOrderError` numbered by the event's place in the import. Batches
 * before the failing one stay imported (see `ImportOptions.batchSize`).
 */
export const importLog = (
  store: EventStore,
  path: string,
  options: ImportLogOptions = {},
): Promise<ImportResult> => store.importEvents(readLogFile(path, options), options);
