import { createReadStream } from "node:fs";
import {
  checkEvent,
  type EventEnvelope,
  evolve,
  type PetitioError,
  type PetitionState,
  parseLog,
  splitLines,
  ValidationError,
} from "@petitio/core";

/** One rule broken by one line of a log. */
export interface Finding {
  /** 1-based line in the log file (for a store: the event's rank in position order). */
  line: number;
  position?: number;
  streamId?: string;
  type?: string;
  /** Short rule id: `schema`, `json`, `position-order`, `stream-version`, or a lifecycle rule. */
  rule: string;
  /** Legal basis, when the rule comes from the law (e.g. "W22 Art. 35"). */
  article?: string;
  /** Field the schema rule names, when there is one. */
  field?: string;
  message: string;
}

export interface VerifyResult {
  events: number;
  streams: number;
  findings: Finding[];
}

const schemaFinding = (error: PetitioError, line: number): Finding => {
  const code = error.code;
  const rule =
    code === "LOG_PARSE_FAILED"
      ? "json"
      : code === "LOG_OUT_OF_ORDER"
        ? "position-order"
        : "schema";
  const field =
    error instanceof ValidationError ? error.field : "field" in error ? String(error.field) : "";
  // Messages of typed errors already start with "line N: "; the report prints the line itself.
  const message = error.message.replace(/^line \d+: /, "");
  return { line, rule, ...(field ? { field } : {}), message };
};

/**
 * Check a stream of events (with their line numbers) for gapless stream
 * versions and legal transitions. Each event is judged by the lifecycle's
 * `checkEvent` against the state folded from the events before it, so time
 * windows use the due times stored in the log (LOG-FORMAT.md).
 */
export const verifyEvents = async (
  events: AsyncIterable<{ line: number; event: EventEnvelope }>,
  findings: Finding[],
  onProgress?: (count: number) => void,
): Promise<VerifyResult> => {
  const states = new Map<string, PetitionState | undefined>();
  const versions = new Map<string, number>();
  let count = 0;
  for await (const { line, event } of events) {
    count++;
    if (count % 2000 === 0) onProgress?.(count);
    const where = { line, position: event.position, streamId: event.streamId, type: event.type };
    const expected = (versions.get(event.streamId) ?? 0) + 1;
    if (event.version !== expected) {
      findings.push({
        ...where,
        rule: "stream-version",
        message: `version ${event.version} in ${event.streamId}, expected ${expected} (versions are gapless, starting at 1)`,
      });
    }
    versions.set(event.streamId, Math.max(event.version, versions.get(event.streamId) ?? 0));
    if (!event.streamId.startsWith("petition-")) continue;
    const state = states.get(event.streamId);
    for (const v of checkEvent(state, event)) {
      findings.push({
        ...where,
        rule: v.rule,
        ...(v.article ? { article: v.article } : {}),
        message: v.message,
      });
    }
    states.set(event.streamId, evolve(state, event));
  }
  findings.sort((a, b) => a.line - b.line);
  return { events: count, streams: versions.size, findings };
};

/**
 * Verify a JSONL log file: every line is parsed (bad lines are findings, not a
 * stop: core's parseLog with skipInvalid + onSkip), then versions, positions and
 * transitions are checked. Line numbers are those of the file.
 */
export const verifyLogFile = async (
  path: string,
  onProgress?: (count: number) => void,
): Promise<VerifyResult> => {
  // Line numbers of the non-blank lines: the n-th envelope parseLog yields is the
  // n-th non-blank line that was not reported as skipped.
  const lines: number[] = [];
  for await (const { line, text } of splitLines(createReadStream(path))) {
    if (text.trim() !== "") lines.push(line);
  }
  const findings: Finding[] = [];
  const skipped = new Set<number>();
  let cursor = 0;
  const parsed = parseLog(createReadStream(path, { highWaterMark: 1 << 20 }), {
    skipInvalid: true,
    onSkip: (error, line) => {
      skipped.add(line);
      findings.push(schemaFinding(error, line));
    },
  });
  async function* numbered(): AsyncGenerator<{ line: number; event: EventEnvelope }> {
    for await (const event of parsed) {
      while (cursor < lines.length && skipped.has(lines[cursor] ?? -1)) cursor++;
      const line = lines[cursor++] ?? 0;
      yield { line, event };
    }
  }
  return verifyEvents(numbered(), findings, onProgress);
};

/** Verify the events of a store, numbered by their rank in position order. */
export const verifyStoreEvents = async (
  events: AsyncIterable<EventEnvelope>,
  onProgress?: (count: number) => void,
): Promise<VerifyResult> => {
  let rank = 0;
  let lastPosition = 0;
  const findings: Finding[] = [];
  async function* numbered(): AsyncGenerator<{ line: number; event: EventEnvelope }> {
    for await (const event of events) {
      rank++;
      if (event.position <= lastPosition) {
        findings.push({
          line: rank,
          position: event.position,
          rule: "position-order",
          message: `position ${event.position} is not greater than the previous position ${lastPosition}`,
        });
      }
      lastPosition = Math.max(lastPosition, event.position);
      yield { line: rank, event };
    }
  }
  return verifyEvents(numbered(), findings, onProgress);
};
