import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCommandArgs } from "../cli/args.js";
import type { CliContext } from "../cli/context.js";
import { buildAttackLog, unsealed } from "./attack-log.testkit.js";
import { GATE_OPTIONS, refuseUnverifiedLog, trustNotice } from "./gate.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-gate-"));
const context = () => {
  const ctx = {
    out: () => undefined,
    errText: "",
    err(t: string) {
      ctx.errText += t;
    },
    env: {},
    cwd: dir,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => 0,
  };
  return ctx satisfies CliContext;
};
const args = (...argv: string[]) => parseCommandArgs("report", argv, GATE_OPTIONS);

let good: string;
let edited: string;
let chainless: string;
beforeAll(async () => {
  const log = await buildAttackLog(4);
  const write = (name: string, lines: readonly object[]) => {
    writeFileSync(join(dir, name), lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    return name;
  };
  good = write("good.jsonl", log);
  edited = write(
    "edited.jsonl",
    log.map((e) =>
      e.type === "SatisfactionEvaluated" ? { ...e, data: { rating: "satisfied" } } : e,
    ),
  );
  chainless = write("unsealed.jsonl", unsealed(log));
}, 30_000);

describe("refuseUnverifiedLog", () => {
  it("lets a verified log through silently", async () => {
    const ctx = context();
    expect(await refuseUnverifiedLog(ctx, "report", good, args())).toBeUndefined();
    expect(ctx.errText).toBe("");
    expect(trustNotice(ctx)).toBeUndefined();
  });

  it("refuses a rejected log with exit 1, naming the first violation", async () => {
    const ctx = context();
    expect(await refuseUnverifiedLog(ctx, "report", edited, args())).toBe(1);
    expect(ctx.errText).toMatch(
      /report: refused: petitio verify rejects edited\.jsonl: 1 violation, the first on line \d+ \(chain-edited/,
    );
    expect(ctx.errText).toContain("--trust");
  });

  it("with --trust goes on and hands the notice to the output", async () => {
    const ctx = context();
    expect(await refuseUnverifiedLog(ctx, "overdue", edited, args("--trust"))).toBeUndefined();
    expect(trustNotice(ctx)).toMatch(
      /^UNVERIFIED \(--trust\): petitio verify rejects edited\.jsonl/,
    );
    expect(ctx.errText).toContain("UNVERIFIED");
  });

  it("lets a log without a chain through, with a note", async () => {
    const ctx = context();
    expect(await refuseUnverifiedLog(ctx, "hot-topics", chainless, args())).toBeUndefined();
    expect(ctx.errText).toMatch(/carries no hash chain/);
  });
});
