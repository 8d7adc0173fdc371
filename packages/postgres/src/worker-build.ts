import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * Test helper: bundle a worker from source once (no prior build step), so
 * each OS process is a plain `node` start, and collect its output.
 */

const here = dirname(fileURLToPath(import.meta.url));

export const buildWorker = async (source: string): Promise<string> => {
  const outfile = join(here, "..", "node_modules", ".workers", source.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(here, source)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@petitio/source"],
    external: ["pg"],
    logLevel: "error",
  });
  return outfile;
};

export interface WorkerRun {
  child: ChildProcess;
  /** Resolves with stdout lines when the process exits 0; rejects with its stderr otherwise. */
  done: Promise<string[]>;
}

export const runWorker = (file: string, args: string[]): WorkerRun => {
  const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => {
    out += c;
  });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => {
    err += c;
  });
  const done = new Promise<string[]>((resolve, reject) => {
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out.split("\n").filter((l) => l !== ""));
      else reject(new Error(`worker exited ${code ?? signal}: ${err.slice(-2000)}`));
    });
  });
  return { child, done };
};
