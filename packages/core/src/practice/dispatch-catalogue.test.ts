import { describe, expect, it } from "vitest";
import type { CommandInput } from "../engine/commands.js";
import { actors, commandsFor, setup } from "../engine/test-kit.testkit.js";
import { ValidationError } from "../errors.js";
import { hotline12345Policy } from "../time/policy.js";
import { dispatchCatalogue, dispatchTicket } from "./dispatch-catalogue.js";

const catalogue = dispatchCatalogue({
  entries: [
    { category: "claim", org: "city-complaints" },
    { topic: "供暖", org: "heating-co" },
    { topic: "供暖", region: "东城区", org: "jiaodaokou-street", township: true },
    { topic: "噪音", org: "env-bureau" },
  ],
  districtGovernments: { 东城区: "dongcheng-gov", 西城区: "xicheng-gov" },
});

describe("the 12345 dispatch catalogue (BJ-H Art. 12 ¶1)", () => {
  it("sends a ticket with a clear handling org straight to it, the most specific entry first", () => {
    expect(dispatchTicket(catalogue, { category: "claim", topic: "供暖" })).toEqual({
      toOrg: "heating-co",
      basis: "BJ-H Art. 12 ¶1(1)",
      reason: "catalogue: topic 供暖 → heating-co",
    });
    // A topic entry beats a category entry; a category entry catches the rest.
    expect(dispatchTicket(catalogue, { category: "claim", topic: "物业" })?.toOrg).toBe(
      "city-complaints",
    );
  });

  it("a street office's ticket goes to its district government too", () => {
    const d = dispatchTicket(catalogue, {
      category: "claim",
      topic: "供暖",
      location: { region: "东城区" },
    });
    expect(d).toMatchObject({ toOrg: "jiaodaokou-street", alsoTo: "dongcheng-gov" });
    expect(d?.basis).toBe("BJ-H Art. 12 ¶1(1)");
  });

  it("with no handling org but a known district, the district government coordinates", () => {
    const d = dispatchTicket(catalogue, {
      category: "suggestion",
      topic: "公园",
      location: { region: "西城区" },
    });
    expect(d).toEqual({
      toOrg: "xicheng-gov",
      basis: "BJ-H Art. 12 ¶1(2)",
      reason: "no handling org in the catalogue; district 西城区 coordinates",
    });
    // Neither rule applies: the office decides (it may confer first, Art. 12 ¶2).
    expect(dispatchTicket(catalogue, { category: "suggestion", topic: "公园" })).toBeUndefined();
  });

  it("refuses a bad catalogue naming the field", () => {
    const noKey = () => dispatchCatalogue({ entries: [{ org: "x" }] });
    expect(noKey).toThrow(ValidationError);
    expect(noKey).toThrow(/entries\.0.*topic or a category/);
    const street = () =>
      dispatchCatalogue({
        entries: [{ topic: "供暖", org: "some-street", township: true, region: "朝阳区" }],
        districtGovernments: {},
      });
    expect(street).toThrow(/entries\.0\.region/);
  });

  it("a disputed dispatch is reviewed by the office that made it, then dispatched on (Art. 12 ¶3)", async () => {
    const { engine } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const c = commandsFor("H-1");
    const register = {
      ...c.register,
      channel: "hotline",
      requestType: "complaint",
      location: { region: "东城区" },
    } as CommandInput;
    await engine.execute(register);
    const first = dispatchTicket(catalogue, {
      category: "claim",
      topic: "供暖",
      location: { region: "东城区" },
    });
    await engine.execute({ ...c.route, toOrg: first!.toOrg });
    const street = { id: "officer-s", role: "agency", org: "jiaodaokou-street" } as const;
    await engine.execute({ ...c.objectRouting, actor: street });
    // Until the office confirms, the street office keeps the ticket (W22 Art. 23 ¶3).
    expect((await engine.load("H-1"))?.org).toBe("jiaodaokou-street");
    await engine.execute({ ...c.confirmObjection, actor: actors.intake });
    const next = dispatchTicket(
      { ...catalogue, entries: catalogue.entries.filter((e) => e.org !== first!.toOrg) },
      { category: "claim", topic: "供暖", location: { region: "东城区" } },
    );
    const { state } = await engine.execute({ ...c.route, toOrg: next!.toOrg });
    expect([state.status, state.org]).toEqual(["routed", "heating-co"]);
  });
});
