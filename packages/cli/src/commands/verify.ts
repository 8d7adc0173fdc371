import { resolve } from "node:path";
import { flag, requirePositionals, stringOption } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, InputError, UsageError } from "../cli/errors.js";
import { paletteFor } from "../output/color.js";
import { renderTable } from "../output/table.js";
import { writeCheckpointFile } from "../verify/checkpoint-file.js";
import { loadHeadOption } from "../verify/head-option.js";
import { loadOrgsOption } from "../verify/orgs-option.js";
import { loadPolicyOption } from "../verify/policy-option.js";
import type { Finding, VerifyOptions } from "../verify/verify-log.js";
import { chainSummary, verifyPath } from "../verify/verify-path.js";

const help = `petitio verify <log.jsonl | store.db> [options]

Check that a log is an untouched, lawful history:
  - the hash chain (docs/log-integrity.md): every line's hash is recomputed
    from its content and its predecessor's hash; the first line where the
    chain breaks is named, and how: edited, inserted, deleted, reordered.
    A store file is read the same way, so an SQL UPDATE of its rows is found;
  - with --head, the log still holds the published head: a cut tail, or a log
    rewritten and re-hashed from the start, is found;
  - every line is a valid envelope of the catalog (JSON, fields, enumerations,
    the limits fixed by law: an extension of at most 30 days (W22 Art. 34),
    at most 5 representatives (W22 Art. 20));
  - positions strictly increase; stream versions start at 1 without gaps;
    business time does not run backwards within a stream; no event is
    recorded before it occurred;
  - every event is a legal transition of the petition statechart by a role
    and org the law allows, on a registered stream, with time windows judged
    against the due times stored in the log (docs/log-format.md);
  - with --policy, every stored due time is the one the policy and its
    calendar give (the metrics read only stored due times);
  - with --orgs, every review and re-examination is asked of an org above
    the one that decided (W22 Art. 35–36), as the engine judges it; without
    it the output says the org hierarchy was not checked.
Every violation is printed with its line number and the rule it breaks; all
lines are checked, not only up to the first problem. A log without any hash
chain is checked for the rest and reported as unsealed (an error with
--require-chain). Petitioners' personal data left in plaintext (not erasable,
docs/security.md) is counted and reported, not a violation.

Exit code: 0 no violation, 1 violations found, 2 unreadable input or options
(also a checkpoint whose signature does not verify).

Options:
  --head H              a published chain head: a hash (64 hex digits) or a
                        checkpoint file written by --write-checkpoint
  --public-key FILE     the Ed25519 public key (PEM) the checkpoint must be
                        signed with; without it the checkpoint only proves
                        it is intact, not who signed it
  --policy P            judge stored due times: a built-in policy id
                        (cn-national-w22, cn-zhejiang-2016,
                        cn-12345-hotline) or a
                        JSON file of policy overrides (docs/policies.md)
  --orgs FILE           the deployment's org hierarchy: a JSON object mapping
                        each org to the org one level above it (the shape
                        createEngine({ orgs }) takes)
  --require-chain       a log without a hash chain is a violation
  --write-checkpoint F  when no violation is found, sign the chain head into
                        checkpoint file F (never overwrites); needs --key
  --key FILE            the Ed25519 private key (PKCS#8 PEM) to sign with,
                        e.g. from: openssl genpkey -algorithm ed25519
  --json                the result as JSON: { file, events, streams, ok,
                        chain, personalData, orgHierarchy: { checked },
                        violations: [...] }
  -h, --help            this help
`;

