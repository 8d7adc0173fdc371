import { describe, expect, it } from "vitest";
import { petitionFactsProjection } from "../projections/petition-facts.js";
import { hotline12345Policy } from "../time/policy.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

describe("configurations of the same chart", () => {
  it("12345: dispatch (assign) → handle → reply with a call-back due → evaluate → resolved", async () => {
    const { engine, clock } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const c = commandsFor("H-1");
    await engine.execute({ ...c.register, channel: "hotline" });
    const routed = await engine.execute({ ...c.route, mode: "assign" });
    expect(routed.events[0]!.data.reportBackDueAt).toEqual(expect.any(String));
    await engine.execute(c.accept);
    clock.set("2024-03-06T09:00:00+08:00");
    const reply = await engine.execute(c.reply);
    expect(reply.events[0]!.data.callBackDueAt).toEqual(expect.any(String));
    await engine.execute(c.evaluate);
    const done = await engine.execute({ ...c.conclude, actor: actors.intake });
    expect(done.state.status).toBe("concluded");
  });

  it("keeps inline projections current in the same append", async () => {
    const { engine, store } = setup("2024-03-01T09:00:00+08:00", {
      projections: [petitionFactsProjection],
    });
    const c = commandsFor("P-1");
    await engine.execute(c.register);
    await engine.execute(c.route);
    const snapshot = await store.loadProjection(petitionFactsProjection.name);
    expect(snapshot?.position).toBe(await store.headPosition());
    expect(snapshot?.position).toBe(2);
  });
});
