import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeMetrics, createEngine, nationalPolicy, parseLog } from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, expect, it } from "vitest";
import { WORKED_EXAMPLE_EXPECTED, writeWorkedExamples } from "../../core/test/worked-example.js";
import { describePg, dropSchema, useTestDatabase } from "./test-support.js";

// Same bytes out: a log exported from SQLite, imported into PostgreSQL and
// exported again is byte-identical, and replays to the same metrics.

const dir = mkdtempSync(join(tmpdir(), "petitio-pg-roundtrip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The committed worked example (7,616 events) with its independently computed metrics. */
const { sample } = writeWorkedExamples(dir);

/** A log written by the engine on SQLite: petitions at different stages, reminders, odd text. */
const engineLogOnSqlite = async (file: string): Promise<void> => {
  let now = "2024-09-23T09:00:00+08:00";
  const clock = { now: () => now };
  const store = openSqliteStore(file, { clock });
  const engine = createEngine({ store, policy: nationalPolicy, clock });
  const intake = { id: "clerk-1", role: "intake", org: "city-bureau" } as const;
  const agency = { id: "officer-7", role: "agency", org: "housing-bureau" } as const;
  for (let i = 0; i < 30; i++) {
    const id = `2024-${String(i).padStart(4, "0")}`;
    now = `2024-09-${String(23 + (i % 5)).padStart(2, "0")}T09:${String(i).padStart(2, "0")}:00+08:00`;
    await engine.execute({
      type: "register",
      petitionId: id,
      actor: intake,
      channel: i % 2 === 0 ? "online" : "hotline",
      petitioners: [{ id: `citizen-${i}`, name: "李四" }],
      title: `电梯加装进度 ${i} 𠮷 "引号" \\ 反斜杠`,
      content: "我们小区去年已签字同意加装电梯，至今未开工。\n第二行\t制表符 😀",
      category: "claim",
      topic: i % 3 === 0 ? "老旧小区改造" : "供暖",
    });
    if (i % 4 === 3) continue;
    now = "2024-09-30T10:00:00+08:00";
    await engine.execute({ type: "route", petitionId: id, actor: intake, toOrg: "housing-bureau" });
    if (i % 4 === 2) continue;
    now = "2024-10-08T10:00:00+08:00";
    await engine.execute({ type: "accept", petitionId: id, actor: agency });
    if (i % 2 === 1) continue;
    now = "2024-11-20T16:00:00+08:00";
    await engine.execute({
      type: "reply",
      petitionId: id,
      actor: agency,
      outcome: "supported",
      summary: "已协调施工单位。",
      legalBasis: ["信访工作条例第三十二条"],
    });
  }
  await engine.tick("2024-12-06T08:00:00+08:00");
  await engine.tick("2024-12-12T08:00:00+08:00");
  await store.close();
};

describePg("SQLite → PostgreSQL → export", () => {
  const db = useTestDatabase(import.meta.url);

  const roundTrip = async (
    sqliteFile: string,
    metricsOptions: Parameters<typeof computeMetrics>[1],
  ) => {
    const sqlite = openSqliteStore(sqliteFile);
    const fromSqlite = join(dir, `${Math.random().toString(36).slice(2)}-sqlite.jsonl`);
    const count = await sqlite.exportToFile(fromSqlite);
    const pgStore = await db.openStore();
    const imported = await pgStore.importFromFile(fromSqlite, { batchSize: 500 });
    expect(imported.imported).toBe(count);
    const fromPostgres = join(dir, `${Math.random().toString(36).slice(2)}-pg.jsonl`);
    expect(await pgStore.exportToFile(fromPostgres)).toBe(count);
    const bytesIn = readFileSync(fromSqlite);
    const bytesOut = readFileSync(fromPostgres);
    expect(bytesOut.equals(bytesIn)).toBe(true);
    const fromSqliteMetrics = await computeMetrics(sqlite.readAll(), metricsOptions);
    const fromPostgresMetrics = await computeMetrics(pgStore.readAll(), metricsOptions);
    expect(fromPostgresMetrics).toEqual(fromSqliteMetrics);
    await sqlite.close();
    await pgStore.close();
    await dropSchema(db.url(), pgStore.schema);
    return { count, metrics: fromPostgresMetrics };
  };

  it("an engine-written log comes out byte-identical and replays to the same metrics", async () => {
    const file = join(dir, "engine.db");
    await engineLogOnSqlite(file);
    const { count, metrics } = await roundTrip(file, { asOf: "2025-01-31T23:59:59+08:00" });
    expect(count).toBeGreaterThan(90);
    expect(metrics.rates.onTimeCompletion.denominator).toBeGreaterThan(0);
  }, 120_000);

  it("the 7,616-event worked example: same bytes, and every rate of its expected file", async () => {
    const file = join(dir, "sample.db");
    const sqlite = openSqliteStore(file);
    await sqlite.importEvents(parseLog(createReadStream(sample)));
    await sqlite.close();
    const expected = JSON.parse(readFileSync(WORKED_EXAMPLE_EXPECTED, "utf8"));
    const { count, metrics } = await roundTrip(file, {
      asOf: expected.asOf,
      from: expected.from,
      to: expected.to,
    });
    expect(count).toBe(7616);
    for (const [name, rate] of Object.entries(
      expected.rates as Record<string, { numerator: number; denominator: number }>,
    )) {
      const got = (
        metrics.rates as unknown as Record<string, { numerator: number; denominator: number }>
      )[name]!;
      expect([name, got.numerator, got.denominator]).toEqual([
        name,
        rate.numerator,
        rate.denominator,
      ]);
    }
  }, 180_000);
});
