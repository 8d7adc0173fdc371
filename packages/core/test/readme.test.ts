import { readFileSync } from "node:fs";
import { ConcurrencyError, MemoryEventStore, type NewEvent, petitionStreamId } from "@petitio/core";
import { expect, it } from "vitest";

/**
 * The usage example of packages/core/README.md lives here, so it type-checks
 * and runs; the test fails when the README and this file drift apart.
 */
it("the README example runs and matches this file", async () => {
  // #region readme
  const clock = { now: () => "2024-03-01T09:05:00+08:00" }; // injected: core never reads the system clock
  const store = new MemoryEventStore({ clock });
  const streamId = petitionStreamId("2024-0001");
  const registered: NewEvent = {
    type: "PetitionRegistered",
    occurredAt: "2024-03-01T09:00:00+08:00",
    actor: { id: "clerk-1", role: "intake", org: "12345-center" },
    data: {
      petitionId: "2024-0001",
      channel: "hotline",
      anonymous: false,
      petitioners: [{ name: "张三" }],
      title: "小区路灯不亮",
      content: "路灯坏了一周，晚上出行不便。",
      category: "claim",
      receivedAt: "2024-03-01T09:00:00+08:00",
      registeredBy: "12345-center",
      routingDueAt: "2024-03-16T23:59:59+08:00",
    },
  };
  const first = await store.append(streamId, [registered], { expectedVersion: "noStream" });
  // A writer still at version 0 is refused: ConcurrencyError, nothing written.
  const stale = await store.append(streamId, [registered], { expectedVersion: 0 }).catch((e) => e);
  if (!(stale instanceof ConcurrencyError)) throw new Error("expected a conflict");
  const log: string[] = [];
  for await (const event of store.readAll()) log.push(`${event.position} ${event.type}`);
  // #endregion readme

  expect(first.events[0]).toMatchObject({
    position: 1,
    version: 1,
    streamId: "petition-2024-0001",
  });
  expect(first.events[0]?.recordedAt).toBe("2024-03-01T09:05:00+08:00");
  expect(stale).toMatchObject({
    code: "CONCURRENCY_CONFLICT",
    expectedVersion: 0,
    actualVersion: 1,
  });
  expect(log).toEqual(["1 PetitionRegistered"]);

  const source = readFileSync(new URL(import.meta.url), "utf8");
  const region = /\/\/ #region readme\n([\s\S]*?)\n\s*\/\/ #endregion readme/.exec(source)?.[1];
  const importLine = source.split("\n").find((l) => l.includes('from "@petitio/core"'));
  const example = `${importLine}\n\n${region?.replace(/^ {2}/gm, "")}`;
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  expect(readme).toContain(`\`\`\`ts\n${example}\n\`\`\``);
});
