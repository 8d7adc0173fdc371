/**
 * What a command may touch of the outside world. `bin.ts` builds it from the
 * process; tests can build one around buffers.
 */
export interface CliContext {
  /** Write to standard output (results). */
  out(text: string): void;
  /** Write to standard error (progress, notices, errors). */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** stdout is a terminal: colours allowed (unless NO_COLOR). */
  stdoutIsTTY: boolean;
  /** stderr is a terminal: progress bars allowed. */
  stderrIsTTY: boolean;
  /** The wall clock, read only at the edge (the demo's run time, progress throttling). */
  now(): number;
  /** Path of the running script (process.argv[1]): the data folder is also looked for beside it. */
  scriptPath?: string;
}

export const processContext = (): CliContext => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => Date.now(),
  ...(process.argv[1] ? { scriptPath: process.argv[1] } : {}),
});
