import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitio, requireFreshBuild, SPAWN_TIMEOUT_MS } from "./run-petitio.js";

let tmp: string;
beforeAll(() => {
  requireFreshBuild();
  tmp = mkdtempSync(join(tmpdir(), "petitio-demo-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("petitio demo", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("runs a workload on SQLite, issues notices, and leaves a lawful log and a report", () => {
    const r = petitio(["demo", "--db", "demo.db", "--petitions", "60", "--json"], { cwd: tmp });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.rejected).toEqual([]);
    expect(summary.reminders).toBeGreaterThan(0);
    expect(summary.supervisions).toBeGreaterThan(0);
    expect(summary.report.counts.registered).toBe(60);
    // The SQLite store, the exported log and the HTML report are where it says.
    for (const file of [summary.db, summary.log, summary.html]) expect(existsSync(file)).toBe(true);
    expect(readFileSync(summary.log, "utf8").trim().split("\n")).toHaveLength(summary.events);
    expect(readFileSync(summary.html, "utf8")).not.toContain("<script");
    // The store itself replays to the same metrics as the demo printed.
    const fromStore = JSON.parse(
      petitio(["report", summary.db, "--as-of", summary.report.asOf, "--json"], { cwd: tmp })
        .stdout,
    );
    expect(fromStore.rates).toEqual(summary.report.rates);
    const verify = petitio(["verify", summary.log], { cwd: tmp });
    expect(verify.stdout).toContain("no violations");
    expect(verify.status).toBe(0);
  });

  it("prints notices as they are issued and refuses to overwrite a file it did not make", () => {
    const r = petitio(["demo", "--db", "demo2.db", "--petitions", "40"], { cwd: tmp });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/催办 reminder .* due \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).toContain("HTML report:");
    // The closing "Try:" lines run as printed, from the same folder.
    const tries =
      r.stdout
        .split("Try:\n")[1]
        ?.trim()
        .split("\n")
        .map((l) => l.trim()) ?? [];
    expect(tries).toHaveLength(2);
    for (const line of tries) {
      expect(line).toMatch(/^npx -y pnpm@10\.34\.9 --dir \S+ petitio (report|verify) /);
      const run = spawnSync("sh", ["-c", line], {
        cwd: tmp,
        encoding: "utf8",
        timeout: SPAWN_TIMEOUT_MS,
      });
      expect(run.status, `${line}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/一次性化解率|no violations/);
    }
    const again = petitio(["demo", "--db", "demo2.db", "--petitions", "40"], { cwd: tmp });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("--force");
  });
});
