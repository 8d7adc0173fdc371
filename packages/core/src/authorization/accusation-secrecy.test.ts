import { describe, expect, it } from "vitest";
import type { CommandInput } from "../engine/commands.js";
import { actors, commandsFor, setup } from "../engine/test-kit.testkit.js";
import type { OutboxRow } from "../store/event-store.js";
import {
  accusationLeaks,
  accusationSecretsOf,
  assertNoAccusationLeak,
} from "./accusation-secrecy.js";
import { AccusationLeakError } from "./errors.js";

const registration = {
  petitionId: "A",
  category: "accusation",
  title: "举报某局负责人收受贿赂",
  content: "本人实名举报：该负责人多次收受工程款回扣。",
  petitioners: [{ id: "accuser-7", name: "钱七", phone: "13700007777" }],
};

describe("accusation secrecy of outbox payloads", () => {
  const secrets = accusationSecretsOf(registration);
  it("has secrets only for accusations", () => {
    expect(accusationSecretsOf({ ...registration, category: "claim" })).toBeUndefined();
    expect(secrets?.texts).toEqual([registration.title, registration.content, "13700007777"]);
    expect(secrets?.exact).toEqual(expect.arrayContaining(["accuser-7", "钱七"]));
  });

  it("finds content, identity and secret keys wherever they are nested", () => {
    const payload = {
      kind: "reminder",
      petitionId: "A",
      data: { stage: "handling", note: `转来：${registration.content}` },
      recipient: { role: "agency", org: "org-x", cc: ["accuser-7"] },
      extra: { petitioners: [] },
    };
    expect(accusationLeaks(payload, secrets as NonNullable<typeof secrets>)).toEqual([
      "payload.data.note",
      "payload.recipient.cc.0",
      "payload.extra.petitioners",
    ]);
    expect(() =>
      assertNoAccusationLeak([{ key: "k", channel: "console", payload }], secrets),
    ).toThrow(AccusationLeakError);
  });

  it("the engine's outbox rows for a whole accusation carry none of it", async () => {
    const { engine, store, clock } = setup();
    const c = commandsFor("A");
    await engine.execute({
      ...c.register,
      category: "accusation",
      title: registration.title,
      content: registration.content,
      petitioners: [{ id: actors.petitioner.id, name: "钱七", phone: "13700007777" }],
    } as CommandInput);
    await engine.execute(c.route);
    await engine.execute(c.accept);
    clock.set("2024-06-01T09:00:00+08:00");
    await engine.tick("2024-06-01T09:00:00+08:00"); // 催办 / 督办 to the handling org
    await engine.execute(c.reply);
    const rows: OutboxRow[] = await store.claimOutbox({
      now: "2030-01-01T00:00:00+08:00",
      limit: 100,
      leaseMs: 1000,
    });
    expect(rows.length).toBeGreaterThan(2);
    const stored = accusationSecretsOf({
      ...registration,
      petitioners: [{ id: actors.petitioner.id, name: "钱七", phone: "13700007777" }],
    });
    expect(() => assertNoAccusationLeak(rows, stored)).not.toThrow();
  });
});
