/**
 * `petitio verify` memory benchmark (a script, not a test). It builds three
 * logs of about 1M events from core's bench log (the metrics sample copied
 * with fresh petition ids):
 *
 *   ended     the bench log as it is: every petition ends within the log
 *   open      most petitions (`--open-share`, default 0.9) cut after a stage
 *             drawn at random, so they are still open at the end; still
 *             lawful: verify finds nothing
 *   findings  every `--break-every`-th line (default 5) edited to break a rule:
 *             far more findings than verify keeps in detail
 *
 * and for each measures:
 *   - the heap verify holds, after a GC at each quarter of the log's bytes, and per stream;
 *   - `petitio verify <log>` in a process of its own: peak RSS (the kernel's
 *     high-water mark), CPU time (user + system) and wall time, its exit code,
 *     and what it printed (the last lines); for the findings log also with
 *     `--json`, and whether either run overflowed the stack.
 * Run it as docs/performance.md "Verify's memory per stream" says:
 *
 *   npx -y pnpm@10.34.9 bench:verify-memory --events 1000000
 *
 * `--only NAME` runs one log (ended, open or findings); `--log PATH` reads an
 * existing bench log as the ended one instead of building it; `--dir DIR`
 * writes the built logs there; `--keep` keeps them.
 */

import { execFileSync } from "node:child_process";
import { createReadStream, mkdirSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitLines } from "@petitio/core/adapter";
import { type BenchLogOptions, buildBenchLog } from "../../core/bench/build-log.js";
import { isTerminal, STATUS_AFTER_EVENT } from "../../core/src/lifecycle/transitions.js";
import type { CliContext } from "../src/cli/context.js";
import { runCli } from "../src/cli/run.js";
import { verifyLogFile } from "../src/verify/verify-log.js";

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const targetEvents = Number(argValue("--events") ?? 1_000_000);
const openShare = Number(argValue("--open-share") ?? 0.9);
const breakEvery = Number(argValue("--break-every") ?? 5);
const only = argValue("--only");
const given = argValue("--log");
const dir = argValue("--dir") ?? tmpdir();
const keep = process.argv.includes("--keep");
/** The child's side of a `petitio verify` run: its argv after the script's own. */
const childAt = process.argv.indexOf("--verify-child");

const MB = 1024 * 1024;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** A context as the binary builds it, on a pipe, output and errors kept. */
const pipeContext = (): CliContext & { output: () => string; errors: () => string } => {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: { ...(process.env as Record<string, string>), NO_COLOR: "1" },
    cwd: tmpdir(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => Date.now(),
    output: () => out,
    errors: () => err,
  };
};

interface ChildRun {
  exitCode: number;
  peakRssMb: number;
  cpuSeconds: number;
  seconds: number;
  outputBytes: number;
  /** The last lines printed: the summary. */
  tail: string[];
  stderr: string;
  stackOverflow: boolean;
}

/** The child: one `petitio verify`, then its peak RSS and CPU time as a JSON line. */
const verifyChild = async (argv: string[]) => {
  const wallStart = process.hrtime.bigint();
  const ctx = pipeContext();
  let exitCode: number;
  let thrown = "";
  try {
    exitCode = await runCli(argv, ctx);
  } catch (error) {
    exitCode = -1;
    thrown = String(error);
  }
  const cpu = process.cpuUsage();
  const output = ctx.output();
  const stderr = `${ctx.errors()}${thrown}`;
  const run: ChildRun = {
    exitCode,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    seconds: Number(process.hrtime.bigint() - wallStart) / 1e9,
    outputBytes: Buffer.byteLength(output),
    tail: output.trimEnd().split("\n").slice(-4),
    stderr: stderr.slice(0, 500),
    stackOverflow: /call stack/i.test(stderr) || /call stack/i.test(output),
  };
  console.log(JSON.stringify(run));
};

