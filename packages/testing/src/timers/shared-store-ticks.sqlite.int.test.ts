import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, createPracticeDesk, nationalPolicy } from "@petitio/core";
import { ManualClock } from "@petitio/core/conformance";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, describe, expect, it } from "vitest";

/**
 * One store, two tickers: the petition engine's `tick` claims only petition
 * timer kinds, so a practice deadline's timers survive it and are fired by the
 * practice desk's `tick` (COORDINATION decision 4; docs/policies.md).
 */
const dir = mkdtempSync(join(tmpdir(), "petitio-ticks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("engine.tick and the practice desk's tick on one SQLite file", () => {
  it("practice timers survive engine.tick and fire via the desk; petition timers fire via the engine", async () => {
    const clock = new ManualClock("2026-06-01T09:00:00+08:00");
    const store = openSqliteStore(join(dir, "shared.db"), { clock });
    try {
      const engine = createEngine({ store, clock, policy: nationalPolicy });
      const desk = createPracticeDesk({ store, clock, policy: nationalPolicy });
      await engine.execute({
        type: "register",
        petitionId: "P-1",
        actor: { id: "clerk", role: "intake", org: "bureau" },
        channel: "letter",
        petitioners: [{ name: "王五" }],
        title: "噪音扰民",
        content: "夜间施工噪音严重。",
        category: "claim",
      });
      const issued = await desk.execute({
        type: "issueRecommendation",
        id: "r-1",
        actor: { id: "xfb-1", role: "supervisor", org: "city-petition-office" },
        kind: "improveWork",
        toOrg: "housing-bureau",
        content: "物业投诉办理推诿，建议改进工作。",
      });
      const feedbackDue = issued.events[0]!.data.responseDueAt as string;
      const kinds = async () => (await store.listTimers()).map((t) => t.kind).sort();
      expect(await kinds()).toEqual([
        "practice:reminder",
        "practice:supervision",
        "reminder",
        "supervision",
      ]);

      // Long after every deadline: the engine fires its own timers only.
      const late = "2026-09-01T09:00:00+08:00";
      const byEngine = await engine.tick(late);
      // Routing was due 06-16: levels 1–3 are all past (W22 Art. 40).
      expect(byEngine.supervisions.map((e) => [e.streamId, e.data.level])).toEqual([
        ["petition-P-1", 1],
        ["petition-P-1", 2],
        ["petition-P-1", 3],
      ]);
      expect((await kinds()).filter((k) => k.startsWith("practice:"))).toEqual([
        "practice:reminder",
        "practice:supervision",
      ]);

      const byDesk = await desk.tick(late);
      expect(byDesk.supervisions.map((e) => [e.type, e.data.dueAt])).toEqual([
        ["FollowUpSupervisionIssued", feedbackDue],
      ]);
      // Neither ticker touched the other's stream.
      const petition = await store.readStream("petition-P-1");
      expect(new Set(petition.map((e) => e.type))).toEqual(
        new Set(["PetitionRegistered", "SupervisionIssued"]),
      );
    } finally {
      await store.close();
    }
  }, 60_000);
});
