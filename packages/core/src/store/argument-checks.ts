import type { FieldIssue } from "../errors.js";
import { ValidationError } from "../errors.js";
import { isoDateTime } from "../events/envelope.js";

/**
 * Argument checks for every store method, shared by all adapters so each
 * rejects the same input with the same `ValidationError` (subject = the
 * method, `field` = the argument, message = the reason) before it touches
 * storage. Limits keep hostile input from exhausting memory or the stack;
 * docs/storage.md lists them.
 */

export interface StoreLimits {
  /** Stream ids, keys, timer ids, channel and checkpoint names (UTF-16 code units). */
  maxIdLength: number;
  /** Any one string inside event data, payloads and state (petition content included). */
  maxStringLength: number;
  /** Any one array (petitioners, attachments, …). */
  maxArrayLength: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** One event, payload or snapshot, as JSON text (UTF-16 code units, an upper bound of work). */
  maxJsonLength: number;
  /** Events in one append. */
  maxEventsPerAppend: number;
  /** Rows one claim may lease. */
  maxClaimLimit: number;
}

export const DEFAULT_STORE_LIMITS: Readonly<StoreLimits> = Object.freeze({
  maxIdLength: 256,
  maxStringLength: 100_000,
  maxArrayLength: 1_000,
  maxDepth: 32,
  maxJsonLength: 1_000_000,
  maxEventsPerAppend: 1_000,
  maxClaimLimit: 10_000,
});

/**
 * True when `text` has no lone UTF-16 surrogate: such a string is stored as
 * WTF-8 and read back as U+FFFD, so two different ids would become one.
 * (`String.prototype.isWellFormed`, Node ≥ 20, not yet in TypeScript's ES2022 lib.)
 */
export const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** One week: a lease longer than that is a bug in the caller. */
export const MAX_LEASE_MS = 7 * 24 * 3_600_000;

/** Collects the issues of one call; `done()` throws them all at once. */
export class ArgumentCheck {
  readonly issues: FieldIssue[] = [];
  constructor(
    readonly method: string,
    readonly limits: Readonly<StoreLimits> = DEFAULT_STORE_LIMITS,
  ) {}

  fail(field: string, message: string): this {
    this.issues.push({ path: field, message });
    return this;
  }

  /** A non-empty, well-formed string of at most `maxIdLength` units. */
  id(field: string, value: unknown): this {
    if (typeof value !== "string" || value.length === 0) {
      return this.fail(field, "must be a non-empty string");
    }
    if (value.length > this.limits.maxIdLength) {
      return this.fail(field, `must be at most ${this.limits.maxIdLength} characters`);
    }
    if (!isWellFormed(value)) {
      return this.fail(field, "must be well-formed Unicode (no lone surrogate)");
    }
    return this;
  }

  /** Free text (an error message): a well-formed string of at most `maxStringLength` units. */
  text(field: string, value: unknown): this {
    if (typeof value !== "string") return this.fail(field, "must be a string");
    if (value.length > this.limits.maxStringLength) {
      return this.fail(field, `must be at most ${this.limits.maxStringLength} characters`);
    }
    if (!isWellFormed(value)) {
      return this.fail(field, "must be well-formed Unicode (no lone surrogate)");
    }
    return this;
  }

  /** An ISO-8601 date-time with offset that names a real moment (no 2024-02-30). */
  time(field: string, value: unknown): this {
    if (typeof value !== "string" || !isoDateTime.safeParse(value).success) {
      return this.fail(field, "must be an ISO-8601 date-time with offset, on a real calendar day");
    }
    return this;
  }

