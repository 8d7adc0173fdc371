import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CheckpointError, isChainHash, verifyCheckpoint } from "@petitio/core";
import { UsageError } from "../cli/errors.js";

/** A published head to hold the log against: a bare hash, or a signed checkpoint. */
export interface PublishedHead {
  hash: string;
  position?: number;
  /** How it was given, for the report. */
  source: string;
  /** For a checkpoint: who signed it (key id), and whether that key was the trusted one. */
  keyId?: string;
  trustedKey?: boolean;
}

const readText = (command: string, option: string, path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`--${option}: cannot read ${path}`, command);
  }
};

/**
 * `--head <hash | checkpoint.json>` with optional `--public-key <pem>`: a
 * checkpoint must carry a valid signature (by the given key, when one is
 * given), else the command stops before reading the log.
 */
export const loadHeadOption = (
  command: string,
  value: string,
  cwd: string,
  publicKeyFile?: string,
): PublishedHead => {
  if (isChainHash(value)) {
    if (publicKeyFile !== undefined) {
      throw new UsageError(
        "--public-key checks a checkpoint file, not a bare --head hash",
        command,
      );
    }
    return { hash: value, source: `hash ${value.slice(0, 12)}…` };
  }
  const path = resolve(cwd, value);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(
      `--head: "${value}" is neither a chain hash (64 lowercase hex digits) nor a readable checkpoint file`,
      command,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--head: "${value}" is neither a chain hash (64 lowercase hex digits) nor a checkpoint JSON file`,
      command,
    );
  }
  const publicKey =
    publicKeyFile === undefined
      ? undefined
      : readText(command, "public-key", resolve(cwd, publicKeyFile));
  try {
    const checkpoint = verifyCheckpoint(document, publicKey);
    return {
      hash: checkpoint.hash,
      position: checkpoint.position,
      source: `checkpoint ${value} (position ${checkpoint.position}, key ${checkpoint.keyId}${publicKey ? ", trusted" : ", self-signed: give --public-key to check the signer"})`,
      keyId: checkpoint.keyId,
      trustedKey: publicKey !== undefined,
    };
  } catch (error) {
    if (error instanceof CheckpointError)
      throw new UsageError(`--head: ${value}: ${error.message}`, command);
    throw error;
  }
};
