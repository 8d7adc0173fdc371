import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../../core/test/worked-example.js";
import { captureContext } from "../cli/capture-context.testkit.js";
import { verifyPath } from "./verify-path.js";

const { sample } = writeWorkedExamples(mkdtempSync(join(tmpdir(), "petitio-verify-path-")));

/** A terminal on stderr, and a clock that moves 50 ms a reading, so the bar redraws. */
const terminal = () => {
  let t = 0;
  const { ctx, output } = captureContext(tmpdir(), {}, () => (t += 50));
  return { ctx: { ...ctx, stderrIsTTY: true }, output };
};

describe("verifyPath's progress bar", () => {
  it("on a terminal shows bytes of the file's size, a rate and an ETA", async () => {
    const { ctx, output } = terminal();
    const result = await verifyPath(ctx, sample, {}, "verifying sample");
    expect(result.events).toBe(7_616);
    const { err } = output();
    expect(err).toMatch(
      /verifying sample [█░]{24} +\d+% [\d.]+ MB of 3\.3 MB · [\d.]+ MB\/s · ETA/,
    );
    expect(err.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("is silent when quiet (--json), even on a terminal", async () => {
    const { ctx, output } = terminal();
    await verifyPath(ctx, sample, {}, "verifying sample", { quiet: true });
    expect(output().err).toBe("");
  });
});
