#!/usr/bin/env node
import { processContext } from "./cli/context.js";
import { runCli } from "./cli/run.js";

// `petitio report … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// Set the exit code rather than calling process.exit, so pending output is flushed.
process.exitCode = await runCli(process.argv.slice(2), processContext());
