import { computeOverdue, type OverdueItem, overdueFromFacts } from "@petitio/core";
import { flag, integerOption, requirePositionals } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT } from "../cli/errors.js";
import { readTimeOptions } from "../cli/time-options.js";
import { paletteFor } from "../output/color.js";
import { renderTable } from "../output/table.js";
import { ReportAggregator } from "../report/aggregate.js";
import { GATE_HELP, GATE_OPTIONS } from "../verify/gate.js";
import { readVerified } from "../verify/verified-read.js";

const help = `petitio overdue <log.jsonl | store.db> [--as-of T] [options]

The overdue view as of a moment: every open petition's current stage and due
time (the due times stored in the log), and the two lists supervisors work
from: 督办 (supervision, W22 Art. 40): past due; 催办 (reminder): due within
the reminder window.

Options:
  --as-of T          the moment (default: the last event); a date means its end
  --tz ZONE          zone for dates (default Asia/Shanghai)
  --reminder-days N  days before a due time that count as due soon (default 3)
  --all              also list open petitions that are on track
  --fail-on-overdue  exit 1 when any petition is overdue
  --json             { asOf, items, reminderList, supervisionList }
${GATE_HELP}
  -h, --help         this help
`;

const table = (items: readonly OverdueItem[]): string =>
  renderTable<OverdueItem>(
    [
      { header: "petition", value: (i) => i.petitionId, maxWidth: 26 },
      { header: "org", value: (i) => i.org, maxWidth: 20 },
      { header: "stage", value: (i) => i.stage },
      { header: "due", value: (i) => i.dueAt },
      { header: "days", value: (i) => String(i.daysLeft), align: "right" },
      { header: "催办", value: (i) => String(i.reminders), align: "right" },
      {
        header: "督办",
        value: (i) => (i.supervisions ? `${i.supervisions} L${i.maxSupervisionLevel}` : "0"),
        align: "right",
      },
      { header: "title", value: (i) => i.title, maxWidth: 36 },
    ],
    items,
  );

export const overdueCommand: Command = {
  name: "overdue",
  summary: "the 催办 (due soon) and 督办 (overdue) lists as of a moment",
  help,
  options: {
    "as-of": { type: "string" },
    tz: { type: "string" },
    "reminder-days": { type: "string" },
    all: { type: "boolean" },
    "fail-on-overdue": { type: "boolean" },
    ...GATE_OPTIONS,
  },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("overdue", args, ["<log>"]);
    const time = readTimeOptions("overdue", args);
    const reminderWindowDays = integerOption("overdue", args, "reminder-days", 0);
    const options = {
      ...(time.asOf ? { asOf: time.asOf } : {}),
      timeZone: time.timeZone,
      ...(reminderWindowDays === undefined ? {} : { reminderWindowDays }),
    };
    // Bad options fail before the log is read.
    await computeOverdue([], options);
    // The gate and the fact table from one pass over the file (verify/verified-read.ts).
    const read = await readVerified(ctx, "overdue", file, args, () => new ReportAggregator(time), {
      quiet: flag(args, "json"),
    });
    if ("exit" in read) return read.exit;
    const { notice } = read;
    const report = overdueFromFacts(read.fold.result().facts, options);
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify(notice ? { ...report, unverified: notice } : report, null, 2)}\n`);
    } else {
      const color = paletteFor(ctx);
      const parts = notice ? [notice, ""] : [];
      parts.push(`as of ${report.asOf}: ${report.items.length} open petitions`, "");
      parts.push(
        color.red(color.bold(`督办 supervision list — overdue (${report.supervisionList.length})`)),
      );
      parts.push(report.supervisionList.length ? table(report.supervisionList) : "(none)", "");
      parts.push(
        color.yellow(color.bold(`催办 reminder list — due soon (${report.reminderList.length})`)),
      );
      parts.push(report.reminderList.length ? table(report.reminderList) : "(none)", "");
      if (flag(args, "all")) {
        const onTrack = report.items.filter((i) => i.status === "onTrack");
        parts.push(color.green(color.bold(`on track (${onTrack.length})`)));
        parts.push(onTrack.length ? table(onTrack) : "(none)", "");
      }
      ctx.out(`${parts.join("\n")}`);
    }
    return flag(args, "fail-on-overdue") && report.supervisionList.length > 0
      ? EXIT.findings
      : EXIT.ok;
  },
};
