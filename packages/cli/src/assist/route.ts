import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createRouter, readRouterModel } from "@petitio/assist";
import { integerOption, requirePositionals, stringOption } from "../cli/args.js";
import { EXIT, InputError, UsageError } from "../cli/errors.js";
import { readJsonlRecords, textOf } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist route <router.json> <texts.jsonl> --text-field F [--top N]

Suggest a label for each text: one JSON line per input, in input order:
  {"label", "score", "top": [{"label", "score"}…], "margin", "model"}
score is the linear SVM's decision value; margin (best minus second) is the
confidence: suggest automatically only above a margin chosen for the
accuracy you need (docs/assist.md has accuracy by coverage).

Options:
  --text-field F   the text field; several joined with commas (title,body)
  --top N          alternatives to list (default 3)
`;

export const routeCommand: AssistSubcommand = {
  name: "route",
  summary: "suggest a route/category for each text, with score and alternatives",
  help,
  options: { "text-field": { type: "string" }, top: { type: "string" } },
  async run(args, ctx) {
    const [modelFile = "", file = ""] = requirePositionals("assist route", args, [
      "<router.json>",
      "<texts.jsonl>",
    ]);
    const textFields = stringOption(args, "text-field")?.split(",");
    if (!textFields) throw new UsageError("--text-field F is required", "assist");
    const top = integerOption("assist route", args, "top", 1) ?? 3;
    const modelPath = resolve(ctx.cwd, modelFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(modelPath, "utf8"));
    } catch (error) {
      throw new InputError(
        modelPath,
        error instanceof SyntaxError
          ? "not valid JSON"
          : `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    const router = createRouter(readRouterModel(parsed));
    const path = resolve(ctx.cwd, file);
    // Every text is read before the first suggestion is printed: a bad line leaves no partial output.
    const texts = (await readJsonlRecords(path)).map(({ line, record }) =>
      textOf(path, line, record, textFields),
    );
    for (const text of texts) {
      const s = router.suggest(text, top);
      ctx.out(
        `${JSON.stringify({ label: s.label, score: s.score, top: s.top, margin: s.margin, model: s.model })}\n`,
      );
    }
    return EXIT.ok;
  },
};
