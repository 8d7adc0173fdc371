import { randomBytes } from "node:crypto";
import { PersonalDataKeyError } from "./errors.js";

/**
 * Keys that protect petitioners' personal data, one per data subject, kept in
 * a table of their own outside the events (never exported). Destroying a key
 * erases the subject's data everywhere at once, the log included, without
 * rewriting it (PIPL Art. 47; GDPR Art. 17): what remains is ciphertext no one
 * can read.
 *
 * Stores implement it over their key table; methods may be synchronous or
 * return promises.
 */
export interface PersonalDataKeys {
  /** The subject's key, or undefined when there is none or it was destroyed. */
  getKey(subjectId: string): Buffer | undefined | Promise<Buffer | undefined>;
  /** Keep `key` for the subject unless it has one; returns the key in force. */
  createKey(subjectId: string, key: Buffer): Buffer | Promise<Buffer>;
  /** Overwrite and delete the subject's key; afterwards `getKey` is undefined forever. */
  destroyKey(subjectId: string): void | Promise<void>;
}

export const PERSONAL_DATA_KEY_BYTES = 32;

/** A fresh random AES-256 key. */
export const newPersonalDataKey = (): Buffer => randomBytes(PERSONAL_DATA_KEY_BYTES);

export const checkPersonalDataKey = (subjectId: string, key: Buffer): Buffer => {
  if (!Buffer.isBuffer(key) || key.length !== PERSONAL_DATA_KEY_BYTES) {
    throw new PersonalDataKeyError(subjectId, `must be ${PERSONAL_DATA_KEY_BYTES} bytes`);
  }
  return key;
};

/**
 * Keys in memory, for the in-memory store and tests. A destroyed subject stays
 * destroyed: `createKey` will not give it a new key, so old ciphertext can never
 * be read again and new data of that subject is refused.
 */
export class MemoryPersonalDataKeys implements PersonalDataKeys {
  private readonly keys = new Map<string, Buffer>();
  private readonly destroyed = new Set<string>();

  getKey(subjectId: string): Buffer | undefined {
    const key = this.keys.get(subjectId);
    return key === undefined ? undefined : Buffer.from(key);
  }

  createKey(subjectId: string, key: Buffer): Buffer {
    checkPersonalDataKey(subjectId, key);
    if (this.destroyed.has(subjectId)) {
      throw new PersonalDataKeyError(subjectId, "was erased; a new key is not issued");
    }
    const existing = this.keys.get(subjectId);
    if (existing) return Buffer.from(existing);
    this.keys.set(subjectId, Buffer.from(key));
    return Buffer.from(key);
  }

  destroyKey(subjectId: string): void {
    this.keys.get(subjectId)?.fill(0);
    this.keys.delete(subjectId);
    this.destroyed.add(subjectId);
  }
}
