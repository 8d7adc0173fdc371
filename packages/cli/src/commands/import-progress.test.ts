import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureContext } from "../cli/capture-context.testkit.js";
import { runCli } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-import-progress-"));

/** Board messages written for this test, in the teddycup dataset's field names; > 2 MB. */
const source = join(dir, "board.jsonl");
writeFileSync(
  source,
  Array.from({ length: 3_000 }, (_, i) =>
    JSON.stringify({
      message_id: String(900_000 + i),
      user_id: `U${i}`,
      title: `建议第${i}小区增设充电桩`,
      created_at: "2019-03-01 09:30:00",
      body: "小区电动车越来越多，楼道充电有安全隐患，建议增设充电桩。".repeat(12),
      replied_at: "2019-03-11 16:00:00",
      reply_body: "您好，依据《示例市电动车充电管理办法》，我区将在年内完成改造。",
    }),
  ).join("\n"),
);

/** Run `petitio import` with stderr a terminal and a clock moving 50 ms a reading. */
const run = async (...extra: string[]) => {
  let t = 0;
  const { ctx, output } = captureContext(dir, { NO_COLOR: "1" }, () => (t += 50));
  const code = await runCli(
    ["import", "teddycup", source, "--out", join(dir, "out.jsonl"), ...extra],
    { ...ctx, stderrIsTTY: true },
  );
  return { code, ...output() };
};

describe("import's progress bar", () => {
  it("on a terminal shows bytes of the source's size, a rate and an ETA", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    const mb = (statSync(source).size / 1024 / 1024).toFixed(1);
    expect(r.err).toMatch(
      new RegExp(`importing teddycup [█░]{24} +\\d+% [\\d.]+ MB of ${mb} MB · [\\d.]+ MB/s · ETA`),
    );
    expect(r.err.endsWith("\r\u001b[2K")).toBe(true);
  }, 60_000);

  it("is silent under --json, even on a terminal", async () => {
    const r = await run("--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 3_000 });
    expect(r.err).toBe("");
  }, 60_000);
});
