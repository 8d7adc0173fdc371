import { resolve } from "node:path";
import type { OptionSpecs, ParsedArgs } from "../cli/args.js";
import { flag, stringOption } from "../cli/args.js";
import type { CliContext } from "../cli/context.js";
import { EXIT } from "../cli/errors.js";
import type { VerifyResult } from "./verify-log.js";
import { verifyPath } from "./verify-path.js";

/**
 * Commands that print numbers from a log (`report`, `overdue`, `hot-topics`)
 * first run `verify` over it and refuse a log it rejects: figures from an
 * edited or unlawful log would be believed all the same. `--trust` prints them
 * anyway, and says so in the output.
 */

/** Spread into a command's `options`. */
export const GATE_OPTIONS = {
  trust: { type: "boolean" },
  orgs: { type: "string" },
} as const satisfies OptionSpecs;

/** For the command's --help. */
export const GATE_HELP = `  --trust            print numbers even from a log that \`petitio verify\` rejects
                     (the output then says so); without it such a log is refused, exit 1
  --orgs FILE        the org hierarchy (JSON: org → the org one level above), as for
                     petitio verify: a review or re-examination not asked one level
                     up is then a violation (W22 Art. 35–36); without it, not judged`;

/**
 * Verify `file` for `command`. Returns an exit code when the command must stop
 * (the log is refused), or undefined to go on. Refusal and trust notices go to
 * stderr; with `--trust`, the notice goes to stdout as well (prefixed for
 * machine formats by the caller if needed) so it travels with the numbers.
 */
export const refuseUnverifiedLog = async (
  ctx: CliContext,
  command: string,
  file: string,
  args: ParsedArgs,
): Promise<number | undefined> => {
  const result = await verifyPath(ctx, resolve(ctx.cwd, file), {}, `verifying ${file}`);
  return judgeVerdict(ctx, command, file, args, result);
};

/**
 * What the gate does with verify's verdict on `file`: go on (undefined; a note
 * on stderr for a log without a hash chain), refuse (the exit code), or, with
 * `--trust`, go on with the notice that `trustNotice` then returns.
 */
export const judgeVerdict = (
  ctx: CliContext,
  command: string,
  file: string,
  args: ParsedArgs,
  result: VerifyResult,
): number | undefined => {
  const { findings } = result;
  const trusted = flag(args, "trust");
  if (findings.length === 0) {
    if (result.chain.sealed === 0) {
      ctx.err(`${command}: note: ${file} carries no hash chain; edits to it cannot be detected\n`);
    }
    return undefined;
  }
  const first = findings[0];
  const count = findings.length + result.omittedFindings;
  const what = `${count} violation${count === 1 ? "" : "s"}, the first on line ${first?.line} (${first?.rule}: ${first?.message})`;
  if (!trusted) {
    // The list verify prints is the one judged with the same hierarchy.
    const orgsFile = stringOption(args, "orgs");
    ctx.err(
      `${command}: refused: petitio verify rejects ${file}: ${what}.\n` +
        `Run \`petitio verify ${file}${orgsFile === undefined ? "" : ` --orgs ${orgsFile}`}\` for the list; pass --trust to compute the numbers anyway.\n`,
    );
    return EXIT.findings;
  }
  const notice = `UNVERIFIED (--trust): petitio verify rejects ${file}: ${what}; the numbers below come from it anyway`;
  ctx.err(`${command}: ${notice}\n`);
  trustedNotices.set(ctx, notice);
  return undefined;
};

const trustedNotices = new WeakMap<CliContext, string>();

/**
 * The notice to print with the numbers when `--trust` let a rejected log
 * through (undefined otherwise): put it at the top of a table, as a field of
 * JSON (`"unverified": notice`), or as a comment line of CSV.
 */
export const trustNotice = (ctx: CliContext): string | undefined => trustedNotices.get(ctx);
