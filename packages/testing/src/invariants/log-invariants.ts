import type { EventEnvelope } from "@petitio/core";
import { groupByStream, locate } from "./streams.js";
import type { Violation } from "./violation.js";

/**
 * Invariants over a plain log of envelopes. They need nothing but the log, so
 * an auditor can run them on an exported JSONL file as well as on a test run.
 * Each returns every violation it finds (empty = the invariant holds).
 */
export type LogInvariant = (events: readonly EventEnvelope[]) => Violation[];

/**
 * Positions strictly increase through the log, and every stream's versions are
 * 1, 2, 3, … in position order (docs/log-format.md: "gapless").
 */
export const streamVersionsGapless: LogInvariant = (events) => {
  const violations: Violation[] = [];
  const invariant = "streamVersionsGapless";
  events.forEach((event, index) => {
    const previous = events[index - 1];
    if (previous && event.position <= previous.position) {
      violations.push({
        rule: invariant,
        message: `position ${event.position} does not follow ${previous.position}`,
        ...locate({ event, index }),
      });
    }
  });
  for (const stream of groupByStream(events).values()) {
    stream.forEach((entry, i) => {
      if (entry.event.version !== i + 1) {
        violations.push({
          rule: invariant,
          message: `version ${entry.event.version} where ${i + 1} was expected`,
          ...locate(entry),
        });
      }
    });
  }
  return violations;
};

/** Business time never runs backwards inside a stream. */
export const occurredAtNonDecreasing: LogInvariant = (events) => {
  const violations: Violation[] = [];
  for (const stream of groupByStream(events).values()) {
    stream.forEach((entry, i) => {
      const previous = stream[i - 1];
      if (previous && Date.parse(entry.event.occurredAt) < Date.parse(previous.event.occurredAt)) {
        violations.push({
          rule: "occurredAtNonDecreasing",
          message: `${entry.event.type} occurred at ${entry.event.occurredAt}, before the previous event (${previous.event.occurredAt})`,
          ...locate(entry),
        });
      }
    });
  }
  return violations;
};

/** Which events end a petition, and what may still be recorded after that. */
export interface TerminalRules {
  /** Event types after which the petition is closed. */
  readonly terminalTypes: readonly string[];
  /** Types that may still follow a terminal event (bookkeeping, not lifecycle). */
  readonly allowedAfter: readonly string[];
}

/**
 * Default rules, those of core's `TERMINAL_STATUSES`: a petition ends when the
 * re-examination is decided (W22 Art. 36 ¶3: final, 终结), when it is concluded,
 * withdrawn, merged, redirected to a legal channel (Art. 31) or not accepted
 * (Art. 23). One `PetitionConcluded` may
 * follow a terminal exit to record its reason; deliveries of notices already
 * in the outbox may follow anything.
 */
export const defaultTerminalRules: TerminalRules = {
  terminalTypes: [
    "ReexaminationDecided",
    "PetitionConcluded",
    "PetitionWithdrawn",
    "PetitionMerged",
    "PetitionRedirected",
    "PetitionNotAccepted",
  ],
  allowedAfter: ["NotificationDelivered", "NotificationFailed"],
};

/** Nothing but bookkeeping is recorded in a petition stream after it reached a terminal state. */
export const nothingAfterTerminal =
  (rules: TerminalRules = defaultTerminalRules): LogInvariant =>
  (events) => {
    const violations: Violation[] = [];
    const terminal = new Set(rules.terminalTypes);
    const allowed = new Set(rules.allowedAfter);
    for (const [streamId, stream] of groupByStream(events)) {
      if (!streamId.startsWith("petition-")) continue;
      let endedBy: string | undefined;
      for (const entry of stream) {
        const { type } = entry.event;
        if (endedBy === undefined) {
          if (terminal.has(type)) endedBy = type;
          continue;
        }
        if (allowed.has(type)) continue;
        // The conclusion that records why an exit ended the petition.
        if (type === "PetitionConcluded" && endedBy !== "PetitionConcluded") {
          endedBy = type;
          continue;
        }
        violations.push({
          rule: "nothingAfterTerminal",
          message: `${type} recorded after the petition ended with ${endedBy}`,
          ...locate(entry),
        });
      }
    }
    return violations;
  };

