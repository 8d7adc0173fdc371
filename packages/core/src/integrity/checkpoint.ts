import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { canonicalJson, isChainHash } from "./chain.js";
import { CheckpointError } from "./errors.js";

/**
 * Signed checkpoints of a chain head (docs/log-integrity.md "Checkpoints").
 * A hash chain alone shows that a log is self-consistent, but anyone can
 * recompute it after editing or cutting the log. Publishing the head — the
 * position and hash of the last envelope, signed with an Ed25519 key the
 * operator keeps — pins everything up to it: a later copy that was edited,
 * re-hashed or cut short no longer contains that hash at that position.
 */

export const CHECKPOINT_FORMAT = "petitio-checkpoint/1";

/** The head of a chain: the position and hash of its last envelope. */
export interface ChainHead {
  position: number;
  hash: string;
}

export interface Checkpoint extends ChainHead {
  format: typeof CHECKPOINT_FORMAT;
  /** When the head was signed (ISO-8601 with offset). */
  createdAt: string;
  /** The signer's public key: base64 of its SPKI DER encoding. */
  publicKey: string;
  /** First 16 hex digits of SHA-256 over the SPKI DER: a short name for the key. */
  keyId: string;
  /** Ed25519 signature, base64, over canonicalJson of every other field. */
  signature: string;
}

export interface CheckpointKeyPair {
  /** PKCS#8 PEM; keep it secret, outside the store. */
  privateKeyPem: string;
  /** SPKI PEM; publish it with the checkpoints. */
  publicKeyPem: string;
}

/** A fresh Ed25519 key pair for signing checkpoints. */
export const generateCheckpointKeyPair = (): CheckpointKeyPair => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
};

const ed25519 = (key: KeyObject, field: string): KeyObject => {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new CheckpointError(field, `an Ed25519 key is needed, not ${key.asymmetricKeyType}`);
  }
  return key;
};

/** A public key from SPKI PEM, or base64 of SPKI DER (the `publicKey` field's form). */
export const loadCheckpointPublicKey = (text: string): KeyObject => {
  try {
    const key = text.includes("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
    return ed25519(key, "publicKey");
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError("publicKey", "not an Ed25519 public key (SPKI PEM or base64 DER)");
  }
};

const spkiDer = (key: KeyObject): Buffer => key.export({ type: "spki", format: "der" });
const keyIdOf = (der: Buffer): string =>
  createHash("sha256").update(der).digest("hex").slice(0, 16);

const signedPart = (checkpoint: Omit<Checkpoint, "signature">): Buffer =>
  Buffer.from(canonicalJson(checkpoint), "utf8");

/** Sign a chain head with an Ed25519 private key (PKCS#8 PEM). */
export const createCheckpoint = (
  head: ChainHead,
  privateKeyPem: string,
  createdAt: string,
): Checkpoint => {
  checkHead(head);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new CheckpointError("privateKey", "not a private key in PEM form");
  }
  ed25519(privateKey, "privateKey");
  const der = spkiDer(createPublicKey(privateKey));
  const body = {
    format: CHECKPOINT_FORMAT,
    position: head.position,
    hash: head.hash,
    createdAt,
    publicKey: der.toString("base64"),
    keyId: keyIdOf(der),
  } as const;
  return { ...body, signature: sign(null, signedPart(body), privateKey).toString("base64") };
};

function checkHead(head: { position?: unknown; hash?: unknown }): void {
  if (typeof head.position !== "number" || !Number.isInteger(head.position) || head.position < 1) {
    throw new CheckpointError("position", "must be an integer ≥ 1");
  }
  if (!isChainHash(head.hash)) throw new CheckpointError("hash", "must be 64 lowercase hex digits");
}

/**
 * The checkpoint, once its fields and signature check out. With
 * `trustedPublicKey` (PEM or base64 DER) the checkpoint must be signed by that
 * key; without it, only by the key it carries, which proves the document is
 * intact but not who signed it.
 */
export const verifyCheckpoint = (document: unknown, trustedPublicKey?: string): Checkpoint => {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new CheckpointError("", "not a JSON object");
  }
  const cp = document as Record<string, unknown>;
  if (cp.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError("format", `expected "${CHECKPOINT_FORMAT}"`);
  }
  checkHead(cp);
  for (const field of ["createdAt", "publicKey", "keyId", "signature"] as const) {
    if (typeof cp[field] !== "string" || cp[field] === "") {
      throw new CheckpointError(field, "must be a non-empty string");
    }
  }
  const { signature, ...body } = cp as unknown as Checkpoint;
  const embedded = loadCheckpointPublicKey(body.publicKey);
  if (keyIdOf(spkiDer(embedded)) !== body.keyId) {
    throw new CheckpointError("keyId", "does not name the key in publicKey");
  }
  if (trustedPublicKey !== undefined) {
    const trusted = loadCheckpointPublicKey(trustedPublicKey);
    if (!spkiDer(trusted).equals(spkiDer(embedded))) {
      throw new CheckpointError(
        "publicKey",
        `signed by key ${body.keyId}, not by the trusted key ${keyIdOf(spkiDer(trusted))}`,
      );
    }
  }
  let valid = false;
  try {
    valid = verify(null, signedPart(body), embedded, Buffer.from(signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) throw new CheckpointError("signature", "does not match the checkpoint's contents");
  return cp as unknown as Checkpoint;
};
