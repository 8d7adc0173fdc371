import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCommand } from "../commands/report.js";
import { runCommand } from "../verify/run-verify.testkit.js";
import { writePracticeLog } from "./practice-log.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-practice-report-"));
const log = join(dir, "practice.jsonl");
beforeAll(() => writePracticeLog(log));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (...argv: string[]) => runCommand(reportCommand, [log, ...argv], dir);

describe("petitio report: the practice desk and the 12345 rates", () => {
  it("JSON carries the 12345 rates and the practice report", async () => {
    const { code, out, err } = await report("--json");
    expect(err).not.toMatch(/refused/);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.hotline).toEqual({
      tickets: 3,
      byRequestType: { complaint: 1, help: 1, consultation: 1 },
      answeredAtOnce: 0,
      // Sign-for due Tuesday 5 March: T-1 on Monday, T-2 on Thursday (late), T-3 never.
      response: { numerator: 1, denominator: 3, value: 1 / 3 },
      resolution: { numerator: 1, denominator: 2, value: 0.5 },
      satisfaction: { numerator: 1, denominator: 2, value: 0.5 },
      // T-1 replied in time; T-2's second run (sent back 11 March) has no reply and is long due.
      onTimeHandling: { numerator: 1, denominator: 2, value: 0.5 },
      onTimeCallBack: { numerator: 1, denominator: 1, value: 1 },
      // The log holds no CallerContacted at all: the rate has no data, not 0 % (BJ Art. 15(1)).
      callerContacted: {
        numerator: 0,
        denominator: 1,
        value: null,
        reason: "not recorded in this log (no CallerContacted event)",
      },
    });
    const p = json.practice;
    expect(p.suggestions).toMatchObject({
      received: 2,
      byCampaign: [{ campaignId: "C-1", received: 2 }],
      adoption: { numerator: 1, denominator: 1 },
      rewarded: 0,
    });
    expect(p.suggestions.medianDaysToFeedback).toBeCloseTo(20, 0);
    expect(p.recommendations).toMatchObject({ issued: 1, openByOrg: { "heating-co": 1 } });
    expect(p.monthlyTopics).toEqual([
      expect.objectContaining({
        cycleId: "2024-03",
        topic: "噪音扰民",
        tasks: 1,
        completed: 1,
        closed: true,
        before: { months: ["2024-01", "2024-02", "2024-03"], count: 4 },
        // Closed in April: May, June, July are the complete months after it.
        after: { months: ["2024-05", "2024-06", "2024-07"], count: 1 },
      }),
    ]);
    expect(p.receptions).toMatchObject({
      sessions: 1,
      people: 3,
      byLevel: { city: { sessions: 1, people: 3 } },
    });
    expect(p.leaderCases).toEqual({
      taken: 1,
      resolved: { numerator: 0, denominator: 1, value: 0 },
    });
  }, 60_000);

  it("the text report prints the 12345 rates and the practice sections", async () => {
    const { code, out } = await report();
    expect(code).toBe(0);
    expect(out).toContain(
      "12345 hotline 接诉即办: 3 tickets (complaint 投诉 1, help 求助 1, consultation 咨询 1)",
    );
    expect(out).toMatch(/response 响应率\s+1\s+3\s+33\.3%/);
    expect(out).toMatch(/satisfaction 满意率\s+1\s+2\s+50\.0%/);
    expect(out).toMatch(/on-time handling 按期办结率\s+1\s+2\s+50\.0%/);
    expect(out).toMatch(/caller contacted 联系率\s+0\s+1\s+—/);
    expect(out).toContain("— 联系率: not recorded in this log (no CallerContacted event), not 0 %");
    expect(out).toContain(
      "People's suggestions 人民建议征集: 2 received, adoption 采纳率 1/1 100.0%",
    );
    expect(out).toMatch(
      /2024-03\s+噪音扰民\s+env-bureau\s+1\/1\s+0\s+yes\s+4 \(2024-01 2024-02 2024-03\)\s+1 \(2024-05 2024-06 2024-07\)/,
    );
    expect(out).toContain("包案 1 cases, resolved 0/1 0.0%");
    expect(out).toMatch(/city 市级\s+1\s+3/);
    expect(out).toContain(
      "首接负责制 co-handling: 1 tickets, 1 orgs asked, results to the first receiver on time 1/1 100.0%",
    );
  }, 60_000);

  it("the HTML report has a 12345 section and a 每月一题 section with its before/after chart", async () => {
    const { code } = await report("--format", "html", "--out", "r.html");
    expect(code).toBe(0);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain('<h2 id="hotline">12345 hotline 接诉即办 (3 tickets)</h2>');
    expect(html).toMatch(
      /<tr data-rate="response"><td>响应率 response<\/td><td class="n few"[^>]*>33\.3% \(1\/3\)†/,
    );
    expect(html).toMatch(
      /<tr data-rate="callerContacted"><td>联系率 caller contacted<\/td><td class="n few unrecorded" title="not recorded in this log \(no CallerContacted event\)">— \(0\/1, not recorded in this log\)<\/td>/,
    );
    expect(html).not.toMatch(/data-rate="callerContacted".*0\.0%/);
    expect(html).toContain('<h2 id="monthly-topic">每月一题 monthly topic (1 cycles)</h2>');
    expect(html).toMatch(/<figure data-chart="monthly-topic"[^>]*><svg/);
    expect(html).toMatch(/<tr data-cycle="2024-03">.*<td class="n">4 <span/);
    expect(html).toContain('<h2 id="receptions">');
    expect(html).toContain('<h2 id="co-handling">');
  }, 120_000);

  it("a log without tickets or practice streams prints neither section", async () => {
    const plain = join(dir, "plain.jsonl");
    const lines = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l.includes('"streamId":"petition-N-'));
    writeFileSync(plain, lines.join("\n"));
    const { code, out } = await runCommand(reportCommand, [plain, "--json", "--trust"], dir);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.hotline).toBeUndefined();
    expect(json.practice).toBeUndefined();
    expect(json.counts.registered).toBe(5);
  }, 60_000);
});
