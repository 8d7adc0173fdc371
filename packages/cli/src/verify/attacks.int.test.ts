import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createCheckpoint,
  type EventEnvelope,
  generateCheckpointKeyPair,
  importLog,
  sealLog,
} from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyCommand } from "../commands/verify.js";
import { buildAttackLog } from "./attack-log.testkit.js";
import { runCommand } from "./run-verify.testkit.js";
import { type Finding, verifyLogFile } from "./verify-log.js";

/*
 * The attacks of issue 16, as an insider with write access to an exported log
 * or the store file would make them to flatter the metrics. Each must be
 * caught: the plain edit by the hash chain at the line it touches; the same
 * edit with the whole chain recomputed afterwards by the published head.
 */

type Line = EventEnvelope & { prevHash?: string; hash?: string };
const dir = mkdtempSync(join(tmpdir(), "petitio-attacks-"));
let original: Line[];
const keys = generateCheckpointKeyPair();
let checkpointFile: string;
let publicKeyFile: string;

const write = (name: string, lines: readonly object[]): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  return path;
};
const withoutChain = (lines: readonly Line[]): Line[] =>
  lines.map(({ prevHash: _p, hash: _h, ...rest }) => rest as Line);
/** The attacker recomputes every hash after editing. */
const reseal = (lines: readonly Line[]): Line[] => sealLog(withoutChain(lines)) as Line[];

const stream = (l: Line) => l.streamId;
const deliveredLate = (lines: readonly Line[]) => {
  const due = new Map<string, string>();
  for (const l of lines)
    if (l.type === "PetitionAccepted") due.set(stream(l), String(l.data.handlingDueAt));
  return (l: Line) =>
    l.type === "ReplyIssued" && Date.parse(l.occurredAt) > Date.parse(due.get(stream(l)) ?? "");
};
const edit = (l: Line, change: Partial<EventEnvelope>): Line => ({ ...l, ...change });
const editData = (l: Line, data: Record<string, unknown>): Line => ({
  ...l,
  data: { ...l.data, ...data },
});

/** Each attack: the edit, and the line of the original log where the first change shows. */
const attacks: Record<string, (lines: readonly Line[]) => Line[]> = {
  "all unsatisfied ratings made satisfied": (lines) =>
    lines.map((l) =>
      l.type === "SatisfactionEvaluated" && l.data.rating === "unsatisfied"
        ? editData(l, { rating: "satisfied" })
        : l,
    ),
  "late replies back-dated": (lines) => {
    const late = deliveredLate(lines);
    return lines.map((l) => {
      if (!late(l)) return l;
      const at = new Date(Date.parse(l.occurredAt) - 20 * 86_400_000).toISOString();
      return editData(edit(l, { occurredAt: at }), { deliveredAt: at });
    });
  },
  "handling due times moved later": (lines) =>
    lines.map((l) =>
      l.type === "PetitionAccepted"
        ? editData(l, {
            handlingDueAt: new Date(
              Date.parse(String(l.data.handlingDueAt)) + 30 * 86_400_000,
            ).toISOString(),
          })
        : l,
    ),
  "50 petitions deleted": (lines) => {
    const doomed = new Set(
      lines
        .filter((l) => l.type === "PetitionRegistered")
        .slice(10, 60)
        .map(stream),
    );
    return lines.filter((l) => !doomed.has(stream(l)));
  },
  "events renumbered after a deletion": (lines) =>
    lines.filter((l) => l.type !== "ReviewRequested").map((l, i) => edit(l, { position: i + 1 })),
  "review requests removed": (lines) => lines.filter((l) => l.type !== "ReviewRequested"),
  "a forged petition inserted": (lines) => {
    const at = lines[200] as Line;
    const forged = sealLog(
      [
        {
          ...withoutChain([at])[0],
          type: "Custom",
          streamId: "note-1",
          version: 1,
          data: { forged: true },
        },
      ],
      String(lines[199]?.hash),
    )[0] as Line;
    return [...lines.slice(0, 200), forged, ...lines.slice(200)];
  },
  "two events swapped": (lines) => [
    ...lines.slice(0, 300),
    lines[301] as Line,
    lines[300] as Line,
    ...lines.slice(302),
  ],
  "a reply's org changed": (lines) => {
    const i = lines.findIndex((l) => l.type === "ReplyIssued");
    return lines.map((l, j) =>
      j === i ? edit(l, { actor: { id: "officer-9", role: "agency", org: "org-y" } }) : l,
    );
  },
  "a hot topic hidden by renaming it": (lines) =>
    lines.map((l) =>
      l.type === "PetitionRegistered" && l.data.topic === "供暖"
        ? editData(l, { topic: "道路" })
        : l,
    ),
  "the tail cut off": (lines) => lines.slice(0, lines.length - 40),
};

