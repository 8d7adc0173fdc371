import { join, resolve } from "node:path";
import { writeLog } from "@petitio/core/adapter";
import { flag, integerOption, stringOption } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, InputError, UsageError } from "../cli/errors.js";
import { buildLog } from "../importers/build-log.js";
import type { DraftPetition, SkippedRecord } from "../importers/draft.js";
import { IMPORTERS, importerFor } from "../importers/index.js";
import { RecordSkipped, readSourceRecords } from "../importers/source-records.js";
import { createProgress } from "../output/progress.js";
import { replaceFileAtomic } from "../util/atomic-write.js";
import { dataDirectory } from "../util/data-dir.js";
import { formatInZone } from "../util/zoned-time.js";

const help = `petitio import <kind> [file] --out <log.jsonl> [--limit N] [--json]

Turn a real dataset into a Petitio event log. The sources record only some
steps of each case; the missing ones are synthesized from the record's fields
and marked "meta": {"synthesized": true}. Every event keeps its source record in
meta.source ("file:line").

Kinds:
${IMPORTERS.map((i) => `  ${i.kind.padEnd(12)} ${i.description}\n  ${"".padEnd(12)} default file: $PETITIO_DATA/${i.defaultFile}`).join("\n")}

Options:
  --out FILE    the log to write (replaced atomically)
  --limit N     import only the first N records
  --json        print the summary as JSON
  -h, --help    this help

$PETITIO_DATA defaults to ../shared/data beside the repository.

Example:
  petitio import teddycup --out teddycup.log.jsonl
  imported 2816 records → 13992 events (8360 synthesized)
`;

/**
 * No record could be used: the file is empty or of another kind. Nothing is
 * written; the message names the likely cause and what to run instead.
 */
const nothingImported = (
  file: string,
  kind: string,
  records: number,
  skipped: readonly SkippedRecord[],
): InputError => {
  if (records === 0)
    return new InputError(file, `no records: the file is empty; nothing was written`);
  const reasons = [...new Set(skipped.map((s) => s.reason))].slice(0, 3).join("; ");
  const others = IMPORTERS.filter((i) => i.kind !== kind)
    .map((i) => i.kind)
    .join(", ");
  return new InputError(
    file,
    `none of its ${records} records is a ${kind} record (${reasons}); nothing was written. ` +
      `Is it another kind (${others})? See petitio import --help`,
  );
};

export const importCommand: Command = {
  name: "import",
  summary: "turn a real dataset (teddycup, fuzhou12345, nyc311) into an event log",
  help,
  options: { out: { type: "string", short: "o" }, limit: { type: "string" } },
  async run(args, ctx) {
    const [kind, fileArg, ...extra] = args.positionals;
    if (kind === undefined) throw new UsageError("missing argument: kind", "import");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(" ")}`, "import");
    const importer = importerFor(kind);
    if (!importer) {
      throw new UsageError(
        `unknown kind "${kind}"; one of ${IMPORTERS.map((i) => i.kind).join(", ")}`,
        "import",
      );
    }
    const out = stringOption(args, "out");
    if (!out) throw new UsageError("--out FILE is required", "import");
    const limit = integerOption("import", args, "limit", 1);
    const file = fileArg
      ? resolve(ctx.cwd, fileArg)
      : join(dataDirectory(ctx.env, ctx.cwd, ctx.scriptPath), importer.defaultFile);

    const drafts: DraftPetition[] = [];
    const skipped: SkippedRecord[] = [];
    const progress = createProgress(ctx, `importing ${kind}`, {
      unit: "bytes",
      quiet: flag(args, "json"),
    });
    let records = 0;
    const sourceName = fileArg
      ? fileArg.split(/[\\/]/).pop()
      : importer.defaultFile.split("/").pop();
    try {
      const onBytes = (bytes: number, total: number): void => progress.update(bytes, total);
      for await (const { line, record } of readSourceRecords(file, onBytes)) {
        if (limit !== undefined && records >= limit) break;
        records++;
        try {
          drafts.push(importer.toPetition(record, `${sourceName}:${line}`));
        } catch (error) {
          // A record the importer cannot use is reported, never dropped silently.
          if (error instanceof RecordSkipped || error instanceof RangeError) {
            skipped.push({ line, reason: error.message });
          } else {
            throw error;
          }
        }
      }
    } finally {
      progress.finish();
    }
    if (drafts.length === 0) throw nothingImported(file, kind, records, skipped);
    const log = buildLog(drafts, importer.timeZone);
    const target = resolve(ctx.cwd, out);
    await replaceFileAtomic(target, async (stream) => {
      await writeLog(log.events, stream);
    });

    const summary = {
      kind,
      source: file,
      out: target,
      policy: importer.policyName,
      records,
      imported: drafts.length,
      skipped,
      events: log.events.length,
      synthesized: log.synthesized,
      horizon: Number.isFinite(log.horizon) ? formatInZone(log.horizon, importer.timeZone) : null,
      beyondHorizon: log.beyondHorizon,
    };
    if (flag(args, "json")) {
      ctx.out(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      ctx.out(
        `imported ${drafts.length} records → ${log.events.length} events (${log.synthesized} synthesized)\n` +
          `wrote ${out}  (policy: ${importer.policyName}; source ends ${summary.horizon}` +
          `${log.beyondHorizon ? `, ${log.beyondHorizon} closing${log.beyondHorizon === 1 ? "" : "s"} after it left out` : ""})\n`,
      );
      if (skipped.length > 0) {
        ctx.err(`skipped ${skipped.length} records:\n`);
        for (const s of skipped.slice(0, 20)) ctx.err(`  line ${s.line}: ${s.reason}\n`);
        if (skipped.length > 20)
          ctx.err(`  … and ${skipped.length - 20} more (--json lists all)\n`);
      }
    }
    return EXIT.ok;
  },
};
