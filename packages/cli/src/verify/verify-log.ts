import { createReadStream } from "node:fs";
import {
  type ChainBreak,
  type ChainReport,
  ChainVerifier,
  checkEvent,
  defaultRegistry,
  EVENT_COMMAND,
  type EventEnvelope,
  isTerminal,
  type LogLine,
  LogLineTooLongError,
  LogParseError,
  MAX_EXTENSION_DAYS,
  type OrgHierarchy,
  PERSONAL_DATA_FIELDS,
  PetitioError,
  type PetitionState,
  type Policy,
  plaintextPersonalData,
  ValidationError,
} from "@petitio/core";
import { instantMs, LineSplitter } from "@petitio/core/adapter";
import { dueTimeMismatches } from "./due-times.js";
import { nextState } from "./stream-state.js";

/** One rule broken by one line of a log. */
export interface Finding {
  /** 1-based line in the log file (for a store: the event's rank in position order). */
  line: number;
  position?: number;
  streamId?: string;
  type?: string;
  /**
   * Short rule id: `encoding`, `line length`, `json`, `schema`, `position-order`,
   * `stream-version`, a limit fixed by law (`extension limit`), or a
   * lifecycle rule.
   */
  rule: string;
  /** Legal basis, when the rule comes from the law (e.g. "W22 Art. 35"). */
  article?: string;
  /** Field the schema rule names, when there is one. */
  field?: string;
  message: string;
}

export interface VerifyOptions {
  /** Called every 2000 events with the count so far. */
  onProgress?: (count: number) => void;
  /** A published chain head (a hash, or a verified checkpoint's position and hash). */
  head?: { hash: string; position?: number };
  /** Judge stored due times against what this policy and its calendar give. */
  policy?: Policy;
  /** A log without any hash chain is a violation (default: reported as unsealed only). */
  requireChain?: boolean;
  /**
   * The deployment's org hierarchy: a review or re-examination asked of an org
   * not above the one that decided is then a violation (W22 Art. 35–36), as the
   * engine judges it with `createEngine({ orgs })`. Without it, not judged.
   */
  orgs?: OrgHierarchy;
  /**
   * Every event that decoded, in log order, right after it was judged: a
   * command that needs the events too (report, overdue, hot topics) folds them
   * from the same parse instead of reading the file again. Its result stands
   * only if the verdict has no findings.
   */
  onEvent?: (event: EventEnvelope) => void;
  /** A JSONL log: called after each read chunk with the bytes read so far. */
  onBytes?: (bytes: number) => void;
}

export interface VerifyResult {
  events: number;
  streams: number;
  /** The first MAX_FINDINGS findings, and every chain break, by line. */
  findings: Finding[];
  /** Findings beyond MAX_FINDINGS: counted, not kept, so memory stays bounded on any input. */
  omittedFindings: number;
  /** The hash chain: how many lines carry it, where it ends, how the published head compares. */
  chain: Omit<ChainReport, "breaks">;
  /**
   * Petitioners' personal-data fields: encrypted (erasable) or in plaintext (a log
   * written before protection, or a plaintext export). Not a violation.
   */
  personalData: { protected: number; plaintext: number };
}

/** Personal-data fields present (as strings) on the petitioners of a registration. */
const personalDataFieldCount = (event: EventEnvelope): number => {
  const petitioners = event.data.petitioners;
  if (!Array.isArray(petitioners)) return 0;
  let n = 0;
  for (const p of petitioners) {
    if (typeof p !== "object" || p === null) continue;
    for (const field of PERSONAL_DATA_FIELDS)
      if (typeof (p as Record<string, unknown>)[field] === "string") n++;
  }
  return n;
};

/** Findings kept in detail; a log broken on every line is summarised past this. */
export const MAX_FINDINGS = 10_000;

class FindingList {
  readonly items: Finding[] = [];
  omitted = 0;
  push(...found: Finding[]): void {
    for (const f of found) {
      if (this.items.length < MAX_FINDINGS) this.items.push(f);
      else this.omitted++;
    }
  }
  some(predicate: (f: Finding) => boolean): boolean {
    return this.items.some(predicate);
  }
}

/** Chain break kinds as finding rules: `chain-edited`, `chain-deleted`, ... */
const chainFinding = (b: ChainBreak): Finding => ({
  line: b.line,
  ...(b.position === undefined ? {} : { position: b.position }),
  rule: `chain-${b.kind}`,
  message: b.message,
});

