import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  erasePetitioner,
  exportLogFile,
  importLog,
  MemoryPersonalDataKeys,
  protectPersonalData,
  revealPersonalData,
  sealLog,
} from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";
import { describe, expect, it } from "vitest";
import { verifyCommand } from "../commands/verify.js";
import { buildAttackLog, unsealed } from "./attack-log.testkit.js";
import { runCommand } from "./run-verify.testkit.js";

/*
 * Issue 16 item 3: petitioners' personal data never reaches the store file, its
 * WAL or an export in plaintext, and after erasure not even a key holder can
 * read it. The events are protected (encrypted) before they are sealed, as the
 * engine does on append; the store here receives them through import.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-pii-"));
const filesOf = (prefix: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => join(dir, f));
const holds = (files: readonly string[], needles: readonly string[]) =>
  needles.filter((n) => files.some((f) => readFileSync(f).includes(Buffer.from(n, "utf8"))));

describe("personal data in a SQLite store and its exports", () => {
  it("is never in plaintext, and after erasure reads only as a marker", async () => {
    const plain = unsealed(await buildAttackLog(12));
    const needles = plain
      .filter((e) => e.type === "PetitionRegistered")
      .flatMap((e) =>
        (e.data.petitioners as { name: string; phone: string }[]).flatMap((p) => [p.name, p.phone]),
      );
    expect(needles).toHaveLength(24);
    const keys = new MemoryPersonalDataKeys();
    const sealed = sealLog(await Promise.all(plain.map((e) => protectPersonalData(e, keys))));
    const input = join(dir, "in.jsonl");
    writeFileSync(input, sealed.map((e) => `${JSON.stringify(e)}\n`).join(""));

    const file = join(dir, "store.db");
    const store = openSqliteStore(file);
    await importLog(store, input);
    // While the store is open its WAL holds the recent pages: scan it too.
    expect(filesOf("store.db").length).toBeGreaterThanOrEqual(1);
    expect(holds(filesOf("store.db"), needles)).toEqual([]);
    const exported = join(dir, "export.jsonl");
    await exportLogFile(store, exported);
    await store.close();
    expect(holds([...filesOf("store.db"), exported], needles)).toEqual([]);

    // Control: the same scan finds them in a store fed the unprotected log.
    const plainInput = join(dir, "plain.jsonl");
    writeFileSync(plainInput, plain.map((e) => `${JSON.stringify(e)}\n`).join(""));
    const control = openSqliteStore(join(dir, "control.db"));
    await importLog(control, plainInput);
    await control.close();
    expect(holds(filesOf("control.db"), needles)).toEqual(needles);

    // The export verifies: the chain covers the ciphertext.
    const verified = await runCommand(verifyCommand, [exported, "--require-chain", "--json"], dir);
    expect(JSON.parse(verified.out)).toMatchObject({
      ok: true,
      personalData: { protected: 24, plaintext: 0 },
    });

    // A key holder reads the plaintext; after erasure of person-3, only a marker.
    const lines = readFileSync(exported, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const registration = lines.find(
      (e) => e.type === "PetitionRegistered" && e.streamId === "petition-P0003",
    );
    expect(JSON.stringify(await revealPersonalData(registration, keys))).toContain("市民3");
    await erasePetitioner(keys, "person-3");
    const after = JSON.stringify(await revealPersonalData(registration, keys));
    expect(after).not.toContain("市民3");
    expect(after).toContain("pii:erased:person-3");
    // Erasure changed no event: the export still verifies.
    expect((await runCommand(verifyCommand, [exported, "--require-chain"], dir)).code).toBe(0);
  }, 60_000);

  it("erasure leaves the destroyed key's bytes in neither the store file nor its WAL", async () => {
    const file = join(dir, "keys.db");
    const store = openSqliteStore(file, { synchronous: "NORMAL" });
    const keys = store.personalDataKeys;
    const plain = unsealed(await buildAttackLog(6));
    const input = join(dir, "keys-in.jsonl");
    const sealed = sealLog(await Promise.all(plain.map((e) => protectPersonalData(e, keys))));
    writeFileSync(input, sealed.map((e) => `${JSON.stringify(e)}\n`).join(""));
    await importLog(store, input);
    const key3 = (await keys.getKey("person-3")) as Buffer;
    const key4 = (await keys.getKey("person-4")) as Buffer;
    const inFiles = (bytes: Buffer) =>
      filesOf("keys.db").some((f) => readFileSync(f).includes(bytes));
    expect(key3).toHaveLength(32);
    expect(inFiles(key3)).toBe(true); // control: the key table really is in these files
    await erasePetitioner(keys, "person-3");
    expect(await keys.getKey("person-3")).toBeUndefined();
    expect(inFiles(key3)).toBe(false);
    expect(inFiles(key4)).toBe(true);
    const registration = sealed.find(
      (e) => e.type === "PetitionRegistered" && e.streamId === "petition-P0003",
    );
    expect(
      JSON.stringify(await revealPersonalData(registration as (typeof sealed)[number], keys)),
    ).toContain("pii:erased:person-3");
    await store.close();
    expect(inFiles(key3)).toBe(false);
  }, 60_000);
});
