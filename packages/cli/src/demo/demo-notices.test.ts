import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeNotices } from "./demo-notices.js";
import { runDemo } from "./run-demo.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-demo-notices-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("the demo's notices reach the local webhook receiver it starts, each once, and the log says so", async () => {
  const plain = (text: string) => text;
  const color = { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
  const result = await runDemo({
    db: join(dir, "demo.db"),
    seed: 7,
    petitions: 30,
    start: "2025-03-03T00:00:00+08:00",
    intakeDays: 40,
    totalDays: 120,
    print: () => {},
    color,
  });
  expect(result.rejected).toEqual([]);
  const { notices } = result;
  expect(notices.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect(notices.deadLettered).toBe(0);
  expect(notices.repeats).toBe(0);
  // Every 催办 and 督办 tick() issued arrived, and so did the petitioners' notices.
  expect(notices.byKind.reminder).toBe(result.reminders);
  expect(notices.byKind.supervision).toBe(result.supervisions);
  expect(notices.byKind.acceptanceNotice).toBeGreaterThan(0);
  expect(notices.byKind.reply).toBeGreaterThan(0);
  const recorded = result.events.filter((e) => e.type === "NotificationDelivered");
  expect(recorded).toHaveLength(notices.delivered);
  expect(describeNotices(notices)).toMatch(
    /^\d+ notices delivered as signed webhooks to the local receiver http:\/\/127\.0\.0\.1:\d+\/ \(.*\d+ 催办.*\); each taken once \(0 repeats dropped, 0 dead letters\)/,
  );
}, 120_000);
