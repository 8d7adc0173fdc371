import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createDispatcher, type EventStore, type RowOutcome } from "@petitio/core";
import { flag, integerOption, stringOption } from "../cli/args.js";
import type { Command } from "../cli/command.js";
import { EXIT, InputError, UsageError } from "../cli/errors.js";
import { paletteFor } from "../output/color.js";
import { channelsFrom, readDispatchConfig } from "./dispatch-config.js";

const help = `petitio dispatch --db FILE --config notify.json [--once]
petitio dispatch --db FILE --dead-letters
petitio dispatch --db FILE --redrive ID|all

Deliver the store's outbox: the 催办 (reminder) and 督办 (supervision) notices
for staff and the notices owed to petitioners (acceptance, extension, reply,
decisions; none for anonymous petitions), through the channels of the config
file: signed webhooks, WeCom / DingTalk / Feishu group robots, e-mail, console.
Each row is retried with exponential backoff and jitter, within each robot's
rate limit, recorded in the log (NotificationDelivered / NotificationFailed)
and dead-lettered after --max-attempts. The outbox row id travels as the
idempotency key. Safe to kill at any moment: nothing is lost, and a notice a
receiver acknowledged is not sent again. Config format: docs/notifications.md.

Options:
  --db FILE           the SQLite store (required)
  --config FILE       the notification config (JSON; "env:NAME" reads a secret)
  --once              deliver what is due now and exit (exit 1 if any row was
                      dead-lettered); without it, keep polling until Ctrl-C
  --interval-ms N     polling interval when idle (default 1000)
  --max-attempts N    attempts before a row is dead-lettered (default 8)
  --dead-letters      list the dead-lettered rows (exit 1 when there are any)
  --redrive ID|all    put dead-lettered rows back in the outbox
  --json              JSON output
  -h, --help          this help
`;

/** The store lists at most this many dead letters at a time. */
const PAGE = 10_000;

/** Dead letters, oldest first (the first PAGE of them). */
const allDeadLetters = (store: EventStore) => store.listDeadLetters({ limit: PAGE });

const describeOutcome = (o: RowOutcome): string => {
  const to = o.deliveredTo.length > 0 ? ` → ${o.deliveredTo.join(", ")}` : "";
  const base = `#${o.id} ${o.key} (attempt ${o.attempt})${to}`;
  if (o.status === "retrying") return `${base}; again at ${o.retryAt}: ${o.error}`;
  if (o.error) return `${base}: ${o.error}`;
  return base;
};

export const dispatchCommand: Command = {
  name: "dispatch",
  summary:
    "deliver outbox notices (webhooks, group robots, e-mail); list and re-drive dead letters",
  help,
  options: {
    db: { type: "string" },
    config: { type: "string" },
    once: { type: "boolean" },
    "interval-ms": { type: "string" },
    "max-attempts": { type: "string" },
    "dead-letters": { type: "boolean" },
    redrive: { type: "string", multiple: true },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unexpected argument: ${args.positionals.join(" ")}`, "dispatch");
    }
    const dbArg = stringOption(args, "db");
    if (!dbArg) throw new UsageError("--db FILE is required", "dispatch");
    const db = resolve(ctx.cwd, dbArg);
    if (!existsSync(db)) throw new InputError(dbArg, "no such file; check the path");
    const json = flag(args, "json");
    const redrive = (args.values.redrive as string[] | undefined) ?? [];
    const color = paletteFor(ctx);
    const { openSqliteStore, systemClock } = await import("@petitio/sqlite");

    if (flag(args, "dead-letters") || redrive.length > 0) {
      const store = openSqliteStore(db);
      try {
        if (redrive.length > 0) {
          const ids: string[] = [];
          if (redrive.includes("all")) {
            // A re-driven row is no longer dead: page until none is left.
            for (let page = await store.listDeadLetters({ limit: PAGE }); page.length > 0; ) {
              for (const d of page) await store.redriveOutbox(d.id, systemClock.now());
              ids.push(...page.map((d) => d.id));
              page = await store.listDeadLetters({ limit: PAGE });
            }
          } else {
            const known = new Set((await allDeadLetters(store)).map((d) => d.id));
            const unknown = redrive.filter((id) => !known.has(id));
            if (unknown.length > 0) {
              throw new UsageError(`not a dead-lettered row: ${unknown.join(", ")}`, "dispatch");
            }
            for (const id of redrive) await store.redriveOutbox(id, systemClock.now());
            ids.push(...redrive);
          }
          ctx.out(json ? `${JSON.stringify({ redriven: ids })}\n` : `re-driven: ${ids.length}\n`);
          return EXIT.ok;
        }
        const dead = await allDeadLetters(store);
        if (json) ctx.out(`${JSON.stringify(dead, null, 2)}\n`);
        else if (dead.length === 0) ctx.out("no dead letters\n");
        else
          for (const d of dead) {
            ctx.out(`#${d.id} ${d.key} dead since ${d.deadAt}: ${d.lastError}\n`);
          }
        return dead.length > 0 ? EXIT.findings : EXIT.ok;
      } finally {
        await store.close();
      }
    }

    const configArg = stringOption(args, "config");
    if (!configArg) throw new UsageError("--config FILE is required to deliver", "dispatch");
    const config = await readDispatchConfig(resolve(ctx.cwd, configArg), ctx.env);
    const intervalMs = integerOption("dispatch", args, "interval-ms", 1) ?? 1_000;
    const maxAttempts = integerOption("dispatch", args, "max-attempts", 1) ?? config.maxAttempts;
    const { channels, close } = await channelsFrom(config, (text) => ctx.err(text));
    const store = openSqliteStore(db);
    const orgNames = config.orgNames ?? {};
    const dispatcher = createDispatcher({
      store,
      clock: systemClock,
      channels,
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(config.timeZone ? { timeZone: config.timeZone } : {}),
      orgName: (org) => orgNames[org] ?? org,
      onOutcome: (o) => {
        if (json) {
          if (!flag(args, "once")) ctx.out(`${JSON.stringify(o)}\n`);
          return;
        }
        const label =
          o.status === "delivered"
            ? color.green("delivered    ")
            : o.status === "retrying"
              ? color.yellow("retrying     ")
              : o.status === "skipped"
                ? color.dim("skipped      ")
                : color.red("dead-lettered");
        ctx.out(`${label} ${describeOutcome(o)}\n`);
      },
    });
    try {
      if (flag(args, "once")) {
        const summary = await dispatcher.drain();
        if (json) ctx.out(`${JSON.stringify(summary, null, 2)}\n`);
        else
          ctx.out(
            `${summary.claimed} claimed: ${summary.delivered} delivered, ${summary.retrying} to retry, ` +
              `${summary.deadLettered} dead-lettered, ${summary.skipped} without a recipient\n`,
          );
        return summary.deadLettered > 0 ? EXIT.findings : EXIT.ok;
      }
      await new Promise<void>((stopped) => {
        dispatcher.start({
          intervalMs,
          onError: (error) => ctx.err(`${color.red("error:")} ${String(error)}\n`),
        });
        const stop = () => void dispatcher.stop().then(stopped);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      return EXIT.ok;
    } finally {
      close();
      await store.close();
    }
  },
};
