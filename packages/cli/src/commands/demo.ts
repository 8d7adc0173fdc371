import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { DEFAULT_TIME_ZONE, writeLog } from "@petitio/core";
import { flag, integerOption, stringOption } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { describeNotices } from "../demo/demo-notices.js";
import { runDemo } from "../demo/run-demo.js";
import { paletteFor } from "../output/color.js";
import { buildHtmlReport } from "../report/build-html.js";
import { metricsTable } from "../report/metrics-text.js";
import { replaceFileAtomic, writeFileAtomic } from "../util/atomic-write.js";
import { commandLine } from "../util/invocation.js";

const DEFAULT_DB = "petitio-demo.db";

const help = `petitio demo [--db FILE] [options]

The whole library in one run. On an embedded SQLite store it registers a stream
of petitions (texts written for the project about a fictional city), routes,
accepts, extends, replies, reviews and re-examines them under the national
procedure (信访工作条例 2022), while a simulated clock runs over several months
and engine.tick() issues every 催办 (reminder) and 督办 (supervision) notice,
printed as it is issued. It ends with the metrics report, an exported JSONL
log and an HTML report with charts.

Options:
  --db FILE        the SQLite store to create (default ${DEFAULT_DB}; an existing
                   file is replaced only when it is the default or with --force)
  --out-dir DIR    where the log and HTML report go (default: beside the store)
  --petitions N    petitions to register (default 160)
  --seed N         random seed; the same seed gives the same run (default 12345)
  --quiet          do not print each notice, only the summary
  --force          replace an existing --db file
  --json           print the summary as JSON
  -h, --help       this help
`;

const removeStore = async (path: string): Promise<void> => {
  for (const suffix of ["", "-wal", "-shm", "-journal"])
    await rm(`${path}${suffix}`, { force: true });
};

export const demoCommand: Command = {
  name: "demo",
  summary: "run a realistic petition workload on SQLite with a simulated clock, then report",
  help,
  options: {
    db: { type: "string" },
    "out-dir": { type: "string" },
    petitions: { type: "string" },
    seed: { type: "string" },
    quiet: { type: "boolean", short: "q" },
    force: { type: "boolean" },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unexpected argument: ${args.positionals.join(" ")}`, "demo");
    }
    const dbArg = stringOption(args, "db") ?? DEFAULT_DB;
    const db = resolve(ctx.cwd, dbArg);
    if (existsSync(db) && dbArg !== DEFAULT_DB && !flag(args, "force")) {
      throw new UsageError(
        `${dbArg} exists; pass --force to replace it or choose another --db`,
        "demo",
      );
    }
    await removeStore(db);
    const outDir = resolve(ctx.cwd, stringOption(args, "out-dir") ?? resolve(db, ".."));
    const base = db.replace(/\.(db|sqlite3?)$/, "");
    const name = base.slice(base.lastIndexOf("/") + 1);
    const logPath = resolve(outDir, `${name}.log.jsonl`);
    const htmlPath = resolve(outDir, `${name}-report.html`);
    const json = flag(args, "json");
    const quiet = json || flag(args, "quiet");
    const color = paletteFor(ctx);
    const started = ctx.now();

    const petitions = integerOption("demo", args, "petitions", 1) ?? 160;
    const scenario = { start: "2025-03-03T00:00:00+08:00", intakeDays: 120, totalDays: 200 };
    if (!quiet) {
      ctx.out(
        `Petitio demo: ${petitions} petitions on the SQLite store ${dbArg}, under the national procedure ` +
          `(信访工作条例 2022), received over ${scenario.intakeDays} days from ${scenario.start.slice(0, 10)}; ` +
          `a simulated clock runs ${scenario.totalDays} days and engine.tick() issues each 催办 (reminder) ` +
          `and 督办 (supervision) below as it falls due.\n\n`,
      );
    }
    const result = await runDemo({
      db,
      seed: integerOption("demo", args, "seed", 0) ?? 12345,
      petitions,
      ...scenario,
      print: quiet ? () => {} : (line) => ctx.out(`${line}\n`),
      color,
    });
    await replaceFileAtomic(logPath, async (out) => {
      await writeLog(result.events, out);
    });
    const html = await buildHtmlReport(result.events, `petitio demo (${dbArg})`, {
      timeZone: DEFAULT_TIME_ZONE,
      asOf: result.asOf,
    });
    await writeFileAtomic(htmlPath, html);
    const seconds = ((ctx.now() - started) / 1000).toFixed(1);

    if (json) {
      ctx.out(
        `${JSON.stringify(
          {
            db,
            log: logPath,
            html: htmlPath,
            events: result.events.length,
            commands: result.commands,
            reminders: result.reminders,
            supervisions: result.supervisions,
            concluded: result.concluded,
            rejected: result.rejected,
            notices: result.notices,
            report: result.report,
          },
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    ctx.out(
      `\n${color.bold("Summary")}: ${result.commands} commands → ${result.events.length} events; ` +
        `${result.reminders} 催办 reminders, ${result.supervisions} 督办 supervisions issued by tick(); ` +
        `${result.concluded} petitions concluded when their review window lapsed.\n` +
        `${color.bold("Notices")}: ${describeNotices(result.notices)}\n\n`,
    );
    ctx.out(metricsTable(result.report));
    ctx.out(
      `\nstore:       ${db}\nlog:         ${logPath}\nHTML report: ${color.bold(htmlPath)}\n` +
        `(${seconds} s)  Try:\n  ${commandLine(ctx, ["report", logPath, "--by", "org"], [1])}\n` +
        `  ${commandLine(ctx, ["verify", logPath], [1])}\n`,
    );
    return EXIT.ok;
  },
};