/** Events whose business time `time order` does not judge: delivery records come when they come. */
const untimed = (type: string): boolean => EVENT_COMMAND[type] === undefined;

const schemaFinding = (error: PetitioError, line: number): Finding => {
  const rule = error.code === "LOG_PARSE_FAILED" ? "json" : "schema";
  const field =
    error instanceof ValidationError ? error.field : "field" in error ? String(error.field) : "";
  // Messages of typed errors already start with "line N: "; the report prints the line itself.
  const message = error.message.replace(/^line \d+: /, "");
  return { line, rule, ...(field ? { field } : {}), message };
};

/** What a line that is not a valid event still says about where it belongs. */
interface Identity {
  streamId?: string;
  version?: number;
  position?: number;
  type?: string;
}

const positiveInt = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : undefined;

const identityOf = (raw: unknown): Identity => {
  if (typeof raw !== "object" || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    ...(typeof r.streamId === "string" && r.streamId !== "" ? { streamId: r.streamId } : {}),
    ...(positiveInt(r.version) ? { version: positiveInt(r.version) } : {}),
    ...(positiveInt(r.position) ? { position: positiveInt(r.position) } : {}),
    ...(typeof r.type === "string" && r.type !== "" ? { type: r.type } : {}),
  };
};

/** Envelope fields of a line that is not JSON (e.g. cut short), read where they are intact. */
const salvageIdentity = (text: string): Identity => {
  const str = (key: string) => text.match(new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`));
  const int = (key: string) => text.match(new RegExp(`"${key}"\\s*:\\s*(\\d+)\\s*[,}]`));
  const streamId = str("streamId")?.[1];
  const type = str("type")?.[1];
  const version = int("version")?.[1];
  const position = int("position")?.[1];
  return identityOf({
    streamId,
    type,
    version: version === undefined ? undefined : Number(version),
    position: position === undefined ? undefined : Number(position),
  });
};

/**
 * Numeric caps fixed by law. The catalog's schema rejects a value beyond them;
 * verify names the law instead of "schema", and judges the rest of the event
 * with the value held at the cap, so the stream is still followed.
 */
const LEGAL_LIMITS = [
  {
    type: "HandlingExtended",
    field: "days",
    max: MAX_EXTENSION_DAYS,
    rule: "extension limit",
    article: "W22 Art. 34",
    message: (n: number) =>
      `an extension of ${n} days; the handling period may be extended by at most ${MAX_EXTENSION_DAYS} days`,
  },
  // Representatives are capped for visits only (W22 Art. 20 ¶3): checkEvent's
  // "group visit representatives" rule judges them, with the channel.
] as const;

/**
 * Versions, positions and the lifecycle of each stream, carried from line to
 * line. Each event is judged by core's `checkEvent` against the state folded
 * from the events before it, so time windows use the due times stored in the
 * log (docs/log-format.md). A defect is reported once: a line that cannot be read
 * still advances its stream's version bookkeeping when its envelope says
 * where it belongs, and the lifecycle of that stream, which can no longer be
 * followed, is not judged after it.
 */
class LogChecker {
  readonly findings = new FindingList();
  events = 0;
  /**
   * Per-stream bookkeeping is kept in arrays indexed by the stream's number
   * (one map entry a stream), as numbers where it can be: a log of a million
   * streams holds a million of each, so every object saved counts.
   */
  private readonly streamIndex = new Map<string, number>();
  private readonly states: (PetitionState | undefined)[] = [];
  /** Per stream, the versions that may come next: normally one; a second (0 = none) after a wrong one. */
  private readonly nextVersion: number[] = [];
  private readonly altVersion: number[] = [];
  /** Per stream, the business time of its latest lifecycle event: as written, in ms, and its line (0 = none yet). */
  private readonly lastAt: string[] = [];
  private readonly lastMs: number[] = [];
  private readonly timeLine: number[] = [];
  /** Streams with an unreadable line: their lifecycle is no longer judged. */
  private readonly blind = new Set<string>();
  readonly chain: ChainVerifier;
  /** Petitioners' personal-data fields seen, encrypted or not. */
  readonly personalData = { protected: 0, plaintext: 0 };

  /** What `checkEvent` is told beyond the log: the org hierarchy, when given. */
  private readonly judging: { orgs?: OrgHierarchy };

  constructor(private readonly options: VerifyOptions = {}) {
    this.chain = new ChainVerifier(options.head);
    this.judging = options.orgs === undefined ? {} : { orgs: options.orgs };
  }

  get streams(): number {
    return this.streamIndex.size;
  }

  /** The stream's number; a stream is counted from the first line whose version is checked. */
  private indexOf(streamId: string): number {
    let i = this.streamIndex.get(streamId);
    if (i === undefined) {
      i = this.streamIndex.size;
      this.streamIndex.set(streamId, i);
      this.states.push(undefined);
      this.nextVersion.push(1);
      this.altVersion.push(0);
      this.lastAt.push("");
      this.lastMs.push(0);
      this.timeLine.push(0);
    }
    return i;
  }

  event(line: number, event: EventEnvelope): void {
    this.events++;
    this.countPersonalData(event);
    const where = { line, position: event.position, streamId: event.streamId, type: event.type };
    const stream = this.indexOf(event.streamId);
    const versionFinding = this.checkVersion(where, stream, event.streamId, event.version);
    this.checkTimes(where, stream, event);
    if (!event.streamId.startsWith("petition-") || this.blind.has(event.streamId)) return;
    const state = this.states[stream];
    if (versionFinding?.jumped) {
      // Events before this one are missing (or it is misnumbered): the state it would be
      // judged on is incomplete, so judging it would only repeat the version finding.
      if (state === undefined && event.type !== "PetitionRegistered") {
        this.blind.add(event.streamId);
        versionFinding.finding.message += `; the stream has no registration, its lifecycle is not checked`;
        return;
      }
      versionFinding.finding.message += "; this event is not judged against the lifecycle";
    } else {
      for (const v of checkEvent(state, event, this.judging)) {
        this.findings.push({
          ...where,
          rule: v.rule,
          ...(v.article ? { article: v.article } : {}),
          message: v.message,
        });
      }
      // After the end nothing lawful carries a due time; an unlawful event is reported already.
      const ended = state !== undefined && isTerminal(state.status);
      if (this.options.policy && !ended)
        this.checkDueTimes(where, state, event, this.options.policy);
    }
    // The folded state while the petition is open, a shared record once it ended (stream-state.ts).
    this.states[stream] = nextState(state, event);
  }

  private countPersonalData(event: EventEnvelope): void {
    if (event.type !== "PetitionRegistered") return;
    const plaintext = plaintextPersonalData(event).length;
    this.personalData.plaintext += plaintext;
    this.personalData.protected += personalDataFieldCount(event) - plaintext;
  }

  /**
   * Business time never runs backwards within a stream (the engine refuses a
   * command dated before the petition's last event), and a store cannot have
   * recorded an event before it happened: either would let a late act be
   * dated into its period.
   */
  private checkTimes(
    where: Omit<Finding, "rule" | "message">,
    stream: number,
    event: EventEnvelope,
  ): void {
    const occurred = instantMs(event.occurredAt);
    const recorded = event.recordedAt === event.occurredAt ? occurred : instantMs(event.recordedAt);
    if (recorded < occurred) {
      this.findings.push({
        ...where,
        rule: "recorded before occurred",
        field: "recordedAt",
        message: `recorded at ${event.recordedAt}, before it occurred at ${event.occurredAt}`,
      });
    }
    if (untimed(event.type)) return;
    const lastLine = this.timeLine[stream] ?? 0;
    if (lastLine !== 0 && occurred < (this.lastMs[stream] ?? 0)) {
      // When the event that set the stream's time was itself at fault (a late act dated
      // later), the defect is already reported: do not report its consequence again.
      const lastAtFault = this.findings.some((f) => f.line === lastLine);
      if (lastAtFault) return;
      this.findings.push({
        ...where,
        rule: "time order",
        field: "occurredAt",
        message: `occurred at ${event.occurredAt}, before the stream's previous event (line ${lastLine}, ${this.lastAt[stream]})`,
      });
      return; // judge later events against the latest time, not this earlier one
    }
    this.lastAt[stream] = event.occurredAt;
    this.lastMs[stream] = occurred;
    this.timeLine[stream] = where.line;
  }

  /** LOG-FORMAT: due times are computed from the policy when a stage starts; metrics trust them. */
  private checkDueTimes(
    where: Omit<Finding, "rule" | "message">,
    state: PetitionState | undefined,
    event: EventEnvelope,
    policy: Policy,
  ): void {
    for (const m of dueTimeMismatches(state, event, policy)) {
      this.findings.push({
        ...where,
        rule: "due time",
        field: `data.${m.field}`,
        message:
          m.stored === undefined
            ? `${m.field} is missing; policy ${policy.id} gives ${m.expected}`
            : m.expected === undefined
              ? `${m.field} ${m.stored} is stored, but policy ${policy.id} gives no such due time`
              : `${m.field} ${m.stored} is stored, but policy ${policy.id} gives ${m.expected}`,
      });
    }
  }

  /** A line that is not an event; `finding` says why. */
  dropped(finding: Finding, identity: Identity): void {
    const { streamId, version } = identity;
    const where = {
      ...finding,
      ...(identity.position ? { position: identity.position } : {}),
      ...(streamId ? { streamId } : {}),
      ...(identity.type ? { type: identity.type } : {}),
    };
    if (streamId?.startsWith("petition-") && !this.blind.has(streamId)) {
      this.blind.add(streamId);
      where.message += `; the lifecycle of ${streamId} is not checked after this line`;
      // Never judged again: its state would only be held (a log with many such lines holds many).
      const stream = this.streamIndex.get(streamId);
      if (stream !== undefined) this.states[stream] = undefined;
    }
    this.findings.push(where);
    if (streamId && version) {
      const { line, position, type } = where;
      this.checkVersion(
        { line, position, streamId, type },
        this.indexOf(streamId),
        streamId,
        version,
      );
    }
  }

  /** The finding for a version out of sequence; `jumped` when it skips ahead. */
  private checkVersion(
    where: Omit<Finding, "rule" | "message">,
    stream: number,
    streamId: string,
    version: number,
  ): { finding: Finding; jumped: boolean } | undefined {
    const next = this.nextVersion[stream] ?? 1;
    const alt = this.altVersion[stream] ?? 0;
    if (version === next || (alt !== 0 && version === alt)) {
      this.nextVersion[stream] = version + 1;
      this.altVersion[stream] = 0;
      return undefined;
    }
    const finding: Finding = {
      ...where,
      rule: "stream-version",
      message: `version ${version} in ${streamId}, expected ${alt === 0 ? next : `${next} or ${alt}`} (versions are gapless, starting at 1)`,
    };
    this.findings.push(finding);
    // Either this line bears a wrong number, or versions really jumped: accept what follows either.
    const slot = Math.max(next, alt);
    this.nextVersion[stream] = slot + 1;
    this.altVersion[stream] = version + 1;
    return { finding, jumped: version > slot };
  }

  result(): VerifyResult {
    const { breaks, ...chain } = this.chain.finish();
    // Chain breaks are capped by the chain verifier; they are kept whatever came before.
    this.findings.items.push(...breaks.map(chainFinding));
    if (this.options.requireChain && chain.sealed === 0 && this.lastLine > 0) {
      this.findings.push({
        line: 1,
        rule: "chain-unsealed",
        message: "the log carries no hash chain (prevHash, hash): edits to it cannot be detected",
      });
    }
    if (chain.head && !chain.head.ok) {
      this.findings.push({
        line: chain.head.line ?? this.lastLine,
        rule: "published-head",
        message: chain.head.message,
      });
    }
    // Stable: findings of one line keep the order they were found in.
    const findings = this.findings.items.sort((a, b) => a.line - b.line);
    return {
      events: this.events,
      streams: this.streams,
      findings,
      omittedFindings: this.findings.omitted,
      chain,
      personalData: this.personalData,
    };
  }

  /** The last line read, where a finding about the end of the log is placed. */
  lastLine = 0;
}

