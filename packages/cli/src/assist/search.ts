import { resolve } from "node:path";
import { type CaseStatus, type SearchFilters, SearchIndex } from "@petitio/assist";
import type { EventEnvelope } from "@petitio/core";
import {
  choiceOption,
  flag,
  integerOption,
  requirePositionals,
  stringOption,
} from "../cli/args.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { detectInputKind, streamEvents } from "../input/load-events.js";
import { renderTable } from "../output/table.js";
import type { AssistSubcommand } from "./subcommand.js";

const STATUSES: readonly CaseStatus[] = [
  "open",
  "replied",
  "concluded",
  "merged",
  "withdrawn",
  "redirected",
  "notAccepted",
];

const help = `petitio assist search <store.db | log.jsonl> "<query>" [filters] [--json]

Chinese full-text search (搜索), ranked, with highlights. Every word matches
exactly, as written (SQLite FTS5 over overlapping bigrams, and over single
characters for a one-character word). Space-separated words must all occur.
For a store, the index is kept beside it in <store.db>.assist-search.db and
caught up from the store's log on each search (delete it to rebuild); for a
JSONL log it is built in memory.

Filters:
  --org ORG             last org routed to
  --category C          suggestion | accusation | claim
  --topic T
  --status S            ${STATUSES.join(" | ")}
  --from T, --to T      received in [from, to) (ISO-8601)
  --limit N             most hits (default 20)
  --index FILE          the index file to use
  --json                {"query", "method", "hits": [{petitionId, title, org, category, topic, status, receivedAt, score, highlights}]}
`;

const instant = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError(`--${name} must be an ISO-8601 time; got "${value}"`, "assist");
  return ms;
};

export const searchCommand: AssistSubcommand = {
  name: "search",
  summary: "Chinese full-text search with filters, ranked, with highlights",
  help,
  options: {
    org: { type: "string" },
    category: { type: "string" },
    topic: { type: "string" },
    status: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    limit: { type: "string" },
    index: { type: "string" },
  },
  async run(args, ctx) {
    const [file = "", query = ""] = requirePositionals("assist search", args, [
      "<store.db>",
      "<query>",
    ]);
    const path = resolve(ctx.cwd, file);
    const filters: SearchFilters = {};
    for (const name of ["org", "category", "topic"] as const) {
      const value = stringOption(args, name);
      if (value !== undefined) filters[name] = value;
    }
    const status = choiceOption("assist search", args, "status", STATUSES);
    if (status !== undefined) filters.status = status;
    const from = instant("from", stringOption(args, "from"));
    const to = instant("to", stringOption(args, "to"));
    if (from !== undefined) filters.from = from;
    if (to !== undefined) filters.to = to;
    const limit = integerOption("assist search", args, "limit", 1) ?? 20;
    const kind = await detectInputKind(path);
    const indexFile =
      stringOption(args, "index") ?? (kind === "sqlite" ? `${path}.assist-search.db` : ":memory:");
    const index = new SearchIndex(
      indexFile === ":memory:" ? indexFile : resolve(ctx.cwd, indexFile),
    );
    try {
      const { events } = await streamEvents(path);
      const batch: EventEnvelope[] = [];
      for await (const event of events) {
        batch.push(event);
        if (batch.length === 5000) index.applyEvents(batch.splice(0));
      }
      index.applyEvents(batch);
      const result = index.search(query, filters, limit);
      if (flag(args, "json")) {
        ctx.out(`${JSON.stringify(result)}\n`);
        return EXIT.ok;
      }
      ctx.out(
        `${result.hits.length} hits for "${query}" (${result.method})\n\n${renderTable(
          [
            { header: "petition", value: (h) => h.petitionId },
            { header: "received", value: (h) => h.receivedAt.slice(0, 10) },
            { header: "status", value: (h) => h.status },
            { header: "org", value: (h) => h.org, maxWidth: 16 },
            { header: "title", value: (h) => h.title, maxWidth: 30 },
            { header: "highlights", value: (h) => h.highlights.join(" "), maxWidth: 70 },
          ],
          result.hits,
        )}\n`,
      );
      return EXIT.ok;
    } finally {
      index.close();
    }
  },
};
