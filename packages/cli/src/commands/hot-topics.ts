import { computeHotTopics, type HotTopic, hotTopicsFromFacts } from "@petitio/core";
import { flag, integerOption, requirePositionals, stringOption } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { readTimeOptions } from "../cli/time-options.js";
import { renderTable } from "../output/table.js";
import { ReportAggregator } from "../report/aggregate.js";
import { percent } from "../report/labels.js";
import { lastCompleteMonth } from "../report/months.js";
import { GATE_HELP, GATE_OPTIONS } from "../verify/gate.js";
import { readVerified } from "../verify/verified-read.js";

const help = `petitio hot-topics <log.jsonl | store.db> [--month YYYY-MM] [options]

每月一题: the topics of one month (by receivedAt in the time zone) ranked by
count, then by growth over the month before, each with representative
petitions (those most often followed by repeats or merged duplicates).

Options:
  --month YYYY-MM      the month (default the last complete month before --as-of,
                       else before the log's last event)
  --limit N            most topics to list (default 10)
  --representatives N  representative petitions per topic (default 3)
  --as-of T            replay only events up to T
  --tz ZONE            zone for months (default Asia/Shanghai)
  --json               { month, topics: [{ topic, count, previousCount, growth, representatives }] }
${GATE_HELP}
  -h, --help           this help
`;

export const hotTopicsCommand: Command = {
  name: "hot-topics",
  summary: "每月一题: a month's topics ranked by count and growth, with representative petitions",
  help,
  options: {
    month: { type: "string", short: "m" },
    limit: { type: "string" },
    representatives: { type: "string" },
    "as-of": { type: "string" },
    tz: { type: "string" },
    ...GATE_OPTIONS,
  },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("hot-topics", args, ["<log>"]);
    const givenMonth = stringOption(args, "month");
    if (givenMonth !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(givenMonth)) {
      throw new UsageError(`--month must be YYYY-MM; got "${givenMonth}"`, "hot-topics");
    }
    const time = readTimeOptions("hot-topics", args);
    const limit = integerOption("hot-topics", args, "limit", 1);
    const representatives = integerOption("hot-topics", args, "representatives", 0);
    const options = {
      // Checked against the options before the read; the default month is known after it.
      month: givenMonth ?? "2000-01",
      timeZone: time.timeZone,
      ...(time.asOf ? { asOf: time.asOf } : {}),
      ...(limit === undefined ? {} : { limit }),
      ...(representatives === undefined ? {} : { representatives }),
    };
    // Bad options fail before the log is read.
    await computeHotTopics([], options);
    // The gate and the fact table from one pass over the file (verify/verified-read.ts).
    const read = await readVerified(
      ctx,
      "hot-topics",
      file,
      args,
      () => new ReportAggregator(time),
      {
        quiet: flag(args, "json"),
      },
    );
    if ("exit" in read) return read.exit;
    const { notice } = read;
    const { facts } = read.fold.result();
    // As the HTML report does: the last month that had ended by asOf (default the last event).
    const asOf = time.asOf ?? facts.lastOccurredAt ?? "";
    const month = givenMonth ?? lastCompleteMonth(Date.parse(asOf), time.timeZone);
    const chosen = givenMonth
      ? ""
      : ` (the last complete month before ${asOf}; choose another with --month YYYY-MM)`;
    const head = notice ? `${notice}\n\n` : "";
    const report = hotTopicsFromFacts(facts, { ...options, month });
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify(notice ? { ...report, unverified: notice } : report, null, 2)}\n`);
      return EXIT.ok;
    }
    if (report.topics.length === 0) {
      ctx.out(`${head}${month}${chosen}: no petitions with a topic\n`);
      return EXIT.ok;
    }
    const rows = report.topics.map((t, rank) => ({ ...t, rank: rank + 1 }));
    ctx.out(
      `${head}hot topics ${month} 每月一题${chosen}\n\n${renderTable<HotTopic & { rank: number }>(
        [
          { header: "#", value: (t) => String(t.rank), align: "right" },
          { header: "topic", value: (t) => t.topic, maxWidth: 30 },
          { header: "count", value: (t) => String(t.count), align: "right" },
          { header: "prev", value: (t) => String(t.previousCount), align: "right" },
          {
            header: "growth",
            value: (t) => (t.growth === null ? "new" : percent(t.growth)),
            align: "right",
          },
          {
            header: "representative petitions",
            value: (t) => t.representatives.map((r) => r.title).join(" | "),
            maxWidth: 60,
          },
        ],
        rows,
      )}\n`,
    );
    return EXIT.ok;
  },
};
