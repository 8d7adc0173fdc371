import { captureContext } from "../cli/capture-context.testkit.js";
import { runCli } from "../cli/run.js";

/** Run `petitio …` in this process against buffers, from `cwd`: for the assist tests. */
export const runInProcess = async (
  cwd: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> => {
  const { ctx, output } = captureContext(cwd, env);
  const code = await runCli(argv, ctx);
  return { code, ...output() };
};