  int(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): this {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      return this.fail(field, `must be an integer ${range}`);
    }
    return this;
  }

  object(field: string, value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(field, "must be an object");
      return false;
    }
    return true;
  }

  /** Like `object`, but throws at once: nothing else can be checked without it. */
  mustBeObject(field: string, value: unknown): asserts value is Record<string, unknown> {
    if (!this.object(field, value)) this.done();
  }

  /** A JSON value within the limits (see `jsonIssue`). */
  json(field: string, value: unknown, { object = false } = {}): this {
    if (object && (typeof value !== "object" || value === null || Array.isArray(value))) {
      return this.fail(field, "must be an object");
    }
    const issue = jsonIssue(value, this.limits);
    if (issue) this.fail(issue.path ? `${field}.${issue.path}` : field, issue.message);
    return this;
  }

  /** An array of at most `max` items; returns whether it is one. */
  array(field: string, value: unknown, max = this.limits.maxArrayLength): value is unknown[] {
    if (!Array.isArray(value)) {
      this.fail(field, "must be an array");
      return false;
    }
    if (value.length > max) {
      this.fail(field, `must have at most ${max} items`);
      return false;
    }
    return true;
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  done(): void {
    if (this.issues.length > 0) throw new ValidationError(this.method, this.issues);
  }
}

/**
 * The first reason `value` is not plain JSON within `limits`, or undefined.
 * Walks with an explicit stack, so a value nested 5,000 deep is rejected
 * instead of overflowing the call stack. Rejects cycles, functions, symbols,
 * bigints, non-finite numbers, `undefined` in arrays, class instances,
 * ill-formed strings and keys, and anything longer than the limits.
 */
export const jsonIssue = (
  value: unknown,
  limits: Readonly<StoreLimits> = DEFAULT_STORE_LIMITS,
): FieldIssue | undefined => {
  // `leave` entries pop after an object's children: `onPath` then holds exactly
  // the ancestors, so a shared (non-cyclic) reference is fine and a cycle is not.
  const stack: { value: unknown; path: string; depth: number; leave?: object }[] = [
    { value, path: "", depth: 0 },
  ];
  const onPath = new Set<object>();
  let length = 0;
  const issue = (path: string, message: string): FieldIssue => ({ path, message });
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.leave) {
      onPath.delete(item.leave);
      continue;
    }
    const v = item.value;
    const at = item.path;
    switch (typeof v) {
      case "string":
        length += v.length + 2;
        if (v.length > limits.maxStringLength) {
          return issue(at, `text longer than ${limits.maxStringLength} characters`);
        }
        if (!isWellFormed(v)) return issue(at, "must be well-formed Unicode (no lone surrogate)");
        break;
      case "number":
        if (!Number.isFinite(v)) return issue(at, "must be a finite number");
        length += 8;
        break;
      case "boolean":
        length += 5;
        break;
      case "object": {
        if (v === null) {
          length += 4;
          break;
        }
        if (item.depth >= limits.maxDepth) {
          return issue(at, `nested deeper than ${limits.maxDepth} levels`);
        }
        if (onPath.has(v)) return issue(at, "must not contain a cycle");
        onPath.add(v);
        stack.push({ value: undefined, path: at, depth: item.depth, leave: v });
        const child = (key: string) => (at === "" ? key : `${at}.${key}`);
        if (Array.isArray(v)) {
          if (v.length > limits.maxArrayLength) {
            return issue(at, `more than ${limits.maxArrayLength} items`);
          }
          length += v.length + 2;
          for (let i = v.length - 1; i >= 0; i--) {
            if (v[i] === undefined) return issue(child(String(i)), "must not be undefined");
            stack.push({ value: v[i], path: child(String(i)), depth: item.depth + 1 });
          }
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            return issue(at, "must be a plain object, array, string, number, boolean or null");
          }
          const keys = Object.keys(v);
          if (keys.length > limits.maxArrayLength) {
            return issue(at, `more than ${limits.maxArrayLength} keys`);
          }
          for (let i = keys.length - 1; i >= 0; i--) {
            const key = keys[i]!;
            if (!isWellFormed(key)) return issue(at, "keys must be well-formed Unicode");
            const childValue = (v as Record<string, unknown>)[key];
            length += key.length + 4;
            // JSON drops undefined properties; keep that meaning.
            if (childValue === undefined) continue;
            stack.push({ value: childValue, path: child(key), depth: item.depth + 1 });
          }
        }
        break;
      }
      case "undefined":
        return issue(at, "must not be undefined");
      default:
        return issue(at, `a ${typeof v} is not JSON`);
    }
    if (length > limits.maxJsonLength) {
      return issue("", `larger than ${limits.maxJsonLength} characters as JSON`);
    }
  }
  return undefined;
};

