import type { CliContext } from "../cli/context.js";

export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain = (text: string): string => text;

/**
 * ANSI colours only when the stream is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org); FORCE_COLOR=1 turns them on for a pipe.
 */
export const paletteFor = (ctx: CliContext, stream: "out" | "err" = "out"): Palette => {
  const tty = stream === "out" ? ctx.stdoutIsTTY : ctx.stderrIsTTY;
  const noColor = (ctx.env.NO_COLOR ?? "") !== "";
  const force = (ctx.env.FORCE_COLOR ?? "") !== "" && ctx.env.FORCE_COLOR !== "0";
  const on = !noColor && (tty || force);
  if (!on) return { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
};
