import type { CliContext } from "../cli/context.js";

export interface Progress {
  /** Report `done` items so far (of `total`, when known). */
  update(done: number, total?: number): void;
  /** Clear the bar. */
  finish(): void;
}

const silent: Progress = { update: () => {}, finish: () => {} };

/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in
 * pipes, files or tests), redrawn at most ten times a second.
 */
export const createProgress = (ctx: CliContext, label: string): Progress => {
  if (!ctx.stderrIsTTY) return silent;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = ctx.now();
      if (now - lastDraw < 100 && (total === undefined || done < total)) return;
      lastDraw = now;
      drawn = true;
      if (total !== undefined && total > 0) {
        const width = 30;
        const filled = Math.round((Math.min(done, total) / total) * width);
        const bar = "█".repeat(filled) + "░".repeat(width - filled);
        ctx.err(`\r${label} ${bar} ${done}/${total}`);
      } else {
        ctx.err(`\r${label} ${done}`);
      }
    },
    finish() {
      if (drawn) ctx.err("\r\u001b[2K");
    },
  };
};
