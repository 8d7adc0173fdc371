import {
  type Clock,
  computeMetrics,
  createEngine,
  type EventEnvelope,
  type MetricsReport,
  nationalPolicy,
  PetitioError,
} from "@petitio/core";
import type { Palette } from "../output/color.js";
import { formatInZone } from "../util/zoned-time.js";
import { type DemoNotices, startDemoNotices } from "./demo-notices.js";
import { Random } from "./random.js";
import { buildWorkload, DAY, type DemoPetition } from "./scenario.js";

const TZ = nationalPolicy.timeZone;
const iso = (ms: number): string => formatInZone(ms, TZ);
const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;

export interface DemoOptions {
  db: string;
  seed: number;
  petitions: number;
  /** First registration day, local midnight. */
  start: string;
  /** Days during which petitions arrive. */
  intakeDays: number;
  /** Days the clock runs in all (after the last arrival, to let windows lapse). */
  totalDays: number;
  /** One line per notice and step (催办, 督办, month ends). */
  print(line: string): void;
  color: Palette;
}

export interface DemoResult {
  events: EventEnvelope[];
  report: MetricsReport;
  reminders: number;
  supervisions: number;
  concluded: number;
  commands: number;
  rejected: { petitionId: string; command: string; reason: string }[];
  asOf: string;
  /** Where the notices went: a local webhook receiver the demo started. */
  notices: DemoNotices;
}

/**
 * Run the demo workload on a SQLite store with a simulated clock: commands
 * at their planned times, `engine.tick()` every morning at 08:00 (issuing
 * 催办 and 督办, concluding lapsed petitions), printed as they happen.
 */
export const runDemo = async (options: DemoOptions): Promise<DemoResult> => {
  const random = new Random(options.seed);
  const start = Date.parse(options.start);
  const { petitions, plan } = buildWorkload(random, {
    start,
    days: options.intakeDays,
    petitions: options.petitions,
  });
  const byId = new Map<string, DemoPetition>(petitions.map((p) => [p.petitionId, p]));
  let now = start;
  const clock: Clock = { now: () => iso(now) };
  // Loaded here, not at start-up: the other commands work without the SQLite adapter.
  const { openSqliteStore } = await import("@petitio/sqlite");
  const store = openSqliteStore(options.db, { clock, synchronous: "NORMAL" });
  const notices = await startDemoNotices(store, clock);
  const engine = createEngine({ store, policy: nationalPolicy, clock, channels: notices.channels });
  const { color, print } = options;
  const result = { reminders: 0, supervisions: 0, concluded: 0, commands: 0 };
  const rejected: DemoResult["rejected"] = [];
  const broken = new Set<string>();
  try {
    let next = 0;
    const runUntil = async (until: number) => {
      for (; next < plan.length && (plan[next]?.at ?? Number.POSITIVE_INFINITY) < until; next++) {
        const step = plan[next];
        if (!step || broken.has(step.petitionId)) continue;
        now = step.at;
        try {
          await engine.execute({ ...step.command, at: iso(step.at) } as Parameters<
            typeof engine.execute
          >[0]);
          result.commands++;
        } catch (error) {
          if (!(error instanceof PetitioError)) throw error;
          // The engine refused a planned step: the rest of this petition's plan is dropped.
          broken.add(step.petitionId);
          rejected.push({
            petitionId: step.petitionId,
            command: step.command.type,
            reason: error.message,
          });
          print(
            color.dim(
              `${iso(step.at).slice(0, 10)} refused ${step.command.type} for ${step.petitionId}: ${error.message}`,
            ),
          );
        }
      }
    };
    let month = "";
    for (let day = 0; day < options.totalDays; day++) {
      const morning = start + day * DAY + 8 * 3_600_000;
      const dayMonth = iso(morning).slice(0, 7);
      if (dayMonth !== month) {
        month = dayMonth;
        print(color.bold(`── ${month} ──`));
      }
      await runUntil(morning);
      now = morning;
      const tick = await engine.tick(iso(morning));
      for (const e of tick.reminders) {
        result.reminders++;
        const p = byId.get(String(e.streamId).replace(/^petition-/, ""));
        print(
          `${iso(morning).slice(0, 10)} ${color.yellow("催办 reminder")}    ${e.streamId.replace(/^petition-/, "")} ` +
            `${e.data.stage} due ${String(e.data.dueAt).slice(0, 10)} (${plural(Number(e.data.daysLeft), "day")} left) → ${p?.sample.org ?? ""}：${p?.sample.title ?? ""}`,
        );
      }
      for (const e of tick.supervisions) {
        result.supervisions++;
        const p = byId.get(String(e.streamId).replace(/^petition-/, ""));
        print(
          `${iso(morning).slice(0, 10)} ${color.red(`督办 supervision L${e.data.level}`)} ${e.streamId.replace(/^petition-/, "")} ` +
            `${e.data.stage} ${plural(Number(e.data.daysOverdue), "day")} overdue (due ${String(e.data.dueAt).slice(0, 10)}) → ${p?.sample.org ?? ""}：${p?.sample.title ?? ""}`,
        );
      }
      result.concluded += tick.concluded.length;
      await notices.deliver();
      await runUntil(start + (day + 1) * DAY);
    }
    const delivered = await notices.finish();
    const asOf = iso(start + options.totalDays * DAY - 1000);
    const events: EventEnvelope[] = [];
    for await (const e of store.readAll()) events.push(e);
    const report = await computeMetrics(events, { asOf, timeZone: TZ });
    return { ...result, events, report, rejected, asOf, notices: delivered };
  } finally {
    await notices.close();
    await store.close();
  }
};