const optionsOf = (value: ((count: number) => void) | VerifyOptions | undefined): VerifyOptions =>
  typeof value === "function" ? { onProgress: value } : (value ?? {});

type Decoded = { event: EventEnvelope } | { error: PetitioError };

const decode = (raw: unknown, line: number): Decoded => {
  try {
    return { event: defaultRegistry.decode(raw, { line }) };
  } catch (error) {
    if (error instanceof PetitioError) return { error };
    throw error;
  }
};

/** Decode, naming a value beyond a legal cap by its law; the event goes on held at the cap. */
const decodeWithinLimits = (
  raw: unknown,
  line: number,
  findings: { push(f: Finding): void },
): Decoded => {
  const decoded = decode(raw, line);
  if (!("error" in decoded) || !(decoded.error instanceof ValidationError)) return decoded;
  if (typeof raw !== "object" || raw === null) return decoded;
  const { type, data } = raw as { type?: unknown; data?: Record<string, unknown> };
  const limit = LEGAL_LIMITS.find((l) => l.type === type);
  const value = data?.[limit?.field ?? ""];
  if (!limit || !data || typeof value !== "number" || value <= limit.max) return decoded;
  const identity = identityOf(raw);
  findings.push({
    line,
    ...(identity.position ? { position: identity.position } : {}),
    ...(identity.streamId ? { streamId: identity.streamId } : {}),
    type: limit.type,
    rule: limit.rule,
    article: limit.article,
    field: `data.${limit.field}`,
    message: limit.message(value),
  });
  return decode({ ...raw, data: { ...data, [limit.field]: limit.max } }, line);
};

