import {
  type Clock,
  computeMetrics,
  createEngine,
  type EventStore,
  nationalPolicy,
} from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";

/**
 * The smallest useful embedding: an engine on a SQLite file, one petition
 * taken from registration to a reply, a deadline reminder (催办) fired by
 * `tick`, and the metrics recomputed from the log.
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

  try {
    const registered = await engine.execute({
      type: "register",
      petitionId: "2024-0001",
      actor: intake,
      channel: "online",
      petitioners: [{ id: "citizen-42", name: "李四" }],
      title: "老旧小区加装电梯进度缓慢",
      content: "我们小区去年已签字同意加装电梯，至今未开工，希望尽快推进。",
      category: "claim",
      topic: "老旧小区改造",
    });
    lines.push(`registered, routing due ${registered.events[0]!.data.routingDueAt}`);

    now = "2024-09-24T10:00:00+08:00";
    const routed = await engine.execute({
      type: "route",
      petitionId: "2024-0001",
      actor: intake,
      toOrg: "housing-bureau",
    });
    // 15 days from 24 Sep end on 9 Oct; National Day (1–7 Oct) does not move it,
    // but a last day on a holiday would move to the next working day.
    lines.push(`routed, acceptance due ${routed.events[0]!.data.acceptanceDueAt}`);

    now = "2024-10-08T10:00:00+08:00";
    const accepted = await engine.execute({
      type: "accept",
      petitionId: "2024-0001",
      actor: agency,
    });
    lines.push(`accepted, handling due ${accepted.events[0]!.data.handlingDueAt}`);

    // Three days before the handling limit, tick issues a reminder (催办单).
    const tick = await engine.tick("2024-12-06T08:00:00+08:00");
    for (const reminder of tick.reminders) {
      lines.push(
        `催办: ${reminder.data.stage} due ${reminder.data.dueAt}, ${reminder.data.daysLeft} days left`,
      );
    }

    now = "2024-12-06T16:00:00+08:00";
    await engine.execute({
      type: "reply",
      petitionId: "2024-0001",
      actor: agency,
      outcome: "supported",
      summary: "已协调施工单位，十二月中旬开工。",
      legalBasis: ["信访工作条例第三十二条"],
    });
    lines.push("replied");

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
