import { resolve } from "node:path";
import { flag, requirePositionals } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT } from "../cli/errors.js";
import { detectInputKind, streamEvents } from "../input/load-events.js";
import { paletteFor } from "../output/color.js";
import { createProgress } from "../output/progress.js";
import { renderTable } from "../output/table.js";
import { type Finding, verifyLogFile, verifyStoreEvents } from "../verify/verify-log.js";

const help = `petitio verify <log.jsonl | store.db> [--json]

Check that a log is a lawful history:
  - every line is a valid envelope of the catalog (JSON, fields, enumerations,
    the limits fixed by law: an extension of at most 30 days (W22 Art. 34),
    at most 5 representatives (W22 Art. 20));
  - positions strictly increase; stream versions start at 1 without gaps;
  - every event is a legal transition of the petition statechart, with time
    windows judged against the due times stored in the log (LOG-FORMAT.md).
Every violation is printed with its line number and the rule it breaks; all
lines are checked, not only up to the first problem.

Exit code: 0 no violation, 1 violations found, 2 unreadable input.

Options:
  --json        the result as JSON: { file, events, streams, violations: [...] }
  -h, --help    this help
`;

export const verifyCommand: Command = {
  name: "verify",
  summary: "check schema, order, versions and legal transitions; list violations by line",
  help,
  options: {},
  async run(args, ctx) {
    const [file = ""] = requirePositionals("verify", args, ["<log>"]);
    const path = resolve(ctx.cwd, file);
    const kind = await detectInputKind(path);
    const progress = createProgress(ctx, `verifying ${file}`);
    let result: Awaited<ReturnType<typeof verifyLogFile>>;
    try {
      const onProgress = (n: number): void => progress.update(n);
      result =
        kind === "jsonl"
          ? await verifyLogFile(path, onProgress)
          : await verifyStoreEvents((await streamEvents(path)).events, onProgress);
    } finally {
      progress.finish();
    }
    const { findings } = result;
    if (flag(args, "json")) {
      ctx.out(
        `${JSON.stringify(
          {
            file,
            events: result.events,
            streams: result.streams,
            ok: findings.length === 0,
            violations: findings,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const color = paletteFor(ctx);
      if (findings.length > 0) {
        ctx.out(
          `${renderTable<Finding>(
            [
              { header: "line", value: (f) => String(f.line), align: "right" },
              { header: "stream", value: (f) => f.streamId ?? "", maxWidth: 28 },
              { header: "event", value: (f) => f.type ?? "", maxWidth: 24 },
              {
                header: "rule",
                value: (f) => (f.article ? `${f.rule} (${f.article})` : f.rule),
              },
              { header: "problem", value: (f) => f.message },
            ],
            findings,
          )}\n\n`,
        );
      }
      const summary = `${file}: ${result.events} events in ${result.streams} streams, `;
      ctx.out(
        findings.length === 0
          ? `${summary}${color.green("no violations")}\n`
          : `${summary}${color.red(`${findings.length} violation${findings.length === 1 ? "" : "s"}`)}\n`,
      );
    }
    return findings.length === 0 ? EXIT.ok : EXIT.findings;
  },
};
