import { PetitioError } from "../errors.js";

/** A personal-data key that is not 32 bytes (AES-256). */
export class PersonalDataKeyError extends PetitioError {
  readonly code = "PII_KEY_INVALID";
  constructor(
    readonly subjectId: string,
    readonly reason: string,
  ) {
    super(`personal-data key of subject ${JSON.stringify(subjectId)}: ${reason}`);
  }
}

/**
 * A protected value that does not decrypt: malformed, altered, moved to another
 * field or subject, or encrypted under another key.
 */
export class PersonalDataCiphertextError extends PetitioError {
  readonly code = "PII_CIPHERTEXT_INVALID";
  constructor(
    /** The field it was read from (`data.petitioners.0.phone`). */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
