import { resolve } from "node:path";
import {
  type EventEnvelope,
  GROUP_BY,
  type MetricsOptions,
  metricsFromFacts,
  resolveMetricsOptions,
} from "@petitio/core";
import { EventClassifier } from "@petitio/core/adapter";
import {
  choiceOption,
  flag,
  integerOption,
  requirePositionals,
  stringOption,
} from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, UsageError } from "../cli/errors.js";
import {
  readTimeOptions,
  TIME_OPTION_HELP,
  TIME_OPTION_SPECS,
  type TimeOptions,
} from "../cli/time-options.js";
import { SynthesizedTally } from "../input/synthesized-tally.js";
import { synthesizedNote } from "../output/synthesized-note.js";
import { ReportAggregator } from "../report/aggregate.js";
import { htmlMetricsOptions, htmlReportFromAggregate } from "../report/build-html.js";
import { DEFAULT_MIN_SAMPLE } from "../report/html-report.js";
import { metricsCsv, metricsTable } from "../report/metrics-text.js";
import { practiceSectionsHtml } from "../report/practice-html.js";
import { PracticeTap } from "../report/practice-tap.js";
import { practiceSectionsText } from "../report/practice-text.js";
import { PetitionEventTypes } from "../report/rate-evidence.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { GATE_HELP, GATE_OPTIONS } from "../verify/gate.js";
import { readVerified } from "../verify/verified-read.js";

const FORMATS = ["table", "json", "csv", "html"] as const;

const help = `petitio report <log.jsonl | store.db> [options]

The metrics of docs/metrics.md replayed from a log or a SQLite store: counts
(registered, open, overdue, due soon, awaiting petitioner) and rates (one-time
resolution 一次性化解率, on-time acceptance 按期受理告知率, on-time completion
按期办结率, participation 参评率, satisfaction 满意率, repeat 重复信访率, on-time
routing 按期转送率), each as numerator / denominator / value.

Options:
${TIME_OPTION_HELP}
  --by KEY      also per group: org | category | topic | month
  --format F    table (default) | json | csv | html
  --json        same as --format json
  --out FILE    write to FILE instead of standard output (html: default petitio-report.html)
  --window N    days W of the one-time resolution window (default 30, W22 Art. 35)
  --reminder-days N  days before a due time that count as due soon (default 3)
  --month YYYY-MM    html: month of the hot topics (default the last complete month)
  --min-sample N     html: rates over fewer cases are marked † and not plotted (default 10)
${GATE_HELP}
  -h, --help    this help

Counts: overdue and due soon count only stages where an office owes an action
(they are the lengths of the 督办 and 催办 lists of petitio overdue); petitions
in a petitioner's window (review or re-examination request) are counted apart.

A rate whose events an importer synthesized (meta.synthesized) is listed under
the table with the share synthesized: it reflects the importer's assumptions.
A rate whose evidence the log never records (no SatisfactionEvaluated for
participation and satisfaction, no RepeatPetitionLinked for repeat, no
ReviewRequested or RepeatPetitionLinked for one-time resolution, …) is shown as —
with "not recorded in this log": its 0 % (or 100 %) is not a finding. JSON keeps
its value as the formula gives it and names it under notRecorded.

JSON shape: { asOf, from, to,
  counts: { registered, open, overdue, dueSoon, awaitingPetitioner },
  rates: { <name>: { numerator, denominator, value } }, groups: [{ key, counts, rates }],
  notRecorded: { <name>: "not recorded in this log (no <event> event)" },
  synthesized: { events, rates: { <name>: { <event type>: { synthesized, total } } } },
  hotline?: { tickets, byRequestType, response, resolution, satisfaction,
              onTimeHandling, onTimeCallBack, callerContacted, answeredAtOnce },
  (a 12345 rate whose evidence the log never records, e.g. no CallerContacted, has
   value null and a reason "not recorded in this log (no <event> event)")
  hotlineSynthesized?: { <12345 rate>: { <event type>: { synthesized, total } } },
  practice?: { suggestions, recommendations, monthlyTopics, receptions, leaderCases,
              coHandling } }
When the log holds 12345 tickets (a requestType, or the hotline channel) the
report adds their rates 响应率 / 解决率 / 满意率 and on-time rates; when it holds
practice streams (suggestions, 三项建议, 每月一题, receptions, 包案) it adds the
practice report (docs/practice.md). The HTML report has a section for each,
with a 每月一题 section (volume before and after each cycle).
The HTML report is one self-contained file (SVG charts rendered when it is written):
counts, rates with their samples, months on a continuous axis, overdue by org with
the 督办 / 催办 lists, hot topics, and with --by a section per group.

Example:
  petitio report metrics-sample.log.jsonl --as-of 2018-03-31 --from 2017-07-01 --to 2018-01-01
`;