/** `listDeadLetters` options; returns the limit to use (default 100). */
export const checkListDeadLetters = (options: unknown): number => {
  const check: ArgumentCheck = new ArgumentCheck("listDeadLetters");
  if (options === undefined) return 100;
  check.mustBeObject("options", options);
  const { limit = 100 } = options;
  check.int("limit", limit, 1, DEFAULT_STORE_LIMITS.maxClaimLimit).done();
  return limit as number;
};

const OPTIONS = "options";

/** `claimOutbox` / `claimDueTimers` options: `now` a real moment, `limit` 1…max, `leaseMs` 0…one week. */
export const checkClaim = (method: string, options: unknown): void => {
  const check: ArgumentCheck = new ArgumentCheck(method);
  check.mustBeObject(OPTIONS, options);
  const { now, limit, leaseMs, kinds } = options;
  check
    .time("now", now)
    .int("limit", limit, 1, check.limits.maxClaimLimit)
    .int("leaseMs", leaseMs, 0, MAX_LEASE_MS);
  if (kinds !== undefined) {
    if (method !== "claimDueTimers") check.fail("kinds", "is only for claimDueTimers");
    else if (check.array("kinds", kinds)) {
      for (const [i, kind] of kinds.entries()) check.id(`kinds.${i}`, kind);
    }
  }
  check.done();
};

const checkTimerSpec = (check: ArgumentCheck, field: string, timer: unknown): void => {
  if (!check.object(field, timer)) return;
  check
    .id(`${field}.id`, timer.id)
    .id(`${field}.streamId`, timer.streamId)
    .time(`${field}.fireAt`, timer.fireAt)
    .id(`${field}.kind`, timer.kind);
  if (timer.payload !== undefined) check.json(`${field}.payload`, timer.payload, { object: true });
};

const checkTimerChanges = (check: ArgumentCheck, timers: unknown): void => {
  if (!check.object("timers", timers)) return;
  const { set, cancel, cancelAllForStream } = timers;
  if (set !== undefined && check.array("timers.set", set)) {
    for (const [i, timer] of set.entries()) checkTimerSpec(check, `timers.set.${i}`, timer);
  }
  // An array, not any iterable: a string would be cancelled character by character.
  if (cancel !== undefined && check.array("timers.cancel", cancel)) {
    for (const [i, id] of cancel.entries()) check.id(`timers.cancel.${i}`, id);
  }
  if (cancelAllForStream !== undefined && typeof cancelAllForStream !== "boolean") {
    check.fail("timers.cancelAllForStream", "must be true or false");
  }
};

/**
 * `append` arguments apart from the events' own schemas (`validateAppend`):
 * the options object and everything in it, and each event's JSON limits, so
 * the schema check never walks a hostile value.
 */
export const checkAppendArguments = (
  streamId: unknown,
  events: unknown,
  options: unknown,
): void => {
  const check: ArgumentCheck = new ArgumentCheck("append");
  check.id("streamId", streamId);
  if (check.array("events", events, check.limits.maxEventsPerAppend)) {
    for (const [i, event] of events.entries()) check.json(`events.${i}`, event, { object: true });
  }
  check.mustBeObject(OPTIONS, options);
  const { idempotencyKey, outbox, timers, inline, expectedVersion } = options;
  if (expectedVersion === undefined) check.fail("expectedVersion", "is required");
  if (idempotencyKey !== undefined) check.id("idempotencyKey", idempotencyKey);
  if (outbox !== undefined && check.array("outbox", outbox)) {
    outbox.forEach((message, i) => {
      const field = `outbox.${i}`;
      if (!check.object(field, message)) return;
      check
        .id(`${field}.key`, message.key)
        .id(`${field}.channel`, message.channel)
        .json(`${field}.payload`, message.payload, { object: true });
    });
  }
  if (timers !== undefined) checkTimerChanges(check, timers);
  if (inline !== undefined && typeof inline !== "function") {
    check.fail("inline", "must be a function");
  }
  check.done();
};

