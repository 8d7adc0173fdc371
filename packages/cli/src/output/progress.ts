import type { CliContext } from "../cli/context.js";

export interface ProgressOptions {
  /** What `done` counts: bytes of a file (shown as MB and MB/s) or items (events, records). */
  unit?: "bytes" | "items";
  /** The total, when known: a bar, a percentage and an ETA are shown. */
  total?: number;
  /** Stay silent whatever stderr is (e.g. under --json, where stderr may be parsed too). */
  quiet?: boolean;
}

export interface Progress {
  /** `done` so far (bytes or items, as created); `total` may be given or corrected late. */
  update(done: number, total?: number): void;
  /** Clear the bar's line. */
  finish(): void;
}

const silent: Progress = { update: () => {}, finish: () => {} };
const BAR_WIDTH = 24;
const REDRAW_MS = 100;
const MB = 1024 * 1024;

const amount = (n: number, unit: "bytes" | "items"): string =>
  unit === "bytes" ? `${(n / MB).toFixed(1)} MB` : Math.round(n).toLocaleString("en-US");

const duration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
};

/**
 * The text of one progress line: a bar, done of total, rate and ETA when the
 * total is known; done and rate otherwise. Pure, so tests can check it.
 */
export const progressLine = (
  label: string,
  done: number,
  elapsedMs: number,
  unit: "bytes" | "items",
  total?: number,
): string => {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const rateText = `${amount(rate, unit)}/s`;
  if (total === undefined || total <= 0) return `${label} ${amount(done, unit)} · ${rateText}`;
  const fraction = Math.min(1, done / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
  const eta = rate > 0 ? duration((total - Math.min(done, total)) / rate) : "?";
  return `${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${amount(done, unit)} of ${amount(total, unit)} · ${rateText} · ETA ${eta}`;
};

/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in
 * pipes, files or tests) and not `quiet`; redrawn at most ten times a second.
 */
export const createProgress = (
  ctx: CliContext,
  label: string,
  options: ProgressOptions = {},
): Progress => {
  if (!ctx.stderrIsTTY || options.quiet) return silent;
  const unit = options.unit ?? "items";
  let total = options.total;
  const start = ctx.now();
  let lastDraw = start;
  let drawn = false;
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      const now = ctx.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      drawn = true;
      // \r and erase-line: the bar redraws in place and leaves no tail when it shrinks.
      ctx.err(`\r\u001b[2K${progressLine(label, done, now - start, unit, total)}`);
    },
    finish() {
      if (drawn) ctx.err("\r\u001b[2K");
    },
  };
};