const firstDifference = (a: readonly Line[], b: readonly Line[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i + 1;
  }
  return Math.min(a.length, b.length) + 1;
};

const chainFindings = (findings: readonly Finding[]) =>
  findings.filter((f) => f.rule.startsWith("chain-"));

beforeAll(async () => {
  original = (await buildAttackLog()) as Line[];
  const last = original.at(-1) as Line;
  checkpointFile = join(dir, "head.json");
  publicKeyFile = join(dir, "operator.pub.pem");
  writeFileSync(
    checkpointFile,
    JSON.stringify(
      createCheckpoint(
        { position: last.position, hash: String(last.hash) },
        keys.privateKeyPem,
        "2026-12-01T08:00:00Z",
      ),
    ),
  );
  writeFileSync(publicKeyFile, keys.publicKeyPem);
}, 60_000);

describe("the untouched log", () => {
  it("is sealed by the store exactly as docs/log-integrity.md specifies", () => {
    expect(original.every((l) => typeof l.hash === "string")).toBe(true);
    expect(sealLog(withoutChain(original))).toEqual(original);
  });

  it("verifies clean, with the published head found", async () => {
    expect(original.length).toBeGreaterThan(600);
    const path = write("original.jsonl", original);
    const r = await runCommand(
      verifyCommand,
      [
        path,
        "--head",
        checkpointFile,
        "--public-key",
        publicKeyFile,
        "--policy",
        "cn-national-w22",
        "--require-chain",
      ],
      dir,
    );
    expect(r.out).toContain("no violations");
    expect(r.out).toMatch(/published head .*: found/);
    expect(r.code).toBe(0);
  });
});

describe.each(Object.entries(attacks))("attack: %s", (name, attack) => {
  it("is caught by the chain at the first line it changes (the cut tail: by the published head)", async () => {
    const tampered = attack(original);
    const path = write(`${name}.jsonl`, tampered);
    const result = await verifyLogFile(path, {
      head: { hash: String(original.at(-1)?.hash), position: original.at(-1)?.position as number },
    });
    if (name === "the tail cut off") {
      expect(chainFindings(result.findings)).toEqual([]); // the chain alone cannot see it
      expect(result.findings.map((f) => f.rule)).toEqual(["published-head"]);
      return;
    }
    const first = chainFindings(result.findings)[0];
    expect(first, `${name}: no chain finding`).toBeDefined();
    expect(first?.line).toBe(
      firstDifference(original, tampered) + (name === "a forged petition inserted" ? 1 : 0),
    );
  });

  it("is caught by the signed checkpoint when the attacker recomputes the whole chain", async () => {
    const tampered = reseal(attack(original));
    const path = write(`${name}.resealed.jsonl`, tampered);
    expect(chainFindings((await verifyLogFile(path)).findings)).toEqual([]);
    const r = await runCommand(
      verifyCommand,
      [path, "--head", checkpointFile, "--public-key", publicKeyFile, "--json"],
      dir,
    );
    expect(r.code).toBe(1);
    const rules = (JSON.parse(r.out).violations as Finding[]).map((f) => f.rule);
    expect(rules).toContain("published-head");
  });
});

