import type { Command } from "../cli/command.js";
import { EXIT } from "../cli/errors.js";

export const demoCommand: Command = {
  name: "demo",
  summary: "run a realistic petition workload on SQLite with a simulated clock, then report",
  help: "petitio demo [--db FILE]\n",
  options: { db: { type: "string" } },
  async run(_args, ctx) {
    ctx.err("demo: not built yet\n");
    return EXIT.ok;
  },
};