/** `petitio <argv>` in a fresh process (this script, as the child). */
const inChild = (argv: string[]): ChildRun => {
  const text = execFileSync(process.execPath, [process.argv[1]!, "--verify-child", ...argv], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(text.trim().split("\n").at(-1)!) as ChildRun;
};

/** Petitions, and how many of them have not ended at the end of the log (one JSON.parse pass). */
const countOpen = async (path: string) => {
  const ended = new Map<string, boolean>();
  for await (const { text } of splitLines(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    let e: { streamId?: unknown; type?: unknown };
    try {
      e = JSON.parse(text);
    } catch {
      continue; // a line cut short (the findings log)
    }
    if (typeof e.streamId !== "string" || !e.streamId.startsWith("petition-")) continue;
    const status = STATUS_AFTER_EVENT[e.type as keyof typeof STATUS_AFTER_EVENT];
    const done = ended.get(e.streamId) ?? false;
    ended.set(e.streamId, done || (status !== undefined && isTerminal(status)));
  }
  let open = 0;
  for (const done of ended.values()) if (!done) open++;
  return { petitions: ended.size, open };
};

/**
 * The heap verify holds after a GC at each quarter of the log's bytes (the
 * read chunk that crosses it), in-process.
 */
const heldHeap = async (path: string, gc: () => void) => {
  const size = statSync(path).size;
  gc();
  const base = process.memoryUsage().heapUsed;
  const held: number[] = [];
  const result = await verifyLogFile(path, {
    onBytes: (bytes) => {
      if (bytes < ((held.length + 1) * size) / 4) return;
      gc();
      held.push(process.memoryUsage().heapUsed - base);
    },
  });
  return { result, held };
};

const CASES: readonly { name: string; options: BenchLogOptions; intro: string }[] = [
  { name: "ended", options: {}, intro: "every petition ends within the log" },
  {
    name: "open",
    options: { openShare },
    intro: `${openShare * 100} % of petitions cut after a random stage (lawful)`,
  },
  {
    name: "findings",
    options: { breakEvery },
    intro: `every ${breakEvery}th line edited to break a rule`,
  },
];

const main = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.error("run with node --expose-gc (the bench:verify-memory script does)");
    process.exit(2);
  }
  console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
  mkdirSync(dir, { recursive: true });
  const rows: string[] = [];
  for (const { name, options, intro } of CASES) {
    if (only !== undefined && only !== name) continue;
    const reuse = name === "ended" && given !== undefined;
    const path = reuse ? given : join(dir, `petitio-verify-memory-${name}-${process.pid}.jsonl`);
    const t0 = Date.now();
    if (!reuse) await buildBenchLog(path, targetEvents, options);
    const { petitions, open } = await countOpen(path);
    console.log("");
    console.log(
      `${name}: ${intro}; ${fmt(statSync(path).size / MB)} MB at ${path} (${reuse ? "given" : `built in ${((Date.now() - t0) / 1000).toFixed(1)} s`}); ${fmt(petitions)} petitions, ${fmt(open)} open at the end`,
    );
    const { result, held } = await heldHeap(path, gc);
    const perStream = (held.at(-1) ?? 0) / result.streams;
    console.log(
      `  held heap at ¼ ½ ¾ 1 of the log: ${held.map((b) => (b / MB).toFixed(0)).join(" / ")} MB, ${fmt(result.events)} events, ${fmt(result.streams)} streams: ≈ ${fmt(perStream)} bytes a stream`,
    );
    console.log(
      `  findings: ${fmt(result.findings.length)} kept, ${fmt(result.omittedFindings)} counted only`,
    );
    const runs: [string, string[]][] = [["petitio verify", ["verify", path]]];
    if (name === "findings") runs.push(["petitio verify --json", ["verify", path, "--json"]]);
    for (const [label, argv] of runs) {
      const r = inChild(argv);
      console.log(
        `  ${label} (own process): exit ${r.exitCode}, peak RSS ${fmt(r.peakRssMb)} MB, ${r.cpuSeconds.toFixed(1)} s CPU, ${r.seconds.toFixed(1)} s wall, ${fmt(r.outputBytes / 1024)} KB printed, stack overflow: ${r.stackOverflow ? "YES" : "no"}`,
      );
      for (const line of r.tail) console.log(`    | ${line}`);
      if (r.stderr !== "") console.log(`    stderr: ${r.stderr}`);
      rows.push(
        `| ${name} | ${label} | ${fmt(result.streams)} | ${fmt(open)} | ${fmt(perStream)} | ${fmt(result.findings.length + result.omittedFindings)} | ${fmt(r.peakRssMb)} | ${r.cpuSeconds.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.exitCode} |`,
      );
    }
    if (!reuse && !keep) unlinkSync(path);
  }
  console.log("");
  console.log(
    "| log | run | streams | open at end | held bytes a stream | findings | peak RSS MB | CPU s | wall s | exit |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
};

(childAt === -1 ? main() : verifyChild(process.argv.slice(childAt + 1))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
