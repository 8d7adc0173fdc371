import { resolve } from "node:path";
import { DEFAULT_DUPLICATE_OPTIONS, findDuplicatePairs } from "@petitio/assist";
import { flag, requirePositionals, stringOption } from "../cli/args.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { renderTable } from "../output/table.js";
import { loadCases } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist duplicates <log.jsonl | store.db> [--threshold S] [--json]

智能判重: every pair of petitions judged a probable duplicate, each later
petition checked against the earlier ones as at intake. Suggestions only: a
person confirms, and the engine records PetitionMerged or RepeatPetitionLinked.

Options:
  --threshold S   score at or above which a pair is listed (default ${DEFAULT_DUPLICATE_OPTIONS.threshold})
  --json          {"pairs": [{"a", "b", "score", "reasons": […]}]} (a = the earlier petition)
`;

export const duplicatesCommand: AssistSubcommand = {
  name: "duplicates",
  summary: "list probable duplicate pairs with score and reasons",
  help,
  options: { threshold: { type: "string" } },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("assist duplicates", args, ["<log>"]);
    const raw = stringOption(args, "threshold");
    const threshold = raw === undefined ? undefined : Number(raw);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
      throw new UsageError(`--threshold must be a number from 0 to 1; got "${raw}"`, "assist");
    }
    const cases = await loadCases(resolve(ctx.cwd, file));
    const pairs = findDuplicatePairs(
      cases.map((c) => ({
        petitionId: c.petitionId,
        title: c.title,
        content: c.content,
        petitionerKeys: c.petitionerKeys,
        receivedAt: c.receivedAt,
      })),
      threshold === undefined ? {} : { threshold },
    );
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify({ pairs })}\n`);
      return EXIT.ok;
    }
    const titles = new Map(cases.map((c) => [c.petitionId, c.title]));
    ctx.out(
      `${pairs.length} probable duplicate pairs among ${cases.length} petitions\n\n${renderTable(
        [
          { header: "score", value: (p) => p.score.toFixed(2), align: "right" },
          { header: "earlier", value: (p) => `${p.a} ${titles.get(p.a) ?? ""}`, maxWidth: 40 },
          { header: "later", value: (p) => `${p.b} ${titles.get(p.b) ?? ""}`, maxWidth: 40 },
          { header: "reasons", value: (p) => p.reasons.join("; "), maxWidth: 60 },
        ],
        pairs,
      )}\n`,
    );
    return EXIT.ok;
  },
};
