import { stat } from "node:fs/promises";
import type { CliContext } from "../cli/context.js";
import { detectInputKind, streamEvents } from "../input/load-events.js";
import { createProgress } from "../output/progress.js";
import {
  type VerifyOptions,
  type VerifyResult,
  verifyLogFile,
  verifyStoreEvents,
} from "./verify-log.js";

/**
 * Verify a JSONL log or a SQLite store file, with a progress bar on a terminal
 * (bytes of the log's size, rate and ETA; events for a store) unless `quiet`.
 */
export const verifyPath = async (
  ctx: CliContext,
  path: string,
  options: Omit<VerifyOptions, "onProgress" | "onBytes">,
  label: string,
  { quiet = false }: { quiet?: boolean } = {},
): Promise<VerifyResult> => {
  const kind = await detectInputKind(path);
  if (kind === "jsonl") {
    const { size } = await stat(path);
    const progress = createProgress(ctx, label, { unit: "bytes", total: size, quiet });
    try {
      return await verifyLogFile(path, { ...options, onBytes: (b) => progress.update(b) });
    } finally {
      progress.finish();
    }
  }
  const progress = createProgress(ctx, label, { quiet });
  try {
    const onProgress = (n: number): void => progress.update(n);
    return await verifyStoreEvents((await streamEvents(path)).events, { ...options, onProgress });
  } finally {
    progress.finish();
  }
};

/** What verify says about the chain (its coverage, head, the published head) and personal data. */
export const chainSummary = (result: VerifyResult, headSource?: string): string => {
  const { chain } = result;
  const lines: string[] = [];
  if (chain.sealed === 0) {
    lines.push("chain: none — this log carries no hash chain, so edits to it cannot be detected");
  } else {
    const parts = [`chain: ${chain.sealed} sealed line${chain.sealed === 1 ? "" : "s"}`];
    if (chain.unsealed > 0) parts.push(`${chain.unsealed} without chain fields`);
    if (chain.last) parts.push(`head position ${chain.last.position} hash ${chain.last.hash}`);
    if (chain.omitted > 0) parts.push(`${chain.omitted} further breaks not listed`);
    lines.push(parts.join(", "));
  }
  if (chain.head) {
    lines.push(
      `published head (${headSource ?? "given"}): ${chain.head.ok ? "found" : "NOT FOUND"} — ${chain.head.message}`,
    );
  }
  const { plaintext, protected: encrypted } = result.personalData;
  if (plaintext > 0) {
    lines.push(
      `personal data: ${plaintext} petitioner field${plaintext === 1 ? "" : "s"} in plaintext, which cannot be erased without rewriting the log${encrypted > 0 ? `; ${encrypted} encrypted` : ""}`,
    );
  }
  return lines.join("\n");
};
