import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitio, requireFreshBuild, SPAWN_TIMEOUT_MS } from "./run-petitio.js";

/**
 * Input a command cannot use, and output that must not be turned against its
 * reader (issue: CSV formulas, terminal escapes, planted symlinks, raw errors).
 */

let tmp: string;
beforeAll(() => {
  requireFreshBuild();
  tmp = mkdtempSync(join(tmpdir(), "petitio-safety-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

const HOSTILE_TITLE = "路灯\u001b[2J\u001b]0;pwned\u0007不亮";
const HOSTILE_ORG = '=HYPERLINK("http://example.invalid","x")';

/** Two events written for this test: a registration with a hostile title, routed to a hostile org. */
const hostileLog = (): string => {
  const envelope = (position: number, type: string, at: string, actor: object, data: object) =>
    JSON.stringify({
      position,
      streamId: "petition-X1",
      version: position,
      type,
      schemaVersion: 1,
      occurredAt: at,
      recordedAt: at,
      actor,
      data,
    });
  const clerk = { id: "clerk", role: "intake", org: "bureau" };
  return write(
    "hostile.jsonl",
    [
      envelope(1, "PetitionRegistered", "2024-01-02T10:00:00+08:00", clerk, {
        petitionId: "X1",
        channel: "online",
        anonymous: true,
        petitioners: [],
        title: HOSTILE_TITLE,
        content: "路灯坏了一个月。",
        category: "claim",
        topic: "-1+1",
        receivedAt: "2024-01-02T10:00:00+08:00",
        registeredBy: "bureau",
        routingDueAt: "2024-01-17T23:59:59+08:00",
      }),
      envelope(2, "PetitionRouted", "2024-01-03T10:00:00+08:00", clerk, {
        toOrg: HOSTILE_ORG,
        mode: "assign",
        acceptanceDueAt: "2024-01-18T23:59:59+08:00",
      }),
    ].join("\n") + "\n",
  );
};

describe("input a command cannot use", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("import with the wrong kind for the file exits 2 and writes nothing", () => {
    const source = write(
      "requests.jsonl",
      `${JSON.stringify({ unique_key: "1", created_date: "2024-05-26T10:00:00", status: "Open" })}\n`.repeat(
        3,
      ),
    );
    const out = join(tmp, "wrong-kind.jsonl");
    const r = petitio(["import", "teddycup", source, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("none of its 3 records is a teddycup record (no message_id)");
    expect(r.stderr).toContain("nothing was written");
    expect(r.stderr).toMatch(/another kind \(fuzhou12345, nyc311\)/);
    expect(existsSync(out)).toBe(false);
    // The right kind imports the same file.
    const ok = petitio(["import", "nyc311", source, "--out", out]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/imported 3 records → \d+ events \(\d+ synthesized\)/);
  });

  it("import of an empty file exits 2 and writes nothing", () => {
    const out = join(tmp, "empty-import.jsonl");
    const r = petitio(["import", "nyc311", write("empty-source.jsonl", "\n"), "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the file is empty");
    expect(existsSync(out)).toBe(false);
  });

  it.each(["report", "overdue", "hot-topics"])(
    "%s on an empty log says so, not 'as of 1970'",
    (command) => {
      const empty = write(`empty-${command}.jsonl`, "");
      const args = command === "hot-topics" ? ["--month", "2024-01"] : [];
      const r = petitio([command, empty, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("holds no events");
      expect(r.stderr).toContain("petitio import");
      expect(r.stdout).not.toContain("1970");
      const json = petitio([command, empty, ...args, "--json"]);
      expect(JSON.parse(json.stdout)).toMatchObject({ error: "CLI_INPUT" });
    },
  );
});

describe("output that cannot be turned against its reader", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("neutralises CSV cells a spreadsheet would run as formulas", () => {
    const r = petitio(["report", hostileLog(), "--by", "org", "--format", "csv"]);
    expect(r.status).toBe(0);
    const rows = r.stdout.split("\r\n");
    const group = rows.find((row) => row.startsWith("group,"));
    expect(group?.split(",")[1]).toBe(`"'=HYPERLINK(""http://example.invalid""`);
    expect(r.stdout).not.toMatch(/(^|,)=HYPERLINK/m);
    const byTopic = petitio(["report", hostileLog(), "--by", "topic", "--format", "csv"]);
    expect(byTopic.stdout).toContain("group,'-1+1,");
  });

  it("prints no control character of a petition's text to the terminal", () => {
    const r = petitio(["overdue", hostileLog(), "--as-of", "2024-02-01"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("路灯");
    expect(r.stdout).toContain("不亮");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const hot = petitio(["hot-topics", hostileLog(), "--month", "2024-01"]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
    expect(hot.stdout).not.toMatch(/\u001b/);
  });

  it("replaces a symlink planted at --out instead of writing through it", () => {
    const victim = write("victim.txt", "precious");
    const out = join(tmp, "planted.csv");
    symlinkSync(victim, out);
    symlinkSync(victim, join(tmp, `.planted.csv.${process.pid + 1}.tmp`));
    const r = petitio(["report", hostileLog(), "--format", "csv", "--out", out]);
    expect(r.status).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(out, "utf8")).toContain("scope,key,asOf");
    expect(
      readdirSync(tmp).filter(
        (f) => f.startsWith(".planted.csv.") && !f.endsWith(`${process.pid + 1}.tmp`),
      ),
    ).toEqual([]);
  });

  it("says what to do when --out points into a missing folder, with a documented exit code", () => {
    const out = join(tmp, "no-such-folder", "report.html");
    const r = petitio(["report", hostileLog(), "--format", "html", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`the folder ${join(tmp, "no-such-folder")} does not exist`);
    expect(r.stderr).toContain("mkdir -p");
    expect(r.stderr).not.toContain("ENOENT");
    const json = petitio(["report", hostileLog(), "--json", "--out", out]);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: "CLI_OUTPUT" });
    // Every exit code a command can return is in the help.
    expect(petitio(["--help"]).stdout).toMatch(
      /0 ok.*1 findings[\s\S]*2 usage, input or output error[\s\S]*70 internal error/,
    );
  });
});