/** The report's fold: the fact table and notices up to asOf, and the synthesized tally of the whole file. */
class ReportFold {
  readonly aggregator: ReportAggregator;
  readonly tally = new SynthesizedTally();
  /** Which event types the log records at all: a rate without its evidence is marked. */
  readonly evidence = new PetitionEventTypes();
  /** The practice streams and 12345 tickets, folded in the same pass. */
  readonly practice: PracticeTap;
  constructor(time: TimeOptions) {
    this.aggregator = new ReportAggregator(time);
    this.practice = new PracticeTap(time, this.evidence);
  }
  /** Classifies each event once for all the folds (event-class.ts). */
  private readonly classifier = new EventClassifier();
  push(event: EventEnvelope, code?: number): void {
    const c = this.classifier.classify(event, code);
    this.tally.add(event, c.code);
    if (c.petition) this.evidence.add(c.code);
    this.aggregator.pushClassified(event, c);
    this.practice.push(event, c);
  }
}

export const reportCommand: Command = {
  name: "report",
  summary: "metrics of a log: counts and rates, grouped, as table, JSON, CSV or HTML",
  help,
  options: {
    ...TIME_OPTION_SPECS,
    by: { type: "string" },
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
    window: { type: "string" },
    "reminder-days": { type: "string" },
    month: { type: "string", short: "m" },
    "min-sample": { type: "string" },
    ...GATE_OPTIONS,
  },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("report", args, ["<log>"]);
    const time = readTimeOptions("report", args);
    const by = choiceOption("report", args, "by", GROUP_BY);
    let format = choiceOption("report", args, "format", FORMATS) ?? "table";
    if (flag(args, "json")) {
      if (stringOption(args, "format") !== undefined && format !== "json") {
        throw new UsageError("--json conflicts with --format " + format, "report");
      }
      format = "json";
    }
    const resolutionWindowDays = integerOption("report", args, "window", 0);
    const reminderWindowDays = integerOption("report", args, "reminder-days", 0);
    const windows = {
      ...(resolutionWindowDays === undefined ? {} : { resolutionWindowDays }),
      ...(reminderWindowDays === undefined ? {} : { reminderWindowDays }),
    };
    const month = stringOption(args, "month");
    let minSample: number | undefined;
    let metricsOptions: MetricsOptions;
    if (format === "html") {
      if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
        throw new UsageError(`--month must be YYYY-MM; got "${month}"`, "report");
      }
      minSample = integerOption("report", args, "min-sample", 1);
      metricsOptions = htmlMetricsOptions(time, windows);
    } else {
      metricsOptions = {
        ...(time.asOf ? { asOf: time.asOf } : {}),
        ...(time.from ? { from: time.from } : {}),
        ...(time.to ? { to: time.to } : {}),
        ...(by ? { by } : {}),
        timeZone: time.timeZone,
        ...windows,
      };
      // Bad options fail before the log is read.
      resolveMetricsOptions(metricsOptions, { lastOccurredAt: null });
    }
    // Numbers from a log that verify rejects are not printed (unless --trust).
    // One pass: verify judges each event and the same parse feeds the fact table,
    // whose memory grows with the petitions, not with the log.
    const read = await readVerified(ctx, "report", file, args, () => new ReportFold(time), {
      quiet: format === "json",
    });
    if ("exit" in read) return read.exit;
    const { notice } = read;
    const { tally, practice } = read.fold;
    const aggregate = read.fold.aggregator.result();
    const notRecorded = read.fold.evidence.notRecorded();

    let output: string;
    if (format === "html") {
      output = await htmlReportFromAggregate(aggregate, file, time, {
        ...windows,
        ...(by ? { by } : {}),
        ...(month ? { month } : {}),
        ...(minSample === undefined ? {} : { minSample }),
        synthesized: () => tally.summary(),
        notRecorded,
        extraSections: () =>
          practiceSectionsHtml(practice.sections(tally), minSample ?? DEFAULT_MIN_SAMPLE),
      });
    } else {
      const report = metricsFromFacts(aggregate.facts, metricsOptions);
      const synthesized = tally.summary();
      const sections = practice.sections(tally);
      output =
        format === "json"
          ? `${JSON.stringify({ ...report, notRecorded, ...sections, synthesized, ...(notice ? { unverified: notice } : {}) }, null, 2)}\n`
          : format === "csv"
            ? (notice ? `# ${notice}\r\n` : "") + metricsCsv(report)
            : (notice ? `${notice}\n\n` : "") +
              metricsTable(report, notRecorded) +
              practiceSectionsText(sections) +
              synthesizedNote(synthesized);
    }
    const out =
      stringOption(args, "out") ?? (format === "html" ? "petitio-report.html" : undefined);
    if (out === undefined) {
      ctx.out(output);
    } else {
      await writeFileAtomic(resolve(ctx.cwd, out), output);
      ctx.err(`wrote ${out}\n`);
    }
    return EXIT.ok;
  },
};