/** `readStream` arguments. */
export const checkReadStream = (streamId: unknown, options: unknown): void => {
  const check: ArgumentCheck = new ArgumentCheck("readStream").id("streamId", streamId);
  if (options !== undefined && check.object(OPTIONS, options)) {
    const { fromVersion, toVersion } = options;
    if (fromVersion !== undefined) check.int("fromVersion", fromVersion, 0);
    if (toVersion !== undefined) check.int("toVersion", toVersion, 0);
  }
  check.done();
};

/** A method whose only argument is an id (`streamVersion`, `ackOutbox`, `completeTimer`, …). */
export const checkId = (method: string, field: string, value: unknown): void => {
  new ArgumentCheck(method).id(field, value).done();
};

/** `failOutbox(id, error, retryAt)`. */
export const checkFailOutbox = (id: unknown, error: unknown, retryAt: unknown): void => {
  new ArgumentCheck("failOutbox").id("id", id).text("error", error).time("retryAt", retryAt).done();
};

/** `saveProjection(snapshot)`: name, version, position, and a JSON state within the limits. */
export const checkSnapshotArgument = (snapshot: unknown): void => {
  const check: ArgumentCheck = new ArgumentCheck("saveProjection");
  check.mustBeObject("snapshot", snapshot);
  check
    .id("name", snapshot.name)
    .int("version", snapshot.version, 0)
    .int("position", snapshot.position, 0)
    .json("state", snapshot.state)
    .done();
};

/** `subscribe(options)`. */
export const checkSubscribe = (options: unknown): void => {
  const check: ArgumentCheck = new ArgumentCheck("subscribe");
  check.mustBeObject(OPTIONS, options);
  const { handler, onError, checkpoint, after } = options;
  if (typeof handler !== "function") check.fail("handler", "must be a function");
  if (onError !== undefined && typeof onError !== "function") {
    check.fail("onError", "must be a function");
  }
  if (checkpoint !== undefined) check.id("checkpoint", checkpoint);
  if (after !== undefined) check.int("after", after, 0);
  check.done();
};

/** `importEvents(events, options)`. */
export const checkImportArguments = (events: unknown, options: unknown): void => {
  const check: ArgumentCheck = new ArgumentCheck("importEvents");
  const iterable =
    typeof events === "object" &&
    events !== null &&
    (Symbol.iterator in events || Symbol.asyncIterator in events);
  if (!iterable) check.fail("events", "must be an iterable or async iterable of envelopes");
  if (options !== undefined && check.object(OPTIONS, options)) {
    const { batchSize, onProgress } = options;
    if (batchSize !== undefined) check.int("batchSize", batchSize, 1, 100_000);
    if (onProgress !== undefined && typeof onProgress !== "function") {
      check.fail("onProgress", "must be a function");
    }
  }
  check.done();
};

/** An imported envelope before it is decoded: JSON limits and a well-formed stream id. */
export const checkImportedEnvelope = (event: unknown, line: number): void => {
  const check: ArgumentCheck = new ArgumentCheck("importEvents");
  if (check.object("event", event)) {
    check.json("event", event).id("event.streamId", event.streamId);
  }
  if (!check.ok) {
    throw new ValidationError(
      "imported event",
      check.issues.map((i) => ({ path: i.path.replace(/^event\.?/, ""), message: i.message })),
      line,
    );
  }
};

/** Personal-data key arguments: a subject id (the key itself is checked by the privacy module). */
export const checkSubjectId = (method: string, subjectId: unknown): void => {
  new ArgumentCheck(method).id("subjectId", subjectId).done();
};
