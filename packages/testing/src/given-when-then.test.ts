import { AssertionError } from "node:assert";
import {
  type Actor,
  type CommandInput,
  ForbiddenRoleError,
  IllegalCommandError,
  ValidationError,
  zhejiangPolicy,
} from "@petitio/core";
import { describe, expect, it } from "vitest";
import { type ExpectedEvent, givenEvents, givenEventsWith } from "./given-when-then.js";
import { InvariantViolationError } from "./invariants/violation.js";

const intake: Actor = { id: "clerk-1", role: "intake", org: "bureau" };
const agency: Actor = { id: "officer-x", role: "agency", org: "org-x" };
const petitioner: Actor = { id: "p-1", role: "petitioner" };

const registered: ExpectedEvent = {
  type: "PetitionRegistered",
  occurredAt: "2025-09-01T09:00:00+08:00",
  actor: intake,
  data: {
    petitionId: "P1",
    channel: "visit",
    anonymous: false,
    petitioners: [{ id: "p-1", name: "张三" }],
    title: "小区供暖不达标",
    content: "室温长期低于十六度。",
    category: "claim",
    receivedAt: "2025-09-01T09:00:00+08:00",
    registeredBy: "bureau",
    routingDueAt: "2025-09-16T23:59:59+08:00",
  },
};
const routed: ExpectedEvent = {
  type: "PetitionRouted",
  occurredAt: "2025-09-02T09:00:00+08:00",
  actor: intake,
  data: { toOrg: "org-x", mode: "transfer", acceptanceDueAt: "2025-09-17T23:59:59+08:00" },
};
const accept: CommandInput = {
  type: "accept",
  petitionId: "P1",
  actor: agency,
  at: "2025-09-05T10:00:00+08:00",
};

describe("givenEvents … when … then", () => {
  it("passes when the decider records the expected events, and returns them", () => {
    const events = givenEvents(registered, routed)
      .when(accept)
      // 60 days from 09-05 end on 11-04 (W22 Art. 34)
      .then([
        {
          type: "PetitionAccepted",
          data: { org: "org-x", handlingDueAt: "2025-11-04T23:59:59+08:00" },
        },
      ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toEqual(agency);
  });

  it("uses the deployment's policy (Zhejiang: 30 days to handle, ZJ Art. 23)", () => {
    // The given events carry national due times, so the invariant check is off here.
    givenEventsWith({ policy: zhejiangPolicy, checkInvariants: false }, registered, routed)
      .when(accept)
      // 30 days from 09-05 end on 10-05, inside the National Day break: moved to 10-09
      .then([{ type: "PetitionAccepted", data: { handlingDueAt: "2025-10-09T23:59:59+08:00" } }]);
  });

  it("fails, naming the field, when the data differs", () => {
    const run = () =>
      givenEvents(registered, routed)
        .when(accept)
        .then([{ type: "PetitionAccepted", data: { handlingDueAt: "2025-11-03T23:59:59+08:00" } }]);
    expect(run).toThrow(AssertionError);
    expect(run).toThrow(
      /PetitionAccepted\.data\.handlingDueAt: expected "2025-11-03T23:59:59\+08:00"/,
    );
  });

  it("fails when events were expected but the command was refused", () => {
    const run = () =>
      givenEvents(registered)
        .when(accept)
        .then([{ type: "PetitionAccepted" }]);
    expect(run).toThrow(/expected \[PetitionAccepted\], but accept was refused/);
  });

  it("checks a refusal by class and by fields", () => {
    const error = givenEvents(registered)
      .when(accept)
      .then({ error: IllegalCommandError, state: "registered", message: /allowed now: .*route/ });
    expect(error).toBeInstanceOf(IllegalCommandError);
    givenEvents(registered, routed)
      .when({ ...accept, actor: petitioner })
      .then(ForbiddenRoleError);
    givenEvents(registered, routed)
      .when({ ...accept, actor: { id: "" } } as never)
      .then(ValidationError);
  });

  it("fails when a refusal was expected but events were recorded, or the class differs", () => {
    expect(() => givenEvents(registered, routed).when(accept).then(IllegalCommandError)).toThrow(
      /expected accept to be refused, but it recorded \[PetitionAccepted\]/,
    );
    expect(() => givenEvents(registered).when(accept).then(ForbiddenRoleError)).toThrow(
      /expected a ForbiddenRoleError, got a IllegalCommandError/,
    );
  });

  it("checks the log invariants on the result: a given log with a wrong due time is caught", () => {
    const wrongDue = {
      ...routed,
      data: { ...routed.data, acceptanceDueAt: "2025-09-30T23:59:59+08:00" },
    };
    const run = () =>
      givenEvents(registered, wrongDue)
        .when(accept)
        .then([{ type: "PetitionAccepted" }]);
    expect(run).toThrow(InvariantViolationError);
    expect(run).toThrow(/dueTimesMatchPolicy/);
    // …unless the case turns the check off
    givenEvents(registered, wrongDue)
      .when(accept, { checkInvariants: false })
      .then([{ type: "PetitionAccepted" }]);
  });

  it("refuses to be awaited like a promise", async () => {
    const when = givenEvents(registered, routed).when(accept);
    const thenable = when as unknown as PromiseLike<unknown>;
    await expect(async () => await thenable).rejects.toThrow(/do not await it/);
  });

  it("folds the given events into the state the decider sees", () => {
    expect(givenEvents(registered, routed).state).toMatchObject({ status: "routed", org: "org-x" });
    expect(givenEvents().state).toBeUndefined();
  });
});
