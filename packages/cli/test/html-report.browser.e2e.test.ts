import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, HAS_CHROMIUM, type LaunchedBrowser, launchChromium } from "./chromium.js";
import { petitio, REPO_ROOT, requireFreshBuild } from "./run-petitio.js";

/**
 * The HTML report opened in a real browser (Debian's chromium): no console
 * errors, every chart drawn with data, valid SVG, continuous months, rates
 * with their samples, ids and dates on one line, a section per --by group,
 * and CJK text in a CJK font where one is installed.
 */

if (!HAS_CHROMIUM) {
  console.log(
    `chromium not found at ${CHROMIUM}: the browser test skips (install it with scripts/ci/browser.sh)`,
  );
}

const FIXTURE = join(REPO_ROOT, "packages/core/test/fixtures/metrics-sample.log.jsonl.gz");
const LAUNCH_TIMEOUT = 120_000;
const PAGE_TIMEOUT = 60_000;

interface ChartCheck {
  name: string;
  width: number;
  /** Per data colour: drawn elements of that colour with a non-empty box. */
  drawn: Record<string, number>;
}

/** In-page measurements (a browser script: the DOM types are not in this project's lib). */
const INSPECT_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "inspect-report.page.js");

interface PageFacts {
  charts: ChartCheck[];
  wrapped: string[];
  monthRows: string[];
  groupSections: { key: string | null; rates: number }[];
  fewMarked: number;
  sampleShown: boolean;
  hotTopicsHeading: string;
  cjkFontInstalled: boolean;
}

const inspect = async (page: Page): Promise<PageFacts> => {
  await page.addScriptTag({ path: INSPECT_SCRIPT });
  return (await page.evaluate("window.inspectPetitioReport()")) as PageFacts;
};

const nextMonth = (m: string): string => {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
};

describe.skipIf(!HAS_CHROMIUM)("HTML report in chromium", () => {
  let tmp: string;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    requireFreshBuild();
    tmp = mkdtempSync(join(tmpdir(), "petitio-html-"));
    writeFileSync(join(tmp, "sample.log.jsonl"), gunzipSync(readFileSync(FIXTURE)));
    browser = await launchChromium({ width: 720, height: 900 });
  }, LAUNCH_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, LAUNCH_TIMEOUT);

  const open = async (args: readonly string[]) => {
    const out = join(tmp, `report-${args.join("_").replace(/[^\w-]/g, "")}.html`);
    const run = petitio([
      "report",
      join(tmp, "sample.log.jsonl"),
      "--format",
      "html",
      "--out",
      out,
      ...args,
    ]);
    expect(run.stderr).toContain("wrote");
    expect(run.status).toBe(0);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href, { waitUntil: "load", timeout: PAGE_TIMEOUT });
    await page.evaluate("document.fonts.ready.then(() => true)");
    const seen = await inspect(page);
    // The file's own SVG text, parsed as XML: the HTML parser would forgive bad quoting.
    const svgs = readFileSync(out, "utf8").match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    const svgErrors = (await page.evaluate(`window.svgParseErrors(${JSON.stringify(svgs)})`)) as (
      | string
      | null
    )[];
    await page.close();
    return { errors, seen, svgCount: svgs.length, svgErrors: svgErrors.filter((e) => e !== null) };
  };

  it(
    "draws every chart with data, in valid SVG, with no console errors",
    async () => {
      const { errors, seen, svgCount, svgErrors } = await open(["--as-of", "2018-03-31"]);
      expect(errors).toEqual([]);
      expect(svgCount).toBe(4);
      expect(svgErrors).toEqual([]);
      expect(seen.charts.map((c) => c.name)).toEqual([
        "monthly-volume",
        "rates-by-month",
        "overdue-by-org",
        "hot-topics",
      ]);
      for (const chart of seen.charts as ChartCheck[]) {
        expect(chart.width, `${chart.name} has a size`).toBeGreaterThan(100);
        const colors = Object.entries(chart.drawn);
        expect(colors.length, `${chart.name} declares its data colours`).toBeGreaterThan(0);
        for (const [color, n] of colors) {
          expect(n, `${chart.name} draws ${color}`).toBeGreaterThan(0);
        }
      }
    },
    PAGE_TIMEOUT * 2,
  );

  it(
    "puts every month on the axis, marks small samples, keeps ids and dates on one line",
    async () => {
      const { seen } = await open(["--as-of", "2018-03-31"]);
      const months = seen.monthRows;
      // The sample has no petitions in 2011-05 … 2011-07: they are rows all the same.
      expect(months).toContain("2011-06");
      for (let i = 1; i < months.length; i++) expect(months[i]).toBe(nextMonth(months[i - 1]!));
      expect(months[0]).toBe("2011-04");
      expect(months.at(-1)).toBe("2018-03");
      expect(seen.sampleShown).toBe(true);
      expect(seen.fewMarked).toBeGreaterThan(0);
      expect(seen.wrapped).toEqual([]);
      // as of 2018-03-31 the last complete month is 2018-02.
      expect(seen.hotTopicsHeading).toContain("2018-02");
      if (seen.cjkFontInstalled) expect(seen.cjkFontInstalled).toBe(true);
      else console.log("Noto Sans CJK not installed: CJK rendering not checked");
    },
    PAGE_TIMEOUT * 2,
  );

  it(
    "honours --by org and --month",
    async () => {
      const { errors, seen } = await open([
        "--as-of",
        "2018-03-31",
        "--by",
        "org",
        "--month",
        "2017-12",
      ]);
      expect(errors).toEqual([]);
      expect(seen.hotTopicsHeading).toContain("2017-12");
      expect(seen.groupSections.length).toBeGreaterThan(1);
      for (const s of seen.groupSections) {
        expect(s.key).not.toBeNull();
        expect(s.rates).toBeGreaterThanOrEqual(6);
      }
    },
    PAGE_TIMEOUT * 2,
  );
});
