import type { CliContext } from "./context.js";

/**
 * A `CliContext` for running a command in this process: output goes to
 * buffers, nothing is a terminal, and the clock is the one given.
 */
export const captureContext = (
  cwd: string,
  env: Record<string, string> = {},
  now: () => number = () => 0,
): { ctx: CliContext; output: () => { out: string; err: string } } => {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
    cwd,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now,
  };
  return { ctx, output: () => ({ out, err }) };
};
