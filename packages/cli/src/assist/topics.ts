import { resolve } from "node:path";
import { topicClusters } from "@petitio/assist";
import { flag, integerOption, requirePositionals, stringOption } from "../cli/args.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { renderTable } from "../output/table.js";
import { percent } from "../report/labels.js";
import { loadCases } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist topics <store.db | log.jsonl> --month YYYY-MM [--limit N] [--tz ZONE] [--json]

每月一题 by meaning: the month's petitions clustered by their words (not by
the topic field), each cluster named by its key terms, with growth over the
month before and distinct representative petitions.

Options:
  --month YYYY-MM   the month (required), by receivedAt in the zone
  --limit N         most clusters (default 10)
  --tz ZONE         default Asia/Shanghai
  --json            {"month", "clusters": [{terms, count, previousCount, growth, representatives}]}
`;

export const topicsCommand: AssistSubcommand = {
  name: "topics",
  summary: "每月一题 by meaning: clusters of a month's texts, named, with growth",
  help,
  options: { month: { type: "string" }, limit: { type: "string" }, tz: { type: "string" } },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("assist topics", args, ["<log>"]);
    const month = stringOption(args, "month");
    if (month === undefined) throw new UsageError("--month YYYY-MM is required", "assist");
    const tz = stringOption(args, "tz");
    const clusters = topicClusters(await loadCases(resolve(ctx.cwd, file)), {
      month,
      ...(tz ? { timeZone: tz } : {}),
      limit: integerOption("assist topics", args, "limit", 1) ?? 10,
    });
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify({ month, clusters })}\n`);
      return EXIT.ok;
    }
    ctx.out(
      `topics of ${month} by meaning\n\n${renderTable(
        [
          { header: "terms", value: (c) => c.terms.join(" "), maxWidth: 24 },
          { header: "count", value: (c) => String(c.count), align: "right" },
          { header: "prev", value: (c) => String(c.previousCount), align: "right" },
          {
            header: "growth",
            value: (c) => (c.growth === null ? "new" : percent(c.growth)),
            align: "right",
          },
          {
            header: "representatives",
            value: (c) => c.representatives.map((r) => r.title).join(" | "),
            maxWidth: 70,
          },
        ],
        clusters,
      )}\n`,
    );
    return EXIT.ok;
  },
};
