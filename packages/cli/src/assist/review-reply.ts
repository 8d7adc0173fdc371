import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type ReplyOutcome, type ReviewFinding, reviewReply } from "@petitio/assist";
import { choiceOption, flag, requirePositionals, stringOption } from "../cli/args.js";
import { EXIT, InputError, UsageError } from "../cli/errors.js";
import { loadCases } from "./inputs.js";
import type { AssistSubcommand } from "./subcommand.js";

const help = `petitio assist review-reply <store.db | log.jsonl> <petitionId> [--draft FILE] [--outcome O] [--json]

审核: check a reply before it is issued: legal basis cited (required for
notSupported), every request answered, remedy route and its time limit stated
(Beijing regulation Art. 43 (5); W22 Art. 35), outcome consistent with the
words, deadline, no personal data of others. Findings only: nothing is changed.
Exit code 1 when there is an error-level finding.

Without --draft the petition's recorded reply is reviewed.

Options:
  --draft FILE   the draft reply text (UTF-8)
  --outcome O    supported | explained | notSupported (default: the recorded one)
  --json         {"petitionId", "findings": [{check, severity, message, basis}]}
`;

const OUTCOMES: readonly ReplyOutcome[] = ["supported", "explained", "notSupported"];

export const reviewReplyCommand: AssistSubcommand = {
  name: "review-reply",
  summary: "review a reply (draft or recorded) and list findings",
  help,
  options: { draft: { type: "string" }, outcome: { type: "string" } },
  async run(args, ctx) {
    const [file = "", petitionId = ""] = requirePositionals("assist review-reply", args, [
      "<store.db>",
      "<petitionId>",
    ]);
    const path = resolve(ctx.cwd, file);
    const target = (await loadCases(path)).find((c) => c.petitionId === petitionId);
    if (!target) throw new UsageError(`no petition ${petitionId} in ${file}`, "assist");
    const draftFile = stringOption(args, "draft");
    let text: string;
    if (draftFile !== undefined) {
      const draftPath = resolve(ctx.cwd, draftFile);
      try {
        text = await readFile(draftPath, "utf8");
      } catch (error) {
        throw new InputError(
          draftPath,
          `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
    } else if (target.reply) {
      text = target.reply.summary;
    } else {
      throw new UsageError(`petition ${petitionId} has no reply yet: pass --draft FILE`, "assist");
    }
    const outcome =
      choiceOption("assist review-reply", args, "outcome", OUTCOMES) ?? target.reply?.outcome;
    const findings: ReviewFinding[] = reviewReply({
      petition: { title: target.title, content: target.content, receivedAt: target.receivedAt },
      reply: {
        text,
        ...(outcome ? { outcome } : {}),
        ...(target.reply && draftFile === undefined
          ? { legalBasis: target.reply.legalBasis, deliveredAt: target.reply.deliveredAt }
          : {}),
      },
    });
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify({ petitionId, findings })}\n`);
    } else if (findings.length === 0) {
      ctx.out(`${petitionId}: no findings\n`);
    } else {
      ctx.out(
        `${petitionId}: ${findings.length} findings\n${findings.map((f) => `  ${f.severity.padEnd(7)} ${f.check}: ${f.message} [${f.basis}]`).join("\n")}\n`,
      );
    }
    return findings.some((f) => f.severity === "error") ? EXIT.findings : EXIT.ok;
  },
};
