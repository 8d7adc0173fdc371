import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR, petitio, requireFreshBuild, SPAWN_TIMEOUT_MS } from "./run-petitio.js";

/**
 * Import each real dataset of the data folder ($PETITIO_DATA) and run every analysis command on
 * the result. Skipped, with a message, where the data folder is absent (a fresh
 * clone): the Chinese datasets may not be redistributed with the project.
 */

const DATASETS = [
  {
    kind: "teddycup",
    file: "teddycup2020_c/att4_full_replies.jsonl",
    month: "2019-06",
    html: true,
  },
  { kind: "fuzhou12345", file: "fuzhou12345/fuzhou12345_river_complaints.jsonl", month: "2019-08" },
  {
    kind: "nyc311",
    file: "nyc311/nyc311_2011_sample_2000.jsonl",
    month: "2011-03",
    tz: "America/New_York",
  },
  {
    kind: "nyc311",
    file: "nyc311/nyc311_2024_snapshots_2000.jsonl",
    month: "2024-05",
    tz: "America/New_York",
  },
];

const present = existsSync(DATA_DIR);
if (!present) {
  console.warn(`datasets e2e skipped: ${DATA_DIR} not found (set PETITIO_DATA to the data folder)`);
}

let tmp: string;
beforeAll(() => {
  if (!present) return;
  requireFreshBuild();
  tmp = mkdtempSync(join(tmpdir(), "petitio-data-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const nonBlankLines = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");

describe.skipIf(!present).each(DATASETS)("$kind $file", ({ kind, file, month, tz, html }) => {
  const source = join(DATA_DIR, file);
  const log = (): string => join(tmp, `${file.replace(/\W/g, "_")}.log.jsonl`);
  const zone = tz ? ["--tz", tz] : [];

  it(
    "imports every record and counts the synthesized events it wrote",
    () => {
      const r = petitio(["import", kind, source, "--out", log()]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const records = nonBlankLines(source).length;
      const events = nonBlankLines(log());
      const synthesized = events.filter((l) => JSON.parse(l).meta?.synthesized === true).length;
      expect(r.stdout).toContain(
        `imported ${records} records → ${events.length} events (${synthesized} synthesized)`,
      );
      expect(synthesized).toBeGreaterThan(0);
      expect(synthesized).toBeLessThan(events.length);
      const positions = events.map((l) => JSON.parse(l).position);
      expect(positions).toEqual(positions.map((_, i) => i + 1));
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "verifies: the log our importer wrote is a lawful history",
    () => {
      const r = petitio(["verify", log(), "--json"]);
      const result = JSON.parse(r.stdout);
      expect(result.violations).toEqual([]);
      expect(r.status).toBe(0);
      expect(result.events).toBe(nonBlankLines(log()).length);
      // The import is hash-chained: an edit to it would be caught.
      expect(result.chain.sealed).toBe(result.events);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "reports metrics: every record is registered once",
    () => {
      const r = petitio(["report", log(), "--json", ...zone]);
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.counts.registered).toBe(nonBlankLines(source).length);
      // Every importer synthesizes the acceptance: the report says that rate rests on it.
      expect(
        report.synthesized.rates.onTimeAcceptance.PetitionAccepted.synthesized,
      ).toBeGreaterThan(0);
      const records = nonBlankLines(source).map((l) => JSON.parse(l));
      // A request the source records as closed is closed in the log, even on the source's last day.
      if (kind === "nyc311") {
        const closed = records.filter((x) => x.status === "Closed" || x.closed_date).length;
        expect(report.counts.open).toBe(records.length - closed);
      }
      // Fuzhou records the day of the first transfer: cases routed weeks late are late.
      if (kind === "fuzhou12345") {
        const late = records.filter((x) => (x.days_to_first_transfer ?? 0) > 40).length;
        expect(late).toBeGreaterThan(0);
        const routing = report.rates.onTimeRouting;
        expect(routing.denominator - routing.numerator).toBeGreaterThanOrEqual(late);
      }
      const byMonth = JSON.parse(
        petitio(["report", log(), "--json", "--by", "month", ...zone]).stdout,
      );
      const total = byMonth.groups.reduce(
        (n: number, g: { counts: { registered: number } }) => n + g.counts.registered,
        0,
      );
      expect(total).toBe(report.counts.registered);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "lists overdue petitions and the month's hot topics",
    () => {
      const overdue = petitio(["overdue", log(), "--json", ...zone]);
      expect(overdue.status).toBe(0);
      const o = JSON.parse(overdue.stdout);
      expect(o.supervisionList.length + o.reminderList.length).toBeLessThanOrEqual(o.items.length);
      // Every dataset leaves petitions open at its last event, so the view is never empty.
      expect(o.items.length).toBeGreaterThan(0);
      for (const item of o.supervisionList) {
        expect(Date.parse(item.dueAt)).toBeLessThan(Date.parse(o.asOf));
      }
      for (const item of o.reminderList) {
        expect(Date.parse(item.dueAt)).toBeGreaterThanOrEqual(Date.parse(o.asOf));
      }
      const hot = petitio(["hot-topics", log(), "--month", month, "--json", ...zone]);
      expect(hot.status).toBe(0);
      expect(JSON.parse(hot.stdout).topics.length).toBeGreaterThan(0);
    },
    SPAWN_TIMEOUT_MS,
  );

  // One dataset is enough to exercise the HTML report on real data (the suite stays fast).
  it.runIf(html)(
    "writes the HTML report",
    () => {
      const out = join(tmp, `${kind}.html`);
      const r = petitio(["report", log(), "--format", "html", "--out", out, ...zone]);
      expect(r.status).toBe(0);
      expect(readFileSync(out, "utf8").match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    },
    SPAWN_TIMEOUT_MS,
  );
});
