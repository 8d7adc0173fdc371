import { createHash } from "node:crypto";
import { CanonicalJsonError, InvalidChainHashError } from "./errors.js";

/**
 * The hash chain over stored envelopes (docs/log-integrity.md). Each envelope
 * carries `prevHash`, the `hash` of the envelope before it in global position
 * order, and its own `hash`:
 *
 *   hash = sha256_hex(prevHash + "\n" + canonicalJson(envelope without prevHash and hash))
 *
 * so editing, inserting, deleting or reordering any line changes every hash
 * after it, and a published head catches a truncated tail.
 */

/** `prevHash` of the first envelope: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** The two fields the chain adds to an envelope. */
export interface ChainFields {
  prevHash: string;
  hash: string;
}

/** An envelope with its chain fields. */
export type Sealed<T> = T & ChainFields;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** True for 64 lowercase hex digits, the form of every chain hash. */
export const isChainHash = (value: unknown): value is string =>
  typeof value === "string" && HEX_SHA256.test(value);

const describe = (value: unknown): string =>
  typeof value === "number" ? String(value) : typeof value;

/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16
 * code units, no whitespace, strings and numbers as `JSON.stringify` writes
 * them, keys whose value is `undefined` omitted. Values with `toJSON` (a Date)
 * are serialised as JSON would, so a value and its JSON round trip hash alike.
 * Refuses what JSON would silently change: non-finite numbers, functions,
 * symbols, bigints and cycles.
 */
export const canonicalJson = (value: unknown): string => {
  const parts: string[] = [];
  const open = new Set<object>();
  const write = (v: unknown, path: string, inArray: boolean): void => {
    if (
      v !== null &&
      typeof v === "object" &&
      typeof (v as { toJSON?: unknown }).toJSON === "function"
    ) {
      v = (v as { toJSON: (key: string) => unknown }).toJSON(path.slice(path.lastIndexOf(".") + 1));
    }
    if (v === null) {
      parts.push("null");
      return;
    }
    switch (typeof v) {
      case "boolean":
        parts.push(v ? "true" : "false");
        return;
      case "string":
        parts.push(JSON.stringify(v));
        return;
      case "number":
        if (!Number.isFinite(v))
          throw new CanonicalJsonError(path, `${describe(v)} is not a JSON number`);
        parts.push(JSON.stringify(v));
        return;
      case "undefined":
        // Only reached inside an array: JSON writes a missing element as null.
        if (inArray) {
          parts.push("null");
          return;
        }
        throw new CanonicalJsonError(path, "undefined is not a JSON value");
      case "object":
        break;
      default:
        throw new CanonicalJsonError(path, `a ${typeof v} is not a JSON value`);
    }
    const obj = v as object;
    if (open.has(obj)) throw new CanonicalJsonError(path, "the value contains itself (a cycle)");
    open.add(obj);
    const prefix = path === "" ? "" : `${path}.`;
    if (Array.isArray(obj)) {
      parts.push("[");
      for (let i = 0; i < obj.length; i++) {
        if (i > 0) parts.push(",");
        write(obj[i], `${prefix}${i}`, true);
      }
      parts.push("]");
    } else {
      const record = obj as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      parts.push("{");
      keys.forEach((key, i) => {
        if (i > 0) parts.push(",");
        parts.push(JSON.stringify(key), ":");
        write(record[key], `${prefix}${key}`, false);
      });
      parts.push("}");
    }
    open.delete(obj);
  };
  write(value, "", false);
  return parts.join("");
};

/** The envelope as hashed: every top-level field except `prevHash` and `hash`. */
const withoutChain = (envelope: object): Record<string, unknown> => {
  const { prevHash: _p, hash: _h, ...rest } = envelope as Record<string, unknown>;
  return rest;
};

/**
 * The hash of an envelope that follows `prevHash`. `prevHash` and `hash`
 * fields on the envelope, if present, are not part of what is hashed.
 */
export const chainHash = (prevHash: string, envelopeWithoutChain: object): string => {
  if (!isChainHash(prevHash)) throw new InvalidChainHashError("prevHash", prevHash);
  return createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(withoutChain(envelopeWithoutChain))}`, "utf8")
    .digest("hex");
};

/**
 * The envelope with its chain fields, placed after `prevHash`: its own fields
 * keep their order, `prevHash` and `hash` come last. Existing chain fields are
 * replaced.
 */
export const sealEnvelope = <T extends object>(prevHash: string, envelope: T): Sealed<T> => {
  const body = withoutChain(envelope);
  return { ...body, prevHash, hash: chainHash(prevHash, body) } as Sealed<T>;
};
