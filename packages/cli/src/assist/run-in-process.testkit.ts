import type { CliContext } from "../cli/context.js";
import { runCli } from "../cli/run.js";

/** Run `petitio …` in this process against buffers, from `cwd`: for the assist tests. */
export const runInProcess = async (
  cwd: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> => {
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
    now: () => 0,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
};
