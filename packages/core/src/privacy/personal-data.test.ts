import { describe, expect, it } from "vitest";
import { commandsFor, setup } from "../engine/test-kit.testkit.js";
import type { EventEnvelope } from "../events/envelope.js";
import { ChainVerifier } from "../integrity/chain-verifier.js";
import { sealLog } from "../integrity/seal-log.js";
import { computeMetrics } from "../projections/metrics.js";
import { PersonalDataCiphertextError, PersonalDataKeyError } from "./errors.js";
import {
  decryptField,
  encryptField,
  isProtectedValue,
  parseProtectedValue,
} from "./field-cipher.js";
import { MemoryPersonalDataKeys, newPersonalDataKey } from "./keys.js";
import {
  erasePetitioner,
  plaintextPersonalData,
  protectPersonalData,
  redactPersonalData,
  revealPersonalData,
  subjectsOf,
} from "./personal-data.js";

const person = {
  id: "subj-1",
  name: "李四",
  idNumber: "110101199001011234",
  phone: "13800001111",
  email: "lisi@example.cn",
  address: "北京市东城区某街1号",
};
const registered = (petitioners: Record<string, unknown>[]) => ({
  type: "PetitionRegistered",
  data: { petitionId: "P1", anonymous: false, petitioners, title: "标题", content: "内容" },
});

const errorOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
};