export const verifyCommand: Command = {
  name: "verify",
  summary:
    "check the hash chain, schema, order, versions and legal transitions; list violations by line",
  help,
  options: {
    head: { type: "string" },
    "public-key": { type: "string" },
    policy: { type: "string" },
    orgs: { type: "string" },
    "require-chain": { type: "boolean" },
    "write-checkpoint": { type: "string" },
    key: { type: "string" },
  },
  async run(args, ctx) {
    const [file = ""] = requirePositionals("verify", args, ["<log>"]);
    const headValue = stringOption(args, "head");
    const publicKey = stringOption(args, "public-key");
    if (publicKey !== undefined && headValue === undefined) {
      throw new UsageError("--public-key needs --head <checkpoint file>", "verify");
    }
    const checkpointOut = stringOption(args, "write-checkpoint");
    const key = stringOption(args, "key");
    if ((checkpointOut === undefined) !== (key === undefined)) {
      throw new UsageError("--write-checkpoint and --key go together", "verify");
    }
    const head =
      headValue === undefined ? undefined : loadHeadOption("verify", headValue, ctx.cwd, publicKey);
    const policyValue = stringOption(args, "policy");
    const orgsFile = stringOption(args, "orgs");
    const options: VerifyOptions = {
      ...(head ? { head } : {}),
      ...(policyValue ? { policy: loadPolicyOption("verify", policyValue, ctx.cwd) } : {}),
      ...(orgsFile ? { orgs: loadOrgsOption("verify", orgsFile, ctx.cwd) } : {}),
      requireChain: flag(args, "require-chain"),
    };
    const path = resolve(ctx.cwd, file);
    const result = await verifyPath(ctx, path, options, `verifying ${file}`, {
      quiet: flag(args, "json"),
    });
    const { findings } = result;
    const total = findings.length + result.omittedFindings;
    // An empty file is most often a failed export: "no violations" would let it pass.
    if (result.events === 0 && total === 0) {
      throw new InputError(
        path,
        "holds no events, so there is nothing to verify; check the export or import that wrote it",
      );
    }
    let checkpoint: string | undefined;
    if (checkpointOut !== undefined && key !== undefined && findings.length === 0) {
      checkpoint = await writeCheckpointFile(ctx, result, checkpointOut, key);
    }
    if (flag(args, "json")) {
      ctx.out(
        `${JSON.stringify(
          {
            file,
            events: result.events,
            streams: result.streams,
            ok: findings.length === 0,
            chain: result.chain,
            personalData: result.personalData,
            orgHierarchy: orgsFile ? { checked: true, file: orgsFile } : { checked: false },
            ...(head ? { head: head.source } : {}),
            ...(checkpoint ? { checkpoint } : {}),
            violations: findings,
            ...(result.omittedFindings > 0 ? { omittedViolations: result.omittedFindings } : {}),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const color = paletteFor(ctx);
      if (findings.length > 0) {
        ctx.out(
          `${renderTable<Finding>(
            [
              { header: "line", value: (f) => String(f.line), align: "right" },
              { header: "stream", value: (f) => f.streamId ?? "", maxWidth: 28 },
              { header: "event", value: (f) => f.type ?? "", maxWidth: 24 },
              {
                header: "rule",
                value: (f) => (f.article ? `${f.rule} (${f.article})` : f.rule),
              },
              { header: "problem", value: (f) => f.message },
            ],
            findings,
          )}\n\n`,
        );
      }
      ctx.out(`${chainSummary(result, head?.source)}\n`);
      ctx.out(`${hierarchySummary(orgsFile)}\n`);
      if (checkpoint) ctx.out(`checkpoint written to ${checkpoint}\n`);
      else if (checkpointOut) ctx.out("no checkpoint written: the log has violations\n");
      const summary = `${file}: ${result.events} events in ${result.streams} streams, `;
      ctx.out(
        findings.length === 0
          ? `${summary}${color.green("no violations")}\n`
          : `${summary}${color.red(`${total} violation${total === 1 ? "" : "s"}`)}${
              result.omittedFindings > 0 ? ` (the first ${findings.length} listed)` : ""
            }\n`,
      );
    }
    return findings.length === 0 ? EXIT.ok : EXIT.findings;
  },
};

/** Whether reviews and re-examinations were judged one level up (W22 Art. 35–36). */
const hierarchySummary = (orgsFile: string | undefined): string =>
  orgsFile
    ? `org hierarchy (${orgsFile}): reviews and re-examinations judged one level up`
    : "org hierarchy: not checked (no --orgs), so reviews and re-examinations are not judged one level up";
