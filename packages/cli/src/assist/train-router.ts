import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { trainRouter } from "@petitio/assist";
import { flag, requirePositionals, stringOption } from "../cli/args.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { readJsonlRecords, textOf } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist train-router <labelled.jsonl> --text-field F --label-field F --out router.json

Train a routing / category suggestion model (辅助决策) from labelled past cases:
TF-IDF over character 1–2-grams, one-vs-rest linear SVM. The model file is
plain JSON with a SHA-256 "hash" over its content; route prints it with each
suggestion, so a log can record which model made it.

Options:
  --text-field F    the text field; several joined with commas (title,body)
  --label-field F   the label field (an org, a topic, a category)
  --out FILE        where to write the model
  --json            print the summary as JSON
`;

export const trainRouterCommand: AssistSubcommand = {
  name: "train-router",
  summary: "train a routing/category model from labelled JSONL",
  help,
  options: {
    "text-field": { type: "string" },
    "label-field": { type: "string" },
    out: { type: "string" },
  },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("assist train-router", args, ["<labelled.jsonl>"]);
    const textFields = stringOption(args, "text-field")?.split(",");
    const labelField = stringOption(args, "label-field");
    const out = stringOption(args, "out");
    if (!textFields) throw new UsageError("--text-field F is required", "assist");
    if (!labelField) throw new UsageError("--label-field F is required", "assist");
    if (!out) throw new UsageError("--out FILE is required", "assist");
    const path = resolve(ctx.cwd, file);
    const examples = (await readJsonlRecords(path)).map(({ line, record }) => ({
      text: textOf(path, line, record, textFields),
      label: textOf(path, line, record, [labelField]),
    }));
    const started = ctx.now();
    const model = trainRouter(examples);
    await writeFile(resolve(ctx.cwd, out), `${JSON.stringify(model)}\n`);
    const summary = {
      model: out,
      hash: model.hash,
      examples: model.trainedOn.examples,
      labels: model.labels,
      features: model.features.terms.length,
      seconds: Number(((ctx.now() - started) / 1000).toFixed(2)),
    };
    ctx.out(
      flag(args, "json")
        ? `${JSON.stringify(summary)}\n`
        : `trained on ${summary.examples} texts, ${summary.labels.length} labels, ${summary.features} features in ${summary.seconds} s\nmodel ${out} sha256 ${model.hash}\n`,
    );
    return EXIT.ok;
  },
};