/**
 * Verify a JSONL log file in one pass. Every line is read (a bad line is a
 * finding, not a stop): bytes that are not UTF-8, text that is not JSON, an
 * envelope the catalog rejects, a value beyond a legal cap, a position out of
 * order; then versions and transitions. Line numbers are those of the file.
 */
export const verifyLogFile = async (
  path: string,
  onProgressOrOptions?: ((count: number) => void) | VerifyOptions,
): Promise<VerifyResult> => {
  const options = optionsOf(onProgressOrOptions);
  const { onProgress, onEvent, onBytes } = options;
  const checker = new LogChecker(options);
  let lastPosition = 0;
  const advancePosition = (position: number | undefined) => {
    if (position !== undefined) lastPosition = Math.max(lastPosition, position);
  };
  const readLine = ({ line, text, error: badBytes }: LogLine): void => {
    if (!badBytes && text.trim() === "") return;
    checker.lastLine = line;
    let raw: unknown;
    let parsed = true;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      parsed = false;
      checker.chain.unreadable();
      if (!badBytes) {
        const finding = schemaFinding(new LogParseError(line, (error as Error).message), line);
        const identity = salvageIdentity(text);
        checker.dropped(finding, identity);
        advancePosition(identity.position);
        return;
      }
    }
    if (parsed) checker.chain.push(line, raw);
    const decoded = parsed ? decodeWithinLimits(raw, line, checker.findings) : undefined;
    if (badBytes) {
      // The bytes are the defect; a line they leave unreadable is not reported twice.
      // trust (#16): a line over the reader's cap was dropped unread, not mis-encoded.
      const finding: Finding =
        badBytes instanceof LogLineTooLongError
          ? { line, rule: "line length", message: badBytes.message }
          : { line, rule: "encoding", message: "the line is not valid UTF-8" };
      if (!decoded || "error" in decoded) {
        const identity = parsed ? identityOf(raw) : salvageIdentity(text);
        checker.dropped(finding, identity);
        advancePosition(identity.position);
        return;
      }
      checker.findings.push({ ...finding, streamId: decoded.event.streamId });
    } else if (!decoded || "error" in decoded) {
      const identity = identityOf(raw);
      checker.dropped(schemaFinding((decoded as { error: PetitioError }).error, line), identity);
      advancePosition(identity.position);
      return;
    }
    const { event } = decoded;
    if (event.position <= lastPosition) {
      // A valid event out of place: named, and still judged in its stream.
      checker.findings.push({
        line,
        position: event.position,
        streamId: event.streamId,
        type: event.type,
        rule: "position-order",
        field: "position",
        message: `position ${event.position} is not greater than the previous position ${lastPosition}`,
      });
    }
    advancePosition(event.position);
    checker.event(line, event);
    onEvent?.(event);
    if (checker.events % 2000 === 0) onProgress?.(checker.events);
  };
  const splitter = new LineSplitter();
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (const logLine of splitter.push(chunk as Buffer)) readLine(logLine);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  for (const logLine of splitter.end()) readLine(logLine);
  return checker.result();
};

/** Verify the events of a store, numbered by their rank in position order. */
export const verifyStoreEvents = async (
  events: AsyncIterable<EventEnvelope>,
  onProgressOrOptions?: ((count: number) => void) | VerifyOptions,
): Promise<VerifyResult> => {
  const options = optionsOf(onProgressOrOptions);
  const { onProgress, onEvent } = options;
  const checker = new LogChecker(options);
  let rank = 0;
  let lastPosition = 0;
  for await (const event of events) {
    rank++;
    checker.lastLine = rank;
    // The chain covers the envelope exactly as stored, chain fields included.
    checker.chain.push(rank, event);
    if (event.position <= lastPosition) {
      checker.findings.push({
        line: rank,
        position: event.position,
        streamId: event.streamId,
        type: event.type,
        rule: "position-order",
        message: `position ${event.position} is not greater than the previous position ${lastPosition}`,
      });
    }
    lastPosition = Math.max(lastPosition, event.position);
    checker.event(rank, event);
    onEvent?.(event);
    if (rank % 2000 === 0) onProgress?.(rank);
  }
  return checker.result();
};
