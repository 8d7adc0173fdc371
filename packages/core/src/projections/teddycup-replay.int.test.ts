import { createReadStream, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { computeMetrics } from "./metrics.js";
import { computeOverdue } from "./overdue.js";
import { petitionFactsProjection } from "./petition-facts.js";
import { replaySync } from "./replay.js";
import { TestLog } from "./test-log.testkit.js";

/**
 * Replay of a log built from real received and replied times (teddycup 2020
 * problem C, att4: 2,816 messages with the government's reply time). The
 * dataset is not in the repository: the folder comes from PETITIO_DATA
 * (default ../shared/data from the repository root) and the test is skipped
 * when it is absent. Only the two times are real; routing and acceptance are
 * put at receipt, with the national limits as stored due times (handling 60
 * days, W22 Art. 34). Every expected number is counted straight from the rows.
 */
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const dataDir = resolve(repoRoot, process.env.PETITIO_DATA ?? "../shared/data");
const att4 = join(dataDir, "teddycup2020_c", "att4_full_replies.jsonl");
const present = existsSync(att4);

interface Row {
  message_id: string;
  title: string;
  created_at: string;
  replied_at: string;
}

/** End of the day `days` after a local date-time, in +08:00, as the engine stores due times. */
const dueAfter = (local: string, days: number): string => {
  const [y, m, d] = local.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  return `${day}T23:59:59+08:00`;
};
const at = (local: string) => `${local}+08:00`;
const withTime = (local: string) => (local.length === 10 ? `${local}T00:00:00` : local);

const readRows = async (): Promise<Row[]> => {
  const rows: Row[] = [];
  for await (const line of createInterface({ input: createReadStream(att4) })) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as Row;
    // One reply time in the set is a bare date ("2018-04-24"): read it as that midnight.
    rows.push({
      ...row,
      created_at: withTime(row.created_at),
      replied_at: withTime(row.replied_at),
    });
  }
  return rows;
};

/** One stream per message; events are then put in business-time order, as a live store would hold them. */
const buildLog = (rows: readonly Row[]): EventEnvelope[] => {
  const log = new TestLog();
  for (const row of rows) {
    const id = `TC${row.message_id}`;
    const received = at(row.created_at);
    log
      .register(id, received, { topic: "teddycup", routingDueAt: dueAfter(row.created_at, 15) })
      .route(id, received, "org-gov", dueAfter(row.created_at, 15))
      .accept(id, received, dueAfter(row.created_at, 60))
      .reply(id, at(row.replied_at));
  }
  return [...log.events]
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))
    .map((e, i) => ({ ...e, position: i + 1 }));
};

describe.skipIf(!present)(
  `teddycup att4 replay (${present ? att4 : `skipped: no ${att4}; set PETITIO_DATA`})`,
  () => {
    it("gives the on-time completion, participation and overdue numbers counted from the rows", async () => {
      const rows = await readRows();
      expect(rows.length).toBe(2816);
      const events = buildLog(rows);
      const from = "2019-01-01T00:00:00+08:00";
      const to = "2020-01-01T00:00:00+08:00";
      const asOf = "2019-09-30T23:59:59+08:00";
      const ms = Date.parse;

      const report = await computeMetrics(events, { from, to, asOf });
      const inPeriod = (x: string) => ms(x) >= ms(from) && ms(x) < ms(to);
      const seen = rows.filter((r) => ms(at(r.created_at)) <= ms(asOf));
      const due = (r: Row) => dueAfter(r.created_at, 60);
      const completionDue = seen.filter((r) => inPeriod(due(r)) && ms(due(r)) <= ms(asOf));
      const completed = completionDue.filter(
        (r) => ms(at(r.replied_at)) <= ms(asOf) && ms(at(r.replied_at)) <= ms(due(r)),
      );
      expect(report.counts.registered).toBe(seen.filter((r) => inPeriod(at(r.created_at))).length);
      expect(report.rates.onTimeCompletion).toMatchObject({
        numerator: completed.length,
        denominator: completionDue.length,
      });
      // Real replies are often slow (p90 ≈ 41 days): some are late, most are not.
      expect(completed.length).toBeLessThan(completionDue.length);
      expect(completed.length / completionDue.length).toBeGreaterThan(0.5);
      // Nobody rated: participation is 0 of the replies delivered in the period by asOf.
      const replied = seen.filter(
        (r) => ms(at(r.replied_at)) <= ms(asOf) && inPeriod(at(r.replied_at)),
      );
      expect(report.rates.participation).toEqual({
        numerator: 0,
        denominator: replied.length,
        value: 0,
      });

      // Open at asOf: received, not yet replied. Overdue: of those, past the 60-day handling due.
      const waiting = seen.filter((r) => ms(at(r.replied_at)) > ms(asOf));
      const overdue = await computeOverdue(events, { asOf });
      expect(overdue.supervisionList.length).toBe(
        waiting.filter((r) => ms(due(r)) < ms(asOf)).length,
      );
      expect(overdue.supervisionList.length).toBeGreaterThan(0);
      // Replied ones wait on the petitioner (review window) or are past it: never overdue.
      expect(overdue.items.filter((i) => i.stage === "handling").length).toBe(waiting.length);
    });

    it("rebuilds to the same fact table whatever the cut", async () => {
      const events = buildLog(await readRows());
      const whole = replaySync(petitionFactsProjection, events);
      let state = petitionFactsProjection.init();
      const half = events.length >> 1;
      for (const e of events.slice(0, half)) state = petitionFactsProjection.apply(state, e);
      state = petitionFactsProjection.fromSnapshot!(
        JSON.parse(JSON.stringify(petitionFactsProjection.toSnapshot!(state))),
      );
      for (const e of events.slice(half)) state = petitionFactsProjection.apply(state, e);
      expect(petitionFactsProjection.toSnapshot!(state)).toEqual(
        petitionFactsProjection.toSnapshot!(whole),
      );
    });
  },
);
