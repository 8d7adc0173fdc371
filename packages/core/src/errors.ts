import type { ForbiddenRoleError, IllegalCommandError } from "./lifecycle/errors.js";
import type { LogLineTooLongError } from "./log/errors.js";

/**
 * Typed errors. Every error Petitio throws is a `PetitioError` with a stable
 * literal `code`, a message that says what is wrong and where, and structured
 * fields so callers can react without parsing text. Other packages extend
 * `PetitioError` with codes of their own.
 */
export abstract class PetitioError extends Error {
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

/** One problem in an input, located by its path (`data.petitioners.0.name`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Input that does not match its schema. `issues` names every bad field. */
export class ValidationError extends PetitioError {
  readonly code = "VALIDATION_FAILED";
  constructor(
    readonly subject: string,
    readonly issues: readonly FieldIssue[],
    /** 1-based line in a JSONL log, when the input came from one. */
    readonly line?: number,
  ) {
    super(
      `${line === undefined ? "" : `line ${line}: `}invalid ${subject}: ` +
        issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; "),
    );
  }
  /** The first offending field, for one-line reports. */
  get field(): string {
    return this.issues[0]?.path ?? "";
  }
}

/** A stream was not at the version the writer expected. Nothing was appended. */
export class ConcurrencyError extends PetitioError {
  readonly code = "CONCURRENCY_CONFLICT";
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | "noStream" | "exists" | "any",
    /** 0 when the stream does not exist. */
    readonly actualVersion: number,
  ) {
    super(
      `stream ${streamId}: expected version ${String(expectedVersion)}, but it is at ${
        actualVersion === 0 ? "no stream" : actualVersion
      }; nothing was appended: read the stream again, decide again, and append with its new version`,
    );
  }
}

/**
 * An idempotency key already used by another command or on another stream.
 * A key is unique per store: reusing it for anything but a repeat of the very
 * same command is refused, and nothing was appended (docs/commands.md).
 */
export class IdempotencyConflictError extends PetitioError {
  readonly code = "IDEMPOTENCY_CONFLICT";
  constructor(
    readonly key: string,
    /** Where the key was first used: its stream and, when the engine knows it, its command. */
    readonly first: { readonly streamId: string; readonly command?: string },
    /** The append or command that reused it. */
    readonly again: { readonly streamId: string; readonly command?: string },
  ) {
    super(
      `idempotency key "${key}" was first used ${describeUse(first)}; it cannot be reused ${describeUse(again)}: a key names one command, use a new key for a new command; nothing was appended`,
    );
  }
}

const describeUse = (use: { streamId: string; command?: string }): string =>
  use.command === undefined
    ? `on stream ${use.streamId}`
    : `for ${use.command} on stream ${use.streamId}`;

/** An event type that is neither in the catalog nor registered as custom. */
export class UnknownEventTypeError extends PetitioError {
  readonly code = "UNKNOWN_EVENT_TYPE";
  constructor(
    readonly type: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? "" : `line ${line}: `}unknown event type "${type}"`);
  }
}

/** A stored schema version for which no upcaster path to the current one exists. */
export class UnsupportedSchemaVersionError extends PetitioError {
  readonly code = "UNSUPPORTED_SCHEMA_VERSION";
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    readonly currentVersion: number,
    /** 1-based line in a JSONL log, when the event came from one. */
    readonly line?: number,
  ) {
    super(
      `${line === undefined ? "" : `line ${line}: `}event ${type} has schemaVersion ${schemaVersion}, but only 1..${currentVersion} can be read`,
    );
  }
}

/** A JSONL line that is not JSON at all. */
export class LogParseError extends PetitioError {
  readonly code = "LOG_PARSE_FAILED";
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: not valid JSON (${reason})`);
  }
  get field(): string {
    return "";
  }
}

/** Positions in an imported log must strictly increase. */
export class LogOrderError extends PetitioError {
  readonly code = "LOG_OUT_OF_ORDER";
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`line ${line}: ${field}: ${reason}`);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends PetitioError {
  readonly code = "STORE_CLOSED";
  constructor(readonly store: string) {
    super(`${store} store is closed`);
  }
}

/** A custom event type registered again with a schema version that is not above the current one. */
export class EventTypeConflictError extends PetitioError {
  readonly code = "EVENT_TYPE_CONFLICT";
  constructor(
    readonly type: string,
    readonly currentVersion: number,
    readonly requestedVersion: number,
  ) {
    super(
      `${type} is already at schemaVersion ${currentVersion}; a new schema needs version ${currentVersion + 1}, not ${requestedVersion}`,
    );
  }
}

/** Every error class of @petitio/core. */
export type CoreError =
  | ValidationError
  | ConcurrencyError
  | IdempotencyConflictError
  | UnknownEventTypeError
  | UnsupportedSchemaVersionError
  | EventTypeConflictError
  | LogParseError
  | LogLineTooLongError
  | LogOrderError
  | StoreClosedError
  | IllegalCommandError
  | ForbiddenRoleError;

/** The literal `code` of every error @petitio/core throws: a `switch` over it can be exhaustive. */
export type PetitioErrorCode = CoreError["code"];
