import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, expect, it } from "vitest";
import { quickstart } from "./quickstart.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-quickstart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected = (issued: number) => [
  // 23 Sep + 15 days = 8 Oct: the first working day after National Day (1–7 Oct).
  "registered, routing due 2024-10-08T23:59:59+08:00",
  "routed, acceptance due 2024-10-09T23:59:59+08:00",
  // 8 Oct + 60 days = 7 Dec, a Saturday: the period ends Monday 9 Dec (Civil Code Art. 203).
  "accepted, handling due 2024-12-09T23:59:59+08:00",
  `tick issued ${issued} reminder(s) now`,
  "催办: handling due 2024-12-09T23:59:59+08:00, 3 days left",
  "replied",
  "on-time acceptance 1/1, on-time completion 1/1, one-time resolution 1/1",
];

/** The events of the file; each is recorded no earlier than it occurred (the clock moved with the story). */
const eventCount = async (file: string): Promise<number> => {
  const store = openSqliteStore(file, { readOnly: true });
  let n = 0;
  for await (const event of store.readAll()) {
    expect(Date.parse(event.recordedAt), event.type).toBeGreaterThanOrEqual(
      Date.parse(event.occurredAt),
    );
    n++;
  }
  await store.close();
  return n;
};

it("takes a petition to a reply on a SQLite file, with a reminder and the metrics", async () => {
  const file = join(dir, "quickstart.db");
  expect(await quickstart(file)).toEqual(expected(1));
  expect(await eventCount(file)).toBe(5);
}, 60_000);

it("runs again on the same file: nothing appended, the same story told", async () => {
  const file = join(dir, "rerun.db");
  await quickstart(file);
  const again = await quickstart(file);
  expect(again).toEqual(expected(0));
  expect(await eventCount(file)).toBe(5);
}, 60_000);

it("is the walkthrough that opens packages/core/README.md, word for word", () => {
  const source = readFileSync(new URL("./quickstart.ts", import.meta.url), "utf8").trimEnd();
  const readme = readFileSync(new URL("../../../packages/core/README.md", import.meta.url), "utf8");
  expect(readme).toContain(`\`\`\`ts\n${source}\n\`\`\``);
  expect(readme).toContain(expected(1).join("\n"));
});
