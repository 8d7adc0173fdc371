import {
  type Clock,
  computeMetrics,
  createEngine,
  type EventStore,
  nationalPolicy,
  petitionStreamId,
} from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";

/**
 * The smallest useful embedding: an engine on a SQLite file, one petition
 * taken from registration to a reply, a deadline reminder (催办) issued by
 * `tick`, and the metrics recomputed from the log. It can run again on the
 * same file: every command carries an idempotency key, so a repeat appends
 * nothing and returns what was stored the first time.
 */
export async function quickstart(
  dbFile: string,
  /** Open another store instead of the SQLite file (main.ts: PostgreSQL from PETITIO_DATABASE_URL). */
  openStore: (clock: Clock) => EventStore | Promise<EventStore> = (clock) =>
    openSqliteStore(dbFile, { clock }),
): Promise<string[]> {
  const lines: string[] = [];
  // A simulated clock: the engine never reads the system time itself.
  let now = "2024-09-23T09:00:00+08:00";
  const clock = { now: () => now };
  const store = await openStore(clock);
  const engine = createEngine({ store, policy: nationalPolicy, clock });
  const intake = { id: "clerk-1", role: "intake", org: "city-bureau" } as const;
  const agency = { id: "officer-7", role: "agency", org: "housing-bureau" } as const;
  const petitionId = "2024-0001";
  const once = (step: string) => ({ petitionId, idempotencyKey: `quickstart-${step}` });

  try {
    // register: channel, petitioners, title, content, category (topic optional).
    const registered = await engine.execute({
      type: "register",
      ...once("register"),
      actor: intake,
      channel: "online",
      petitioners: [{ id: "citizen-42", name: "李四" }],
      title: "老旧小区加装电梯进度缓慢",
      content: "我们小区去年已签字同意加装电梯，至今未开工，希望尽快推进。",
      category: "claim",
      topic: "老旧小区改造",
    });
    lines.push(`registered, routing due ${registered.events[0]!.data.routingDueAt}`);

    // route: toOrg (the office that must handle it).
    now = "2024-09-24T10:00:00+08:00";
    const routed = await engine.execute({
      type: "route",
      ...once("route"),
      actor: intake,
      toOrg: "housing-bureau",
    });
    lines.push(`routed, acceptance due ${routed.events[0]!.data.acceptanceDueAt}`);

    // accept: nothing more; the actor is the office it was routed to.
    now = "2024-10-08T10:00:00+08:00";
    const accepted = await engine.execute({ type: "accept", ...once("accept"), actor: agency });
    lines.push(`accepted, handling due ${accepted.events[0]!.data.handlingDueAt}`);

    // tick(now): three days before the handling limit it issues a reminder (催办单),
    // once per stage: on a rerun it finds it issued and issues nothing.
    now = "2024-12-06T08:00:00+08:00";
    const tick = await engine.tick(now);
    lines.push(`tick issued ${tick.reminders.length} reminder(s) now`);
    for (const event of await store.readStream(petitionStreamId(petitionId))) {
      if (event.type === "ReminderIssued") {
        const { stage, dueAt, daysLeft } = event.data as {
          stage: string;
          dueAt: string;
          daysLeft: number;
        };
        lines.push(`催办: ${stage} due ${dueAt}, ${daysLeft} days left`);
      }
    }

    // reply: outcome, summary and the legal basis it rests on (W22 Art. 32).
    now = "2024-12-06T16:00:00+08:00";
    await engine.execute({
      type: "reply",
      ...once("reply"),
      actor: agency,
      outcome: "supported",
      summary: "已协调施工单位，十二月中旬开工。",
      legalBasis: ["信访工作条例第三十二条"],
    });
    lines.push("replied");

    // Without asOf the report describes the moment of the last event in the log;
    // here a later moment, once the 30-day review window after the reply has closed.
    const report = await computeMetrics(store.readAll(), { asOf: "2025-01-31T23:59:59+08:00" });
    const { onTimeAcceptance, onTimeCompletion, oneTimeResolution } = report.rates;
    lines.push(
      `on-time acceptance ${onTimeAcceptance.numerator}/${onTimeAcceptance.denominator}, ` +
        `on-time completion ${onTimeCompletion.numerator}/${onTimeCompletion.denominator}, ` +
        `one-time resolution ${oneTimeResolution.numerator}/${oneTimeResolution.denominator}`,
    );
    return lines;
  } finally {
    await store.close();
  }
}
