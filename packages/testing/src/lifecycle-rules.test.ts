import {
  type Actor,
  type CommandInput,
  ForbiddenRoleError,
  IllegalCommandError,
  zhejiangPolicy,
} from "@petitio/core";
import { describe, expect, it } from "vitest";
import { givenCommands } from "./given-when-then.js";

/**
 * The legal rules of the lifecycle, one case each, written with the kit's
 * given / when / then: the project's own lifecycle cases as a tester writes them.
 */

const intake: Actor = { id: "clerk-1", role: "intake", org: "bureau" };
const agency: Actor = { id: "officer-a", role: "agency", org: "org-a" };
const reviewer: Actor = { id: "reviewer", role: "agency", org: "org-review" };
const petitioner: Actor = { id: "p-1", role: "petitioner" };
const id = "R1";

const at = (date: string, time = "10:00:00") => `${date}T${time}+08:00`;
const register = (over: Record<string, unknown> = {}): CommandInput =>
  ({
    type: "register",
    petitionId: id,
    actor: intake,
    at: at("2025-06-02"),
    channel: "visit",
    petitioners: [{ id: petitioner.id, name: "刘洋" }],
    title: "工资被拖欠",
    content: "公司已经三个月没有发工资。",
    category: "claim",
    ...over,
  }) as CommandInput;
const route: CommandInput = {
  type: "route",
  petitionId: id,
  actor: intake,
  at: at("2025-06-03"),
  toOrg: "org-a",
};
const accept: CommandInput = {
  type: "accept",
  petitionId: id,
  actor: agency,
  at: at("2025-06-04"),
};
const reply = (date: string, over: Record<string, unknown> = {}): CommandInput =>
  ({
    type: "reply",
    petitionId: id,
    actor: agency,
    at: at(date),
    outcome: "supported",
    summary: "责令公司限期支付工资。",
    legalBasis: ["信访工作条例第三十二条"],
    ...over,
  }) as CommandInput;
const extend = (days: number, date = "2025-06-20"): CommandInput => ({
  type: "extend",
  petitionId: id,
  actor: agency,
  at: at(date),
  days,
  reason: "需要调查取证",
  approvedBy: "head-a",
});
const requestReview = (date: string): CommandInput => ({
  type: "requestReview",
  petitionId: id,
  actor: petitioner,
  at: at(date),
  toOrg: "org-review",
  reason: "不服处理意见",
});
const national = {};

describe("W22, rule by rule, as given / when / then", () => {
  it("Art. 20: at most five representatives", () => {
    givenCommands(national)
      .when(register({ representatives: 6 }))
      .then({ error: IllegalCommandError, message: "W22 Art. 20" });
    givenCommands(national)
      .when(register({ representatives: 5 }))
      .then([{ type: "PetitionRegistered" }]);
  });

  it("Art. 22–23: routing starts the acceptance period; only the routed org accepts", () => {
    givenCommands(national, register())
      .when(route)
      // 15 days from 06-03 end on 06-18
      .then([{ type: "PetitionRouted", data: { acceptanceDueAt: at("2025-06-18", "23:59:59") } }]);
    givenCommands(national, register(), route)
      .when({ ...accept, actor: { id: "officer-b", role: "agency", org: "org-b" } })
      .then(ForbiddenRoleError);
  });

  it("Art. 34: one extension of at most 30 days, before the period ends", () => {
    const past = givenCommands(national, register(), route, accept);
    // 60 days from 06-04 end on 08-03, a Sunday (due Monday 08-04); extended, the
    // period runs 90 days from 06-04 to Tue 09-02 (docs/policies.md: not 08-04 + 30).
    past
      .when(extend(30))
      .then([{ type: "HandlingExtended", data: { handlingDueAt: at("2025-09-02", "23:59:59") } }]);
    past.when(extend(31)).then({ error: IllegalCommandError, message: "W22 Art. 34" });
    past
      .when(extend(10, "2025-08-05"))
      .then({ error: IllegalCommandError, message: "already ended" });
    givenCommands(national, register(), route, accept, extend(10))
      .when(extend(5))
      .then({ error: IllegalCommandError, message: "already extended" });
  });

  it("Art. 32: a reply cites its legal basis", () => {
    givenCommands(national, register(), route, accept)
      .when(reply("2025-07-01", { legalBasis: [] }))
      .then({ error: IllegalCommandError, message: "W22 Art. 32" });
  });

  it("Art. 33: mediation is for claims", () => {
    givenCommands(national, register({ category: "suggestion" }), route, accept)
      .when({
        type: "recordMediation",
        petitionId: id,
        actor: agency,
        at: at("2025-06-10"),
        outcome: "agreement",
      })
      .then({ error: IllegalCommandError, message: "W22 Art. 33" });
  });

  it("Art. 35: a review is requested within 30 days of the reply, by the petitioner", () => {
    const replied = givenCommands(national, register(), route, accept, reply("2025-07-01"));
    replied.when(requestReview("2025-07-31")).then([{ type: "ReviewRequested" }]);
    replied
      .when(requestReview("2025-08-01"))
      .then({ error: IllegalCommandError, state: "replied", message: "W22 Art. 35" });
    replied
      .when({ ...requestReview("2025-07-10"), actor: { id: "p-2", role: "petitioner" } })
      .then(ForbiddenRoleError);
  });

  it("Art. 36 ¶3: a re-examination decision ends the procedure", () => {
    const final = givenCommands(
      national,
      register(),
      route,
      accept,
      reply("2025-07-01"),
      requestReview("2025-07-10"),
      {
        type: "decideReview",
        petitionId: id,
        actor: reviewer,
        at: at("2025-07-20"),
        outcome: "upheld",
        summary: "维持",
      },
      {
        type: "requestReexamination",
        petitionId: id,
        actor: petitioner,
        at: at("2025-07-25"),
        toOrg: "org-reexam",
        reason: "不服复查意见",
      },
      {
        type: "decideReexamination",
        petitionId: id,
        actor: { id: "rx", role: "agency", org: "org-reexam" },
        at: at("2025-08-10"),
        outcome: "upheld",
        summary: "维持复查意见",
      },
    );
    expect(final.state?.status).toBe("final");
    final.when(requestReview("2025-08-11")).then({ error: IllegalCommandError, state: "final" });
  });

  it("a provincial policy changes the numbers, not the rules (Zhejiang: 30 days to handle)", () => {
    givenCommands({ policy: zhejiangPolicy }, register(), route)
      .when(accept)
      // 30 days from 06-04 end on 07-04, a Friday
      .then([{ type: "PetitionAccepted", data: { handlingDueAt: at("2025-07-04", "23:59:59") } }]);
  });

  it("givenCommands refuses a past that the law would not allow", () => {
    expect(() => givenCommands(national, register(), accept)).toThrow(/accept #2 was refused/);
  });
});
