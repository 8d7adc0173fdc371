import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureContext } from "../cli/capture-context.testkit.js";
import { runCli } from "../cli/run.js";
import { buildAttackLog } from "../verify/attack-log.testkit.js";

/**
 * `report`, `overdue` and `hot-topics --orgs FILE`: their gate judges reviews
 * and re-examinations one level up (W22 Art. 35–36) as `petitio verify --orgs`
 * does. The attack log's first petition, replied by org-x, asks org-up for a
 * review: lawful when org-up is above org-x, a violation when both sit under city.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-read-orgs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LOG = "log.jsonl";

beforeAll(async () => {
  const events = await buildAttackLog(3);
  writeFileSync(join(dir, LOG), events.map((e) => `${JSON.stringify(e)}\n`).join(""));
  writeFileSync(join(dir, "up.json"), JSON.stringify({ "org-x": "org-up", "org-up": "province" }));
  writeFileSync(join(dir, "beside.json"), JSON.stringify({ "org-x": "city", "org-up": "city" }));
}, 30_000);

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const { ctx, output } = captureContext(dir, { NO_COLOR: "1", ...env });
  const code = await runCli(argv, ctx);
  return { code, ...output() };
};

const COMMANDS = [
  ["report", "--json"],
  ["overdue", "--json"],
  ["hot-topics", "--json"],
] as const;

describe.each(COMMANDS)("petitio %s --orgs", (command, json) => {
  it("refuses a log whose review is not asked one level up, naming the rule", async () => {
    const r = await run([command, LOG, "--orgs", "beside.json"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${command}: refused: petitio verify rejects ${LOG}: 1 violation`);
    expect(r.err).toContain("review one level up: org-up is not above org-x");
    // The list it points to is verify's with the same hierarchy.
    expect(r.err).toContain(`Run \`petitio verify ${LOG} --orgs beside.json\` for the list`);
  }, 60_000);

  it("reads the same log without --orgs, and with a hierarchy where the review org is above", async () => {
    const without = await run([command, LOG, json]);
    expect(without.code, without.err).toBe(0);
    const up = await run([command, LOG, json, "--orgs", "up.json"]);
    expect(up.code, up.err).toBe(0);
    expect(JSON.parse(up.out)).toEqual(JSON.parse(without.out));
  }, 60_000);

  it("--trust prints the numbers anyway and says why", async () => {
    const r = await run([command, LOG, json, "--orgs", "beside.json", "--trust"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).unverified).toContain("review one level up");
  }, 60_000);

  it("a bad --orgs file is a usage error before the log is read", async () => {
    const r = await run([command, LOG, "--orgs", "missing.json"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--orgs: missing.json is not a readable file");
  }, 60_000);

  it("--help documents --orgs", async () => {
    const r = await run([command, "--help"]);
    expect(r.out).toMatch(/--orgs FILE\s+the org hierarchy/);
  });
});

describe("the verdict cache and --orgs", () => {
  it("a clean verdict cached without --orgs does not let --orgs skip the judgement", async () => {
    const env = { PETITIO_CACHE_DIR: join(dir, "cache") };
    expect((await run(["report", LOG], env)).code).toBe(0);
    expect(readdirSync(join(dir, "cache", "verified"))).toHaveLength(1);
    // Second run without --orgs: from the cache, still clean.
    expect((await run(["report", LOG], env)).code).toBe(0);
    const judged = await run(["report", LOG, "--orgs", "beside.json"], env);
    expect(judged.code).toBe(1);
    expect(judged.err).toContain("review one level up");
  }, 60_000);
});
