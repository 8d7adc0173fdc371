import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCheckpointKeyPair, sealLog, verifyCheckpoint } from "@petitio/core";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../cli/errors.js";
import { verifyCommand } from "../commands/verify.js";
import { buildAttackLog, unsealed } from "./attack-log.testkit.js";
import { runCommand } from "./run-verify.testkit.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-verify-cmd-"));
const keys = generateCheckpointKeyPair();
const run = (...argv: string[]) => runCommand(verifyCommand, argv, dir);
let good: string;
let bad: string;
let plain: string;

beforeAll(async () => {
  const log = unsealed(await buildAttackLog(3));
  const sealed = sealLog(log);
  const write = (name: string, lines: readonly object[]) => {
    writeFileSync(join(dir, name), lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    return name;
  };
  good = write("good.jsonl", sealed);
  bad = write(
    "bad.jsonl",
    sealed.map((e, i) =>
      i === 3 ? { ...e, recordedAt: e.occurredAt.replace("2024", "2023") } : e,
    ),
  );
  plain = write("plain.jsonl", log);
  writeFileSync(join(dir, "op.pem"), keys.privateKeyPem);
  writeFileSync(join(dir, "op.pub.pem"), keys.publicKeyPem);
}, 30_000);

describe("petitio verify: checkpoints", () => {
  it("writes a signed checkpoint of a clean log that then verifies it", async () => {
    const r = await run(good, "--write-checkpoint", "cp.json", "--key", "op.pem");
    expect(r.code).toBe(0);
    expect(r.out).toContain("checkpoint written to cp.json");
    const cp = verifyCheckpoint(
      JSON.parse(readFileSync(join(dir, "cp.json"), "utf8")),
      keys.publicKeyPem,
    );
    expect(cp.createdAt).toBe("2026-12-01T08:00:00.000Z");
    const again = await run(good, "--head", "cp.json", "--public-key", "op.pub.pem");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /published head \(checkpoint cp\.json \(position \d+, key [0-9a-f]{16}, trusted\)\): found/,
    );
    expect((await run(good, "--head", cp.hash)).code).toBe(0);
  });

  it("never overwrites a file, nor writes through a planted symlink", async () => {
    writeFileSync(join(dir, "taken.json"), "keep me");
    await expect(run(good, "--write-checkpoint", "taken.json", "--key", "op.pem")).rejects.toThrow(
      InputError,
    );
    expect(readFileSync(join(dir, "taken.json"), "utf8")).toBe("keep me");
    writeFileSync(join(dir, "target.txt"), "precious");
    symlinkSync(join(dir, "target.txt"), join(dir, "link.json"));
    await expect(run(good, "--write-checkpoint", "link.json", "--key", "op.pem")).rejects.toThrow(
      /already exists/,
    );
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toBe("precious");
  });

  it("signs nothing for a log with violations, or without a chain", async () => {
    const r = await run(bad, "--write-checkpoint", "bad-cp.json", "--key", "op.pem");
    expect(r.code).toBe(1);
    expect(r.out).toContain("no checkpoint written");
    expect(existsSync(join(dir, "bad-cp.json"))).toBe(false);
    await expect(
      run(plain, "--write-checkpoint", "plain-cp.json", "--key", "op.pem"),
    ).rejects.toThrow(/no complete hash chain/);
  });

  it("stops on a checkpoint that does not verify, or one signed by another key", async () => {
    const cp = JSON.parse(readFileSync(join(dir, "cp.json"), "utf8"));
    writeFileSync(join(dir, "forged.json"), JSON.stringify({ ...cp, position: cp.position - 1 }));
    await expect(run(good, "--head", "forged.json")).rejects.toThrow(/checkpoint signature/);
    const other = generateCheckpointKeyPair();
    writeFileSync(join(dir, "other.pub.pem"), other.publicKeyPem);
    await expect(run(good, "--head", "cp.json", "--public-key", "other.pub.pem")).rejects.toThrow(
      /not by the trusted key/,
    );
  });
});

describe("petitio verify: options", () => {
  it.each([
    [["--public-key", "op.pub.pem"], /--public-key needs --head/],
    [["--key", "op.pem"], /go together/],
    [["--head", "nothing-here"], /neither a chain hash/],
    [["--policy", "cn-mars"], /neither a built-in policy/],
  ])("refuses %j", async (argv, message) => {
    const error = await run(good, ...argv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it("says when a log carries no chain, and --json reports the chain", async () => {
    const text = (await run(plain)).out;
    expect(text).toMatch(/chain: none/);
    expect(text).toMatch(/personal data: 6 petitioner fields in plaintext/);
    const json = JSON.parse((await run(good, "--json")).out);
    expect(json.chain).toMatchObject({ sealed: json.events, unsealed: 0 });
    expect(json.chain.last.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads a policy file of overrides", async () => {
    writeFileSync(
      join(dir, "policy.json"),
      JSON.stringify({ base: "cn-national-w22", id: "local", limits: { acceptance: { days: 5 } } }),
    );
    const r = JSON.parse((await run(good, "--policy", "policy.json", "--json")).out);
    expect(r.violations.filter((v: { rule: string }) => v.rule === "due time").length).toBe(3);
    expect(r.violations[0].message).toMatch(/policy local gives/);
  });
});
