#!/usr/bin/env node
import { processContext } from "./cli/context.js";
import { runCli } from "./cli/run.js";

// Set the exit code rather than calling process.exit, so pending output is flushed.
process.exitCode = await runCli(process.argv.slice(2), processContext());
