import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CheckpointError, createCheckpoint } from "@petitio/core";
import type { CliContext } from "../cli/context.js";
import { InputError, UsageError } from "../cli/errors.js";
import type { VerifyResult } from "./verify-log.js";

/**
 * Sign the head of a verified chain into a new checkpoint file. The file is
 * created exclusively (O_EXCL): an existing file, or a symlink planted at its
 * name, is never written through.
 */
export const writeCheckpointFile = async (
  ctx: CliContext,
  result: VerifyResult,
  out: string,
  keyFile: string,
): Promise<string> => {
  const head = result.chain.last;
  if (!head || result.chain.unsealed > 0) {
    throw new UsageError(
      "--write-checkpoint: the log has no complete hash chain to sign",
      "verify",
    );
  }
  let pem: string;
  try {
    pem = await readFile(resolve(ctx.cwd, keyFile), "utf8");
  } catch {
    throw new InputError(keyFile, "cannot read the private key");
  }
  let checkpoint: ReturnType<typeof createCheckpoint>;
  try {
    checkpoint = createCheckpoint(head, pem, new Date(ctx.now()).toISOString());
  } catch (error) {
    if (error instanceof CheckpointError) throw new UsageError(`--key: ${error.message}`, "verify");
    throw error;
  }
  const path = resolve(ctx.cwd, out);
  try {
    await writeFile(path, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: "wx", mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      out,
      code === "EEXIST"
        ? "already exists; a checkpoint is never overwritten"
        : `cannot be created (${code})`,
    );
  }
  return out;
};
