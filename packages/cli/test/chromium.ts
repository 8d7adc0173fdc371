import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's chromium, driven by playwright-core (which downloads no browser of
 * its own). `scripts/ci/browser.sh` installs it with the Noto CJK fonts.
 */
export const CHROMIUM = process.env.PETITIO_CHROMIUM ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Flags for a quiet, isolated headless run: no sandbox (CI runs as root), no network chatter. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launch chromium on a fresh profile folder (playwright passes it as
 * --user-data-dir), removed on close.
 */
export const launchChromium = async (
  viewport = { width: 1000, height: 800 },
): Promise<LaunchedBrowser> => {
  const profile = mkdtempSync(join(tmpdir(), "petitio-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