describe("field cipher", () => {
  const key = newPersonalDataKey();
  it("round-trips in the documented form, with a fresh IV each time", () => {
    const a = encryptField(key, "subj:1/x", "phone", "13800001111");
    const b = encryptField(key, "subj:1/x", "phone", "13800001111");
    expect(a).toMatch(/^pii:v1:subj%3A1%2Fx:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(parseProtectedValue(a)?.subjectId).toBe("subj:1/x");
    expect(decryptField(key, a, "phone")).toBe("13800001111");
  });

  it("refuses a value moved to another field, altered, or under another key", () => {
    const value = encryptField(key, "s", "phone", "13800001111");
    expect(errorOf(() => decryptField(key, value, "name"))).toBeInstanceOf(
      PersonalDataCiphertextError,
    );
    const last = value.at(-2) === "A" ? "B" : "A";
    const altered = `${value.slice(0, -2)}${last}${value.at(-1)}`;
    expect(errorOf(() => decryptField(key, altered, "phone"))).toBeInstanceOf(
      PersonalDataCiphertextError,
    );
    const moved = value.replace("pii:v1:s:", "pii:v1:t:");
    expect(errorOf(() => decryptField(key, moved, "phone"))).toBeInstanceOf(
      PersonalDataCiphertextError,
    );
    expect(errorOf(() => decryptField(newPersonalDataKey(), value, "phone"))).toBeInstanceOf(
      PersonalDataCiphertextError,
    );
    const e = errorOf(() => decryptField(key, "pii:v1:s:!!", "phone", "data.petitioners.0.phone"));
    expect((e as PersonalDataCiphertextError).field).toBe("data.petitioners.0.phone");
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(errorOf(() => encryptField(Buffer.alloc(16), "s", "name", "x"))).toBeInstanceOf(
      PersonalDataKeyError,
    );
  });
});

describe("personal data in events", () => {
  it("protects every personal field of every petitioner and leaves the rest", async () => {
    const keys = new MemoryPersonalDataKeys();
    const event = registered([person, { name: "王五" }]);
    const protectedEvent = await protectPersonalData(event, keys);
    const [p0, p1] = protectedEvent.data.petitioners as Record<string, string>[];
    for (const field of ["name", "idNumber", "phone", "email", "address"])
      expect(isProtectedValue(p0?.[field]), field).toBe(true);
    expect(p0?.id).toBe("subj-1");
    expect(parseProtectedValue(p1?.name as string)?.subjectId).toBe("P1#1");
    expect(protectedEvent.data.title).toBe("标题");
    expect(JSON.stringify(protectedEvent)).not.toMatch(
      /李四|110101199001011234|13800001111|lisi@example|东城区|王五/,
    );
    expect(plaintextPersonalData(event)).toHaveLength(6);
    expect(plaintextPersonalData(protectedEvent)).toEqual([]);
    expect(subjectsOf(protectedEvent)).toEqual(["subj-1", "P1#1"]);
    expect(event.data.petitioners[0]).toEqual(person); // the input is not mutated
    // Protecting twice changes nothing more.
    expect(await protectPersonalData(protectedEvent, keys)).toEqual(protectedEvent);
    expect(await revealPersonalData(protectedEvent, keys)).toEqual(event);
  });

  it("returns other events unchanged", async () => {
    const other = { type: "PetitionRouted", data: { toOrg: "x" } };
    expect(await protectPersonalData(other, new MemoryPersonalDataKeys())).toBe(other);
  });

  it("after erasure reads as a marker, and the subject gets no new key", async () => {
    const keys = new MemoryPersonalDataKeys();
    const stored = await protectPersonalData(registered([person, { name: "王五" }]), keys);
    expect(await erasePetitioner(keys, "subj-1")).toEqual({ subjectId: "subj-1", hadKey: true });
    const read = await revealPersonalData(stored, keys);
    const [p0, p1] = read.data.petitioners as Record<string, string>[];
    expect(p0).toEqual({
      id: "subj-1",
      name: "pii:erased:subj-1",
      idNumber: "pii:erased:subj-1",
      phone: "pii:erased:subj-1",
      email: "pii:erased:subj-1",
      address: "pii:erased:subj-1",
    });
    expect(p1?.name).toBe("王五");
    await expect(protectPersonalData(registered([person]), keys)).rejects.toBeInstanceOf(
      PersonalDataKeyError,
    );
  });

  it("redacts protected and plaintext values alike", async () => {
    const keys = new MemoryPersonalDataKeys();
    const stored = await protectPersonalData(registered([person]), keys);
    const redacted = await redactPersonalData(stored);
    expect((redacted.data.petitioners as Record<string, string>[])[0]?.phone).toBe(
      "pii:redacted:subj-1",
    );
    const legacy = await redactPersonalData(registered([{ name: "赵六" }]));
    expect((legacy.data.petitioners as Record<string, string>[])[0]?.name).toBe(
      "pii:redacted:P1%230",
    );
  });
});

describe("erasure keeps the log replayable", () => {
  it("gives the same metrics and an intact chain before and after erasure", async () => {
    // Plaintext first, protected below by hand, to compare the metrics of both.
    const { engine, store, clock } = setup(undefined, { personalData: false });
    for (const id of ["A", "B"]) {
      const c = commandsFor(id);
      await engine.execute({
        ...c.register,
        petitioners: [{ id: `person-${id}`, name: "张三", phone: "13900002222" }],
      });
      await engine.execute(c.route);
      await engine.execute(c.accept);
      clock.set("2024-03-10T09:00:00+08:00");
      await engine.execute(c.reply);
      await engine.execute({ ...c.evaluate, actor: { id: `person-${id}`, role: "petitioner" } });
    }
    const plain: EventEnvelope[] = [];
    for await (const e of store.readAll()) plain.push(e);
    const keys = new MemoryPersonalDataKeys();
    const stored = sealLog(await Promise.all(plain.map((e) => protectPersonalData(e, keys))));
    expect(JSON.stringify(stored)).not.toMatch(/张三|13900002222/);
    const asOf = "2024-06-01T00:00:00+08:00";
    const before = await computeMetrics(plain, { asOf });
    await erasePetitioner(keys, "person-A");
    const read = await Promise.all(stored.map((e) => revealPersonalData(e, keys)));
    expect(JSON.stringify(read)).not.toMatch(/pii:v1/);
    expect(JSON.stringify(read.filter((e) => e.streamId === "petition-A"))).not.toMatch(/张三/);
    expect(JSON.stringify(read.filter((e) => e.streamId === "petition-B"))).toMatch(/张三/);
    expect(await computeMetrics(stored, { asOf })).toEqual(before);
    expect(await computeMetrics(read, { asOf })).toEqual(before);
    const verifier = new ChainVerifier();
    stored.forEach((e, i) => {
      verifier.push(i + 1, JSON.parse(JSON.stringify(e)));
    });
    expect(verifier.finish().breaks).toEqual([]);
  });
});