describe("judgements that need no chain", () => {
  it("--policy finds moved due times even in a re-hashed log", async () => {
    const path = write(
      "due-moved.policy.jsonl",
      reseal(attacks["handling due times moved later"]?.(original) ?? []),
    );
    const r = await runCommand(verifyCommand, [path, "--policy", "cn-national-w22", "--json"], dir);
    const violations = JSON.parse(r.out).violations as Finding[];
    expect(violations.filter((f) => f.rule === "due time").length).toBe(120);
    expect(violations[0]).toMatchObject({ field: "data.handlingDueAt", type: "PetitionAccepted" });
  });

  it("finds back-dated replies that run before the stream's previous event", async () => {
    const lines = reseal(
      original.map((l) =>
        l.type === "ReplyIssued" && l.streamId === "petition-P0003"
          ? edit(l, { occurredAt: "2024-02-01T00:00:00+08:00" })
          : l,
      ),
    );
    const result = await verifyLogFile(write("backdated-order.jsonl", lines));
    expect(result.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["time order"]));
  });

  it("finds an event recorded before it occurred", async () => {
    const i = original.findIndex((l) => l.type === "PetitionRouted");
    const lines = reseal(
      original.map((l, j) => (j === i ? edit(l, { recordedAt: "2020-01-01T00:00:00+08:00" }) : l)),
    );
    const result = await verifyLogFile(write("recorded-early.jsonl", lines));
    expect(result.findings).toEqual([
      expect.objectContaining({ line: i + 1, rule: "recorded before occurred" }),
    ]);
  });

  it("finds an act by a role or org the law does not allow, and a stream never registered", async () => {
    const reply = original.findIndex((l) => l.type === "ReplyIssued");
    const stranger = {
      ...withoutChain([original[reply] as Line])[0],
      streamId: "petition-NEVER",
      version: 1,
    } as Line;
    const lines = reseal([
      ...original.map((l, j) =>
        j === reply ? edit(l, { actor: { id: "p", role: "supervisor", org: "bureau" } }) : l,
      ),
      edit(stranger, { position: (original.at(-1)?.position as number) + 1 }),
    ]);
    const result = await verifyLogFile(write("actors.jsonl", lines));
    expect(result.findings.map((f) => [f.line, f.rule])).toEqual([
      [reply + 1, "role"],
      [lines.length, "stream start"],
    ]);
  });
});

describe("the store file", () => {
  it("an SQL UPDATE of rows a SQLite store wrote itself is caught, naming the first row", async () => {
    const file = join(dir, "native.db");
    const events = await buildAttackLog(20, (clock) =>
      openSqliteStore(file, { clock, synchronous: "NORMAL" }),
    );
    expect((await runCommand(verifyCommand, [file, "--require-chain"], dir)).out).toContain(
      "no violations",
    );
    const sqliteDir = dirname(fileURLToPath(import.meta.resolve("@petitio/sqlite")));
    const Database = createRequire(join(sqliteDir, "index.js"))("better-sqlite3");
    const db = new Database(file);
    const moved = db
      .prepare(
        "UPDATE events SET data = json_set(data, '$.rating', 'satisfied') WHERE type = 'SatisfactionEvaluated' AND json_extract(data, '$.rating') = 'unsatisfied'",
      )
      .run().changes;
    db.close();
    expect(moved).toBe(5);
    const r = await runCommand(verifyCommand, [file, "--json"], dir);
    const edited = (JSON.parse(r.out).violations as Finding[]).filter(
      (f) => f.rule === "chain-edited",
    );
    const firstRating = events.findIndex(
      (e) => e.type === "SatisfactionEvaluated" && e.data.rating === "unsatisfied",
    );
    expect(edited).toHaveLength(5);
    expect(edited[0]?.line).toBe(firstRating + 1);
  }, 120_000);

  it("an SQL UPDATE of rows is caught by verify store.db", async () => {
    const file = join(dir, "store.db");
    const store = openSqliteStore(file);
    await importLog(store, write("import.jsonl", original));
    await store.close();
    const clean = await runCommand(
      verifyCommand,
      [file, "--head", checkpointFile, "--public-key", publicKeyFile],
      dir,
    );
    expect(clean.out).toContain("no violations");
    const sqliteDir = dirname(fileURLToPath(import.meta.resolve("@petitio/sqlite")));
    const Database = createRequire(join(sqliteDir, "index.js"))("better-sqlite3");
    const db = new Database(file);
    const changed = db
      .prepare(
        `UPDATE events SET data = json_set(data, '$.rating', 'satisfied') WHERE type = 'SatisfactionEvaluated' AND json_extract(data, '$.rating') = 'unsatisfied'`,
      )
      .run().changes;
    db.close();
    expect(changed).toBe(30);
    const r = await runCommand(verifyCommand, [file, "--json"], dir);
    const violations = JSON.parse(r.out).violations as Finding[];
    expect(r.code).toBe(1);
    expect(violations.filter((f) => f.rule === "chain-edited")).toHaveLength(30);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe("SQLite format 3");
  }, 60_000);
});
