import type { EventEnvelope } from "../events/envelope.js";
import { isLaterTime } from "./later-time.js";
import { typeCode } from "./type-codes.js";

/** The stream prefix of a petition. */
export const PETITION_STREAM_PREFIX = "petition-";

/**
 * What several folds of one pass would each read from an event, read once
 * (the CLI's report feeds one event to the fact table, the practice fold, the
 * 12345 fold and its own tallies). Filled in place by `EventClassifier`: no
 * object per event.
 */
export interface EventClass {
  /** The type's code (type-codes.ts). */
  code: number;
  /** The stream is a petition's (`petition-…`). */
  petition: boolean;
  /**
   * Whether `occurredAt` is later (isLaterTime) than `previousLatest`, the
   * latest `occurredAt` among the events classified before it. A fold that
   * keeps the latest time of exactly those events uses it instead of comparing
   * again; any other fold (one that skipped an event) compares on its own.
   */
  later: boolean;
  previousLatest: string | null;
}

/** Classifies the events of one pass, in log order (see EventClass). */
export class EventClassifier implements EventClass {
  code = -1;
  petition = false;
  later = false;
  previousLatest: string | null = null;
  /** The latest `occurredAt` classified so far. */
  latest: string | null = null;

  /** Classify the next event; `code`, when the reader already has the type's code. */
  classify(event: EventEnvelope, code = typeCode(event.type)): EventClass {
    this.code = code;
    this.petition = event.streamId.startsWith(PETITION_STREAM_PREFIX);
    const previous = this.latest;
    this.previousLatest = previous;
    this.later = isLaterTime(event.occurredAt, previous);
    if (this.later) this.latest = event.occurredAt;
    return this;
  }
}

/**
 * Whether `time` is later than `current`, the latest time a fold keeps: the
 * classification's answer when the fold kept the same latest time as the
 * classifier, else compared here.
 */
export const isLaterThan = (c: EventClass, time: string, current: string | null | undefined) =>
  current === c.previousLatest || (current === undefined && c.previousLatest === null)
    ? c.later
    : isLaterTime(time, current);
