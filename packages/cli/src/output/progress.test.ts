import { describe, expect, it } from "vitest";
import type { CliContext } from "../cli/context.js";
import { createProgress, progressLine } from "./progress.js";

const MB = 1024 * 1024;

const fakeContext = (stderrIsTTY: boolean) => {
  let now = 0;
  const err: string[] = [];
  const ctx: CliContext = {
    out: () => {},
    err: (text) => err.push(text),
    env: {},
    cwd: "/",
    stdoutIsTTY: false,
    stderrIsTTY,
    now: () => now,
  };
  return { ctx, err, advance: (ms: number) => (now += ms) };
};

describe("progress line", () => {
  it("shows bytes of total, percentage, rate and ETA", () => {
    const line = progressLine("reading log", 100 * MB, 10_000, "bytes", 400 * MB);
    expect(line).toBe(
      "reading log ██████░░░░░░░░░░░░░░░░░░  25% 100.0 MB of 400.0 MB · 10.0 MB/s · ETA 0:30",
    );
  });

  it("shows count and rate when the total is unknown", () => {
    expect(progressLine("events", 50_000, 2_000, "items")).toBe("events 50,000 · 25,000/s");
  });

  it("writes hours in a long ETA", () => {
    expect(progressLine("x", 1, 1_000, "items", 7_201)).toContain("ETA 2:00:00");
  });
});

describe("createProgress", () => {
  it("draws on a terminal at most ten times a second and clears its line at the end", () => {
    const { ctx, err, advance } = fakeContext(true);
    const p = createProgress(ctx, "reading", { unit: "bytes", total: 10 * MB });
    advance(50);
    p.update(1 * MB); // too soon after start: not drawn
    expect(err).toHaveLength(0);
    advance(100);
    p.update(2 * MB);
    advance(10);
    p.update(3 * MB); // within 100 ms of the last draw
    expect(err).toHaveLength(1);
    expect(err[0]).toContain("2.0 MB of 10.0 MB");
    p.finish();
    expect(err.at(-1)).toBe("\r\u001b[2K");
  });

  it("is silent on a pipe and when quiet", () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { ctx, err, advance } = fakeContext(tty);
      const p = createProgress(ctx, "reading", { quiet });
      advance(1_000);
      p.update(5);
      p.finish();
      expect(err).toEqual([]);
    }
  });
});
