import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../cli/errors.js";
import { verifyCommand } from "../commands/verify.js";
import { buildAttackLog } from "./attack-log.testkit.js";
import { runCommand } from "./run-verify.testkit.js";

/**
 * `petitio verify --orgs`: the org hierarchy the engine takes, so a review
 * asked of an org not above the one that replied (W22 Art. 35) is found in a
 * log, as the engine would have refused it. The attack log's first petition,
 * replied by org-x, asks org-up for a review.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-verify-orgs-"));
const run = (...argv: string[]) => runCommand(verifyCommand, argv, dir);
const write = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return name;
};
let log: string;

beforeAll(async () => {
  const events = await buildAttackLog(3);
  log = write("log.jsonl", events.map((e) => `${JSON.stringify(e)}\n`).join(""));
  write("up.json", JSON.stringify({ "org-x": "org-up", "org-up": "province" }));
  write("beside.json", JSON.stringify({ "org-x": "city", "org-up": "city" }));
  write("cycle.json", JSON.stringify({ "org-x": "org-up", "org-up": "org-x" }));
  write("list.json", JSON.stringify(["org-x", "org-up"]));
  write("broken.json", "{ org-x");
}, 30_000);

describe("petitio verify --orgs", () => {
  it("without --orgs, judges no hierarchy and says so", async () => {
    const r = await run(log);
    expect(r.code).toBe(0);
    expect(r.out).toContain("org hierarchy: not checked (no --orgs)");
    const json = JSON.parse((await run(log, "--json")).out);
    expect(json.orgHierarchy).toEqual({ checked: false });
  });

  it("with a hierarchy in which the review org is above, finds nothing", async () => {
    const r = await run(log, "--orgs", "up.json");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "org hierarchy (up.json): reviews and re-examinations judged one level up",
    );
    expect(JSON.parse((await run(log, "--orgs", "up.json", "--json")).out).orgHierarchy).toEqual({
      checked: true,
      file: "up.json",
    });
  });

  it("with one in which it is not, names the line, the rule and the article", async () => {
    const r = await run(log, "--orgs", "beside.json", "--json");
    expect(r.code).toBe(1);
    const { violations } = JSON.parse(r.out);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      type: "ReviewRequested",
      streamId: "petition-P0000",
      rule: "review one level up",
      article: "W22 Art. 35",
    });
    expect(violations[0].message).toContain("org-up is not above org-x");
    expect(violations[0].line).toBeGreaterThan(0);
  });

  it.each([
    ["cycle.json", /--orgs: cycle\.json: org-x: its chain of superiors comes back to org-x/],
    ["list.json", /--orgs: list\.json must hold a JSON object mapping each org/],
    ["broken.json", /--orgs: broken\.json is not JSON/],
    ["missing.json", /--orgs: missing\.json is not a readable file/],
  ])("refuses %s as a usage error naming the problem", async (file, message) => {
    const error = await run(log, "--orgs", file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
