import { PetitioError } from "../errors.js";

/**
 * A value that has no canonical JSON form (a cycle, a function, a bigint, a
 * number that is not finite): hashing it would not survive a JSON round trip.
 */
export class CanonicalJsonError extends PetitioError {
  readonly code = "NOT_CANONICAL_JSON";
  constructor(
    /** Path of the offending value, `data.petitioners.0.name` style; "" for the root. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot hash ${path || "(root)"}: ${reason}`);
  }
  get field(): string {
    return this.path;
  }
}

/** A chain hash that is not 64 lowercase hex digits. */
export class InvalidChainHashError extends PetitioError {
  readonly code = "INVALID_CHAIN_HASH";
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${field}: expected 64 lowercase hex digits (SHA-256), got ${JSON.stringify(value)}`);
  }
}

/** A checkpoint that cannot be trusted: malformed, signed by another key, or its signature fails. */
export class CheckpointError extends PetitioError {
  readonly code = "INVALID_CHECKPOINT";
  constructor(
    /** The checkpoint field at fault (`signature`, `hash`, ...), "" for the whole document. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`checkpoint${field ? ` ${field}` : ""}: ${reason}`);
  }
}
