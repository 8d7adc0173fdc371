import { describe, expect, it } from "vitest";
import { NotAuthorizedError } from "../authorization/errors.js";
import { MemoryPersonalDataKeys } from "../privacy/keys.js";
import { erasePetitioner, revealPersonalData, subjectsOf } from "../privacy/personal-data.js";
import { commandsFor, setup } from "./test-kit.testkit.js";

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
