#!/usr/bin/env node
// Screenshots of the HTML report on each shared dataset, for docs/cli.md.
// Needs the build (`npx -y pnpm@10.34.9 build`), chromium (scripts/ci/browser.sh)
// and the datasets ($PETITIO_DATA, default ../shared/data). Petition texts
// (titles, representative petitions) are blanked in the pictures: the
// datasets' texts may not be redistributed; only counts, rates, org and topic
// labels show.
//
//   node scripts/report-screenshots.mjs [out-dir]   (default docs/images)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/dist/bin.js");
const data = resolve(process.env.PETITIO_DATA ?? join(root, "../shared/data"));
const outDir = resolve(process.argv[2] ?? join(root, "docs/images"));

const DATASETS = [
  { name: "teddycup", kind: "teddycup", args: [] },
  { name: "fuzhou12345", kind: "fuzhou12345", args: [] },
  { name: "nyc311-2011", kind: "nyc311", args: ["--tz", "America/New_York"] },
  {
    name: "nyc311-2024",
    kind: "nyc311",
    file: "nyc311/nyc311_2024_snapshots_2000.jsonl",
    args: ["--tz", "America/New_York"],
  },
];

const BLANK_TEXTS = `td.text{font-size:0}td.text::after{content:"(petition text not shown)";font-size:.8rem;color:#999}`;

const tmp = mkdtempSync(join(tmpdir(), "petitio-shots-"));
const profile = join(tmp, "profile");
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.PETITIO_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
  viewport: { width: 1000, height: 900 },
  timeout: 60_000,
});
try {
  for (const d of DATASETS) {
    const html = join(tmp, `${d.name}.html`);
    const source = d.file ? [join(data, d.file)] : [];
    // Run in the temp folder with relative names: the report's title shows the log's name only.
    const run = (args) =>
      execFileSync(process.execPath, [bin, ...args], {
        cwd: tmp,
        env: { ...process.env, PETITIO_DATA: data },
      });
    run(["import", d.kind, ...source, "--out", `${d.name}.log.jsonl`]);
    run([
      "report",
      `${d.name}.log.jsonl`,
      "--format",
      "html",
      "--out",
      `${d.name}.html`,
      ...d.args,
    ]);
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: "load", timeout: 60_000 });
    await page.addStyleTag({ content: BLANK_TEXTS });
    await page.evaluate("document.fonts.ready.then(() => true)");
    const png = join(outDir, `report-${d.name}.png`);
    await page.screenshot({ path: png, fullPage: true, timeout: 60_000 });
    await page.close();
    console.log(`wrote ${png}`);
  }
} finally {
  await context.close();
  rmSync(tmp, { recursive: true, force: true });
}
