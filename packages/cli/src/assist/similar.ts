import { resolve } from "node:path";
import { SimilarCaseIndex } from "@petitio/assist";
import { flag, integerOption, requirePositionals } from "../cli/args.js";
import { EXIT } from "../cli/errors.js";
import { renderTable } from "../output/table.js";
import { loadCases } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist similar <store.db | log.jsonl> <petitionId> [--limit N] [--all] [--past] [--json]

类案推送: the cases most like a petition, with their outcome, the reply and
the days it took to reply, and the shared words that make them alike.

Options:
  --limit N   how many (default 5)
  --all       include cases without a reply
  --past      only cases received before this one
  --json      {"petitionId", "similar": [{petitionId, title, similarity, org, status, outcome, reply, daysToReply, sharedTerms}]}
`;

export const similarCommand: AssistSubcommand = {
  name: "similar",
  summary: "similar past cases with outcomes, replies and time to reply",
  help,
  options: { limit: { type: "string" }, all: { type: "boolean" }, past: { type: "boolean" } },
  async run(args, ctx) {
    const [file = "", petitionId = ""] = requirePositionals("assist similar", args, [
      "<store.db>",
      "<petitionId>",
    ]);
    const cases = await loadCases(resolve(ctx.cwd, file));
    const target = cases.find((c) => c.petitionId === petitionId);
    const index = new SimilarCaseIndex(cases);
    const similar = index.similarTo(petitionId, {
      limit: integerOption("assist similar", args, "limit", 1) ?? 5,
      repliedOnly: !flag(args, "all"),
      ...(flag(args, "past") && target ? { before: target.receivedAt } : {}),
    });
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify({ petitionId, similar })}\n`);
      return EXIT.ok;
    }
    ctx.out(
      `cases like ${petitionId} ${target?.title ?? ""}\n\n${renderTable(
        [
          { header: "sim", value: (s) => s.similarity.toFixed(2), align: "right" },
          { header: "petition", value: (s) => s.petitionId },
          { header: "title", value: (s) => s.title, maxWidth: 30 },
          { header: "outcome", value: (s) => s.outcome ?? s.status },
          {
            header: "days",
            value: (s) => (s.daysToReply === null ? "" : String(s.daysToReply)),
            align: "right",
          },
          { header: "reply", value: (s) => s.reply ?? "", maxWidth: 50 },
          { header: "shared", value: (s) => s.sharedTerms.join(" "), maxWidth: 24 },
        ],
        similar,
      )}\n`,
    );
    return EXIT.ok;
  },
};
