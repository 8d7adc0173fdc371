import type { Command } from "../cli/command.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { duplicatesCommand } from "./duplicates.js";
import { reviewReplyCommand } from "./review-reply.js";
import { routeCommand } from "./route.js";
import { searchCommand } from "./search.js";
import { similarCommand } from "./similar.js";
import type { AssistSubcommand } from "./subcommand.js";
import { topicsCommand } from "./topics.js";
import { trainRouterCommand } from "./train-router.js";

const SUBCOMMANDS: readonly AssistSubcommand[] = [
  trainRouterCommand,
  routeCommand,
  duplicatesCommand,
  searchCommand,
  similarCommand,
  reviewReplyCommand,
  topicsCommand,
];

const help = `petitio assist <subcommand> [options]

Suggestions a person confirms, each with its reasons and a confidence, all
derived from the log (docs/assist.md):

${SUBCOMMANDS.map((s) => `  ${s.name.padEnd(13)} ${s.summary}`).join("\n")}

Run \`petitio assist help <subcommand>\` for its options.
`;

/** `petitio assist …`: one command whose first argument picks the sub-command. */
export const assistCommand: Command = {
  name: "assist",
  summary:
    "duplicates, search, similar cases, routing suggestion, reply review, hot topics by meaning",
  help,
  // The union of the sub-commands' options; each sub-command refuses the others' (below).
  options: Object.assign({}, ...SUBCOMMANDS.map((s) => s.options)),
  async run(args, ctx) {
    const [name, ...positionals] = args.positionals;
    if (name === undefined) {
      ctx.err(help);
      return EXIT.usage;
    }
    if (name === "help") {
      const target = SUBCOMMANDS.find((s) => s.name === positionals[0]);
      ctx.out(target ? target.help : help);
      return EXIT.ok;
    }
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (!sub) {
      throw new UsageError(
        `unknown assist subcommand "${name}"; one of ${SUBCOMMANDS.map((s) => s.name).join(", ")}`,
        "assist",
      );
    }
    if (args.values.help === true) {
      ctx.out(sub.help);
      return EXIT.ok;
    }
    for (const [option, value] of Object.entries(args.values)) {
      if (
        value !== undefined &&
        option !== "help" &&
        option !== "json" &&
        !(option in sub.options)
      ) {
        throw new UsageError(`assist ${sub.name} has no option --${option}`, "assist");
      }
    }
    return sub.run({ values: args.values, positionals }, ctx);
  },
};