/**
 * 催办 and 督办 are issued at most once per stage and level (docs/policies.md). A stage
 * is identified by its `dueAt`: a stage that starts again (routing after an
 * objection) or is extended (Art. 34) has a new due time and may be reminded again.
 * A 督办 issued by the due time (a supervisor's own, early) and one after it
 * (overdue, W22 Art. 40) count their levels apart.
 */
export const remindersAndSupervisionsOnce: LogInvariant = (events) => {
  const violations: Violation[] = [];
  for (const stream of groupByStream(events).values()) {
    const seen = new Set<string>();
    for (const entry of stream) {
      const { type, data } = entry.event;
      let key: string;
      if (type === "ReminderIssued") {
        key = `reminder|${String(data.stage)}|${instant(data.dueAt)}`;
      } else if (type === "SupervisionIssued") {
        const early = Date.parse(entry.event.occurredAt) <= Date.parse(String(data.dueAt));
        key = `supervision|${String(data.stage)}|${instant(data.dueAt)}|${String(data.level)}|${early ? "early" : "overdue"}`;
      } else continue;
      if (seen.has(key)) {
        const level = type === "SupervisionIssued" ? ` level ${String(data.level)}` : "";
        violations.push({
          rule: "remindersAndSupervisionsOnce",
          message: `second ${type} for stage ${String(data.stage)}${level} due ${String(data.dueAt)}`,
          ...locate(entry),
        });
      }
      seen.add(key);
    }
  }
  return violations;
};

/** The same moment written with different offsets is the same due time. */
const instant = (value: unknown): string => {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? String(value) : String(ms);
};

/**
 * Requests for review (复查) and re-examination (复核) arrive within their
 * window: at or before the `reviewRequestDueAt` of the latest reply (W22
 * Art. 35) and the `reexaminationRequestDueAt` of the latest review decision
 * (Art. 36). A request with no decision before it is a violation too.
 */
export const requestsWithinLegalWindows: LogInvariant = (events) => {
  const violations: Violation[] = [];
  const invariant = "requestsWithinLegalWindows";
  for (const stream of groupByStream(events).values()) {
    let reviewDue: string | undefined;
    let reexaminationDue: string | undefined;
    for (const entry of stream) {
      const { type, data, occurredAt } = entry.event;
      if (type === "ReplyIssued") reviewDue = data.reviewRequestDueAt as string;
      if (type === "ReviewDecided") reexaminationDue = data.reexaminationRequestDueAt as string;
      const due =
        type === "ReviewRequested"
          ? { limit: reviewDue, after: "ReplyIssued", article: "W22 Art. 35" }
          : type === "ReexaminationRequested"
            ? { limit: reexaminationDue, after: "ReviewDecided", article: "W22 Art. 36" }
            : undefined;
      if (!due) continue;
      if (due.limit === undefined) {
        violations.push({
          rule: invariant,
          message: `${type} with no ${due.after} before it`,
          ...locate(entry),
        });
      } else if (Date.parse(occurredAt) > Date.parse(due.limit)) {
        violations.push({
          rule: invariant,
          article: due.article,
          message: `${type} at ${occurredAt} is after its window closed at ${due.limit} (${due.article})`,
          ...locate(entry),
        });
      }
    }
  }
  return violations;
};

/** The invariants that need nothing but the log, with default options. */
export const logInvariants: Readonly<Record<string, LogInvariant>> = {
  streamVersionsGapless,
  occurredAtNonDecreasing,
  nothingAfterTerminal: nothingAfterTerminal(),
  remindersAndSupervisionsOnce,
  requestsWithinLegalWindows,
};

/** Run several invariants over one log and collect every violation. */
export const checkLog = (
  events: readonly EventEnvelope[],
  invariants: Readonly<Record<string, LogInvariant>> = logInvariants,
): Violation[] => Object.values(invariants).flatMap((invariant) => invariant(events));
