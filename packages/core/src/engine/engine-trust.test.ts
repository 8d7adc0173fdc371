import { describe, expect, it } from "vitest";
import { NotAuthorizedError } from "../authorization/errors.js";
import { MemoryPersonalDataKeys } from "../privacy/keys.js";
import { erasePetitioner, revealPersonalData, subjectsOf } from "../privacy/personal-data.js";
import { nationalPolicy } from "../time/policy.js";
import { createEngine } from "./engine.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

// Issue 16 wiring: the authorize hook and personal-data protection in createEngine.
describe("createEngine with authorize and personal data", () => {
  it("asks authorize before deciding; a refusal appends nothing", async () => {
    const asked: string[] = [];
    const { store, engine } = setup(undefined, {
      authorize: (actor, command) => {
        asked.push(`${actor.role}:${command.type}`);
        return command.type === "route"
          ? { allowed: false, rule: "test", reason: "routing is closed today" }
          : { allowed: true };
      },
    });
    const c = commandsFor("P-9");
    await engine.execute(c.register);
    await expect(engine.execute(c.route)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(asked).toEqual(["intake:register", "intake:route"]);
    expect(await store.streamVersion("petition-P-9")).toBe(1);
  });

  it("stores petitioners' personal data encrypted, readable with the keys, gone after erasure", async () => {
    const keys = new MemoryPersonalDataKeys();
    const { store, engine } = setup(undefined, { personalData: keys });
    await engine.execute(commandsFor("P-8").register);
    const [registered] = await store.readStream("petition-P-8");
    const stored = (registered!.data.petitioners as { name: string }[])[0]!.name;
    expect(stored.startsWith("pii:v1:")).toBe(true);
    expect(JSON.stringify(registered)).not.toContain("张三");
    const revealed = await revealPersonalData(registered!, keys);
    expect((revealed.data.petitioners as { name: string }[])[0]!.name).toBe("张三");
    // The lifecycle does not depend on the plaintext: the petition moves on.
    const routed = await engine.execute(commandsFor("P-8").route);
    expect(routed.state.status).toBe("routed");
    for (const subject of subjectsOf(registered!)) await erasePetitioner(keys, subject);
    const after = await revealPersonalData(registered!, keys);
    expect((after.data.petitioners as { name: string }[])[0]!.name.startsWith("pii:erased:")).toBe(
      true,
    );
  });
});

// The law's defaults (PIPL Art. 47; W22 Art. 30 ¶3): on unless the app opts out.
describe("createEngine defaults", () => {
  const storedName = async (store: ReturnType<typeof setup>["store"], id: string) => {
    const [registered] = await store.readStream(`petition-${id}`);
    return (registered!.data.petitioners as { name: string }[])[0]!.name;
  };

  it("encrypts personal data under the store's own keys without being asked", async () => {
    const { store, engine } = setup();
    const { register } = commandsFor("P-1");
    const petitioner = { id: "p-1", name: "张三", phone: "13900001111", email: "zs@example.cn" };
    await engine.execute({ ...register, petitioners: [petitioner] });
    const name = await storedName(store, "P-1");
    expect(name.startsWith("pii:v1:")).toBe(true);
    const [registered] = await store.readStream("petition-P-1");
    expect(JSON.stringify(registered)).not.toMatch(/张三|13900001111|zs@example/);
    const revealed = await revealPersonalData(registered!, store);
    expect((revealed.data.petitioners as { name: string }[])[0]!.name).toBe("张三");
  });

  it("stores plaintext only when the app opts out with personalData: false", async () => {
    const { store, engine } = setup(undefined, { personalData: false });
    await engine.execute(commandsFor("P-2").register);
    expect(await storedName(store, "P-2")).toBe("张三");
  });

  it("refuses personalData: true over a store that keeps no keys, naming the option", () => {
    const { store, clock } = setup();
    const keyless = new Proxy(store, {
      get: (target, property) => {
        if (property === "getKey") return undefined;
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    expect(() =>
      createEngine({ store: keyless, clock, policy: nationalPolicy, personalData: true }),
    ).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", field: "personalData" }));
    // Without `true`, such a store is simply not asked for keys.
    const engine = createEngine({ store: keyless, clock, policy: nationalPolicy });
    return expect(engine.execute(commandsFor("P-3").register)).resolves.toMatchObject({
      duplicate: false,
    });
  });

  it("refuses the self-asserted supervisor by default: no 督办 by the petitioner", async () => {
    const { store, engine } = setup();
    const c = commandsFor("P-4");
    await engine.execute(c.register);
    await engine.execute(c.route);
    const impostor = { id: actors.petitioner.id, role: "supervisor", org: "bureau" } as const;
    const refused = await engine
      .execute({ ...c.issueSupervision, actor: impostor })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotAuthorizedError);
    expect(refused).toMatchObject({ rule: "conflict of interest" });
    expect(await store.streamVersion("petition-P-4")).toBe(2);
  });

  it("applies only the lifecycle's rules with authorize: false (the app's own choice)", async () => {
    const { engine } = setup(undefined, { authorize: false });
    const c = commandsFor("P-5");
    await engine.execute(c.register);
    await engine.execute(c.route);
    const impostor = { id: actors.petitioner.id, role: "supervisor", org: "bureau" } as const;
    const { events } = await engine.execute({ ...c.issueSupervision, actor: impostor });
    expect(events[0]!.type).toBe("SupervisionIssued");
  });
});
