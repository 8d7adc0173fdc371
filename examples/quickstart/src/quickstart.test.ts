import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { quickstart } from "./quickstart.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-quickstart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("takes a petition to a reply on a SQLite file, with a reminder and the metrics", async () => {
  const lines = await quickstart(join(dir, "quickstart.db"));
  expect(lines).toEqual([
    // 23 Sep + 15 days = 8 Oct: the first working day after National Day (1–7 Oct).
    "registered, routing due 2024-10-08T23:59:59+08:00",
    "routed, acceptance due 2024-10-09T23:59:59+08:00",
    // 8 Oct + 60 days = 7 Dec, a Saturday: the period ends Monday 9 Dec (Civil Code Art. 203).
    "accepted, handling due 2024-12-09T23:59:59+08:00",
    "催办: handling due 2024-12-09T23:59:59+08:00, 3 days left",
    "replied",
    "on-time acceptance 1/1, on-time completion 1/1, one-time resolution 1/1",
  ]);
});
