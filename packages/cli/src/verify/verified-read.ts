import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  defaultRegistry,
  type EventEnvelope,
  type LogLine,
  LogParseError,
  type OrgHierarchy,
} from "@petitio/core";
import { LineSplitter, typeCode } from "@petitio/core/adapter";
import { type ParsedArgs, stringOption } from "../cli/args.js";
import type { CliContext } from "../cli/context.js";
import {
  detectInputKind,
  eventsWithProgress,
  type InputKind,
  streamEvents,
} from "../input/load-events.js";
import { emptyLogError, requireEvents } from "../input/require-events.js";
import { createProgress } from "../output/progress.js";
import { judgeVerdict, trustNotice } from "./gate.js";
import { loadOrgsOption } from "./orgs-option.js";
import { type CleanVerdict, cachedVerdict, cacheSlot, rememberVerdict } from "./verdict-cache.js";
import { type VerifyResult, verifyLogFile, verifyStoreEvents } from "./verify-log.js";

/** What a command folds the events of a log into, one at a time, synchronously. */
export interface EventFold {
  /** One event; `code`, its type's code (type-codes.ts) when the reader has it. */
  push(event: EventEnvelope, code?: number): void;
}

export type VerifiedRead<F extends EventFold> =
  /** The gate refused the log: stop with this exit code. */
  | { exit: number }
  /** The log's events folded into `fold`; `notice` set when `--trust` let a rejected log through. */
  | { fold: F; notice?: string };

export interface VerifiedReadOptions {
  /** No progress bar whatever stderr is (e.g. under --json). */
  quiet?: boolean;
}

/**
 * The gate of `report`, `overdue` and `hot-topics` (gate.ts) and the command's
 * own fold in ONE pass over the file: each line is parsed and decoded once, judged by
 * verify, and the same event object is handed to the fold. The fold's state
 * is kept only when verify finds nothing, and then it holds exactly the
 * events a separate read would have given (every line decoded, none dropped).
 * A log verify rejects is refused, or, with `--trust`, read again on its own
 * (as `parseLog` reads it: a malformed line is then an error), into a fresh fold.
 */
export const readVerified = async <F extends EventFold>(
  ctx: CliContext,
  command: string,
  file: string,
  args: ParsedArgs,
  startFold: () => F,
  options: VerifiedReadOptions = {},
): Promise<VerifiedRead<F>> => {
  const path = resolve(ctx.cwd, file);
  const quiet = options.quiet ?? false;
  const orgsFile = stringOption(args, "orgs");
  const orgs = orgsFile === undefined ? undefined : loadOrgsOption(command, orgsFile, ctx.cwd);
  const kind = await detectInputKind(path);
  // A store may change in its -wal file without its own file changing: only logs are cached.
  // A cached verdict was judged without a hierarchy: --orgs judges again.
  const slot = kind === "jsonl" && !orgs ? await cacheSlot(ctx.env, path) : undefined;
  const cached = slot === undefined ? undefined : await cachedVerdict(slot);
  if (cached !== undefined) {
    // Verified before, unchanged since: judge nothing, only fold.
    const fold = startFold();
    const { size } = await stat(path);
    const progress = createProgress(ctx, `reading ${file}`, { unit: "bytes", total: size, quiet });
    try {
      await foldLogFile(
        path,
        (event, code) => fold.push(event, code),
        (bytes) => progress.update(bytes),
      );
    } finally {
      progress.finish();
    }
    judgeVerdict(ctx, command, file, args, cleanResult(cached));
    return { fold };
  }
  const fold = startFold();
  // A fold that throws on an event verify accepts is a bug worth seeing; on a
  // rejected log it is a consequence of the defect, and the fold is dropped anyway.
  let foldError: { error: unknown } | undefined;
  const onEvent = (event: EventEnvelope): void => {
    if (foldError !== undefined) return;
    try {
      fold.push(event);
    } catch (error) {
      foldError = { error };
    }
  };
  const result = await verifyWithFold(ctx, kind, path, `reading ${file}`, onEvent, quiet, orgs);
  const refused = judgeVerdict(ctx, command, file, args, result);
  if (refused !== undefined) return { exit: refused };
  if (result.findings.length === 0) {
    if (foldError !== undefined) throw foldError.error;
    if (result.events === 0) throw emptyLogError(path);
    if (slot !== undefined) {
      const { events, streams } = result;
      await rememberVerdict(slot, { events, streams, sealed: result.chain.sealed });
    }
    return { fold };
  }
  const again = startFold();
  for await (const event of requireEvents(eventsWithProgress(ctx, path, options), path)) {
    again.push(event);
  }
  const notice = trustNotice(ctx);
  return notice === undefined ? { fold: again } : { fold: again, notice };
};

/** Verify a log or store, feeding `onEvent`, with a progress bar (bytes of a log, events of a store). */
const verifyWithFold = async (
  ctx: CliContext,
  kind: InputKind,
  path: string,
  label: string,
  onEvent: (event: EventEnvelope) => void,
  quiet: boolean,
  orgs: OrgHierarchy | undefined,
): Promise<VerifyResult> => {
  if (kind === "sqlite") {
    const progress = createProgress(ctx, label, { unit: "items", quiet });
    try {
      const { events } = await streamEvents(path);
      return await verifyStoreEvents(events, {
        onEvent,
        ...(orgs ? { orgs } : {}),
        onProgress: (n) => progress.update(n),
      });
    } finally {
      progress.finish();
    }
  }
  const { size } = await stat(path);
  const progress = createProgress(ctx, label, { unit: "bytes", total: size, quiet });
  try {
    return await verifyLogFile(path, {
      onEvent,
      onBytes: (bytes) => progress.update(bytes),
      ...(orgs ? { orgs } : {}),
    });
  } finally {
    progress.finish();
  }
};

/** What the gate is told about a log verified before: a clean verdict. */
const cleanResult = (v: CleanVerdict): VerifyResult => ({
  events: v.events,
  streams: v.streams,
  findings: [],
  omittedFindings: 0,
  chain: { sealed: v.sealed, unsealed: v.events - v.sealed, omitted: 0 },
  personalData: { protected: 0, plaintext: 0 },
});

/**
 * Fold a log verified before (and unchanged since): each line parsed, and
 * not validated again (older schema versions are upcast, as everywhere),
 * straight into `onEvent`, one await per 1 MB chunk.
 */
const foldLogFile = async (
  path: string,
  onEvent: (event: EventEnvelope, code: number) => void,
  onBytes: (bytes: number) => void,
): Promise<void> => {
  const splitter = new LineSplitter();
  // The current schema version of each type code, asked of the registry once.
  const versions: number[] = [];
  const take = (lines: LogLine[]): void => {
    for (const { line, text, error } of lines) {
      if (error) throw error;
      if (text.trim() === "") continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (cause) {
        throw new LogParseError(line, (cause as Error).message);
      }
      // Every line decoded when it was verified; only an older schema version
      // still needs its upcast, which decode applies.
      const event = raw as EventEnvelope;
      const code = typeCode(event.type);
      versions[code] ??= defaultRegistry.currentVersion(event.type);
      if (event.schemaVersion === versions[code]) {
        onEvent(event, code);
      } else {
        const upcast = defaultRegistry.decode(raw, { line });
        onEvent(upcast, typeCode(upcast.type));
      }
    }
  };
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    take(splitter.push(chunk as Buffer));
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
  }
  take(splitter.end());
};
