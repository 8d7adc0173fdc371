import { describe, expect, it } from "vitest";
import { NotAuthorizedError } from "../authorization/errors.js";
import { IdempotencyConflictError, ValidationError } from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import { checkEvent } from "../lifecycle/check-event.js";
import { ForbiddenRoleError, IllegalCommandError } from "../lifecycle/errors.js";
import { evolve } from "../lifecycle/evolve.js";
import { orgHierarchy } from "../lifecycle/org-hierarchy.js";
import type { Violation } from "../lifecycle/rules.js";
import type { PetitionState } from "../lifecycle/state.js";
import { hotline12345Policy } from "../time/policy.js";
import type { CommandInput } from "./commands.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/** The law at its edges (issue 11): each case refused before, or wrongly accepted. */

type Ctx = ReturnType<typeof setup>;

/** Run a command that must fail; returns the error and checks nothing was appended. */
const refused = async (ctx: Ctx, command: CommandInput): Promise<Error> => {
  const before = await ctx.store.headPosition();
  const error = await ctx.engine.execute(command).then(
    () => new Error(`${command.type} was accepted`),
    (e: unknown) => e as Error,
  );
  expect(await ctx.store.headPosition()).toBe(before);
  return error;
};

const HOUR = 3_600_000;
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** A petition registered, routed (to org-x) and accepted, the clock a day apart. */
const acceptedPetition = async (id = "P-1", options: Parameters<typeof setup>[1] = {}) => {
  const ctx = setup("2024-03-01T09:00:00+08:00", options);
  const c = commandsFor(id);
  await ctx.engine.execute(c.register);
  ctx.clock.set("2024-03-02T09:00:00+08:00");
  await ctx.engine.execute(c.route);
  ctx.clock.set("2024-03-04T09:00:00+08:00");
  await ctx.engine.execute(c.accept);
  ctx.clock.set("2024-04-01T10:00:00+08:00");
  return { ...ctx, c };
};

describe("delivery times (W22 Art. 35–36 count the windows from the delivery)", () => {
  it("refuses a reply delivered before it was issued, naming deliveredAt", async () => {
    const ctx = await acceptedPetition();
    const e = await refused(ctx, { ...ctx.c.reply, deliveredAt: "2024-01-05T10:00:00+08:00" });
    expect(e).toBeInstanceOf(IllegalCommandError);
    const error = e as IllegalCommandError;
    expect([error.rule, error.field]).toEqual(["delivery after the decision", "deliveredAt"]);
    expect(error.message).toContain("deliveredAt");
    expect(error.message).toContain("2024-01-05T10:00:00+08:00");
  });

  it("refuses a delivery in the future beyond the tolerance, and takes one within it", async () => {
    const ctx = await acceptedPetition();
    const at = ctx.clock.now();
    const late = (await refused(ctx, {
      ...ctx.c.reply,
      deliveredAt: shift(at, 2 * HOUR),
    })) as IllegalCommandError;
    expect([late.rule, late.field]).toEqual(["delivery already made", "deliveredAt"]);
    const { events } = await ctx.engine.execute({
      ...ctx.c.reply,
      deliveredAt: shift(at, 60_000),
    });
    expect(events[0]!.data.deliveredAt).toBe(shift(at, 60_000));
  });

  it("holds decideReview and decideReexamination to the same rule", async () => {
    const ctx = await acceptedPetition();
    await ctx.engine.execute(ctx.c.reply);
    ctx.clock.set("2024-04-10T10:00:00+08:00");
    await ctx.engine.execute(ctx.c.requestReview);
    ctx.clock.set("2024-04-20T10:00:00+08:00");
    const review = (await refused(ctx, {
      ...ctx.c.decideReview,
      deliveredAt: "2024-04-01T10:00:00+08:00",
    })) as IllegalCommandError;
    expect(review.field).toBe("deliveredAt");
    await ctx.engine.execute(ctx.c.decideReview);
    ctx.clock.set("2024-04-25T10:00:00+08:00");
    await ctx.engine.execute(ctx.c.requestReexamination);
    ctx.clock.set("2024-05-06T10:00:00+08:00");
    const reexamination = (await refused(ctx, {
      ...ctx.c.decideReexamination,
      deliveredAt: "2024-06-06T10:00:00+08:00",
    })) as IllegalCommandError;
    expect([reexamination.rule, reexamination.field]).toEqual([
      "delivery already made",
      "deliveredAt",
    ]);
  });
});

describe("who may decline (W22 Art. 23)", () => {
  // The lifecycle's own rule, which holds even when the app turns `defaultAuthorize` off.
  const lifecycleOnly = () => setup(undefined, { authorize: false });

  it("after routing, only the org the petition was routed to", async () => {
    const ctx = lifecycleOnly();
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    await ctx.engine.execute(c.route);
    const byIntake = await refused(ctx, { ...c.notAccept, actor: actors.intake });
    expect(byIntake).toBeInstanceOf(ForbiddenRoleError);
    expect(byIntake.message).toContain("org-x");
    expect(await refused(ctx, { ...c.notAccept, actor: actors.otherAgency })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    const { state } = await ctx.engine.execute(c.notAccept);
    expect(state.status).toBe("notAccepted");
  });

  it("before routing, only the office that registered it", async () => {
    const ctx = lifecycleOnly();
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    const otherOffice = { id: "clerk-9", role: "intake", org: "other-bureau" } as const;
    const e = await refused(ctx, { ...c.notAccept, actor: otherOffice });
    expect(e).toBeInstanceOf(ForbiddenRoleError);
    expect(e.message).toContain("bureau");
    const { state } = await ctx.engine.execute({ ...c.notAccept, actor: actors.intake });
    expect(state.status).toBe("notAccepted");
  });
});

describe("representatives (W22 Art. 20 ¶3: visits only)", () => {
  const people = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `信访人${i + 1}` }));

  it("lets a joint letter name any number of representatives", async () => {
    const ctx = setup();
    const { state } = await ctx.engine.execute({
      ...commandsFor("P-1").register,
      channel: "letter",
      petitioners: people(8),
      representatives: 8,
    });
    expect(state.representatives).toBe(8);
  });

  it("caps a visit's representatives at 5", async () => {
    const ctx = setup();
    const e = (await refused(ctx, {
      ...commandsFor("P-1").register,
      petitioners: people(8),
      representatives: 6,
    })) as IllegalCommandError;
    expect([e.rule, e.article, e.field]).toEqual([
      "group visit representatives",
      "W22 Art. 20 ¶3",
      "representatives",
    ]);
  });

  it("refuses a visit of more than 5 petitioners that elected no representatives", async () => {
    const ctx = setup();
    const e = (await refused(ctx, {
      ...commandsFor("P-1").register,
      petitioners: people(6),
    })) as IllegalCommandError;
    expect([e.rule, e.article]).toEqual(["group visit elects representatives", "W22 Art. 20 ¶3"]);
    const { state } = await ctx.engine.execute({
      ...commandsFor("P-1").register,
      petitioners: people(6),
      representatives: 2,
    });
    expect(state.status).toBe("registered");
  });
});

describe("idempotency keys: unique per store", () => {
  it("repeats the same command as a duplicate", async () => {
    const ctx = setup();
    const c = commandsFor("P-1");
    const first = await ctx.engine.execute({ ...c.register, idempotencyKey: "k-1" });
    const again = await ctx.engine.execute({ ...c.register, idempotencyKey: "k-1" });
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
  });

  it("refuses a key reused on another petition, naming the key and both uses", async () => {
    const ctx = setup();
    await ctx.engine.execute({ ...commandsFor("P-1").register, idempotencyKey: "k-1" });
    const e = await refused(ctx, { ...commandsFor("P-2").register, idempotencyKey: "k-1" });
    expect(e).toBeInstanceOf(IdempotencyConflictError);
    const conflict = e as IdempotencyConflictError;
    expect(conflict.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(conflict.key).toBe("k-1");
    expect(conflict.first).toEqual({ streamId: "petition-P-1", command: "register" });
    expect(conflict.again).toEqual({ streamId: "petition-P-2", command: "register" });
    expect(await ctx.engine.load("P-2")).toBeUndefined();
  });

  it("refuses a key reused for another command on the same petition", async () => {
    const ctx = setup();
    const c = commandsFor("P-1");
    await ctx.engine.execute({ ...c.register, idempotencyKey: "k-1" });
    const e = (await refused(ctx, {
      ...c.route,
      idempotencyKey: "k-1",
    })) as IdempotencyConflictError;
    expect(e).toBeInstanceOf(IdempotencyConflictError);
    expect([e.first.command, e.again.command]).toEqual(["register", "route"]);
    expect(e.message).toContain('"k-1"');
  });
});

describe("messages quote the policy's own number and basis", () => {
  it("reports the 12345 preset's one-working-day objection window with its basis and the time asked", async () => {
    const ctx = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    await ctx.engine.execute(c.route);
    ctx.clock.set("2024-03-08T09:00:00+08:00");
    const e = (await refused(ctx, c.objectRouting)) as IllegalCommandError;
    expect(e.article).toBe(hotline12345Policy.limits.objection.basis);
    expect(e.message).toContain("within 1 working day of the routing");
    expect(e.message).not.toContain("5 working days");
    expect(e.message).not.toContain("W22 Art. 23 ¶3");
    expect(e.message).toContain("raised at 2024-03-08T09:00:00+08:00");
  });

  it("names the approval rule when approvedBy is missing", async () => {
    const ctx = await acceptedPetition();
    const { approvedBy: _, ...withoutApproval } = ctx.c.extend;
    for (const command of [withoutApproval, { ...ctx.c.extend, approvedBy: " " }]) {
      const e = (await refused(ctx, command as CommandInput)) as ValidationError;
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.field).toBe("approvedBy");
      expect(e.message).toContain("W22 Art. 34");
    }
  });
});

describe("the same matter again (W22 Art. 19 ¶3, 36 ¶3; BJ Art. 37)", () => {
  /** Register P-2 and link it to P-1 on the same facts and reasons. */
  const linkSame = (ctx: Ctx) =>
    ctx.engine.execute(commandsFor("P-2").register).then(() =>
      ctx.engine.execute({
        ...commandsFor("P-2").linkRepeat,
        previousPetitionId: "P-1",
        sameFactsAndReasons: true,
      }),
    );

  it("does not accept it while the earlier petition is being handled", async () => {
    const ctx = await acceptedPetition();
    const { state, events } = await linkSame(ctx);
    expect(state.status).toBe("notAccepted");
    expect(events.map((e) => e.type)).toEqual(["RepeatPetitionLinked", "PetitionNotAccepted"]);
    expect(events[1]!.data.reason).toContain("W22 Art. 19 ¶3");
  });

  it("does not accept it after the earlier petition's review window lapsed", async () => {
    const ctx = await acceptedPetition();
    const { events: reply } = await ctx.engine.execute(ctx.c.reply);
    ctx.clock.set(shift(reply[0]!.data.reviewRequestDueAt as string, HOUR));
    const { state, events } = await linkSame(ctx);
    expect(state.status).toBe("notAccepted");
    expect(events[1]!.data.reason).toContain("BJ Art. 37(3)");
  });

  it("takes it while the earlier reply may still be reviewed, or with other facts", async () => {
    const ctx = await acceptedPetition();
    await ctx.engine.execute(ctx.c.reply);
    ctx.clock.set("2024-04-05T10:00:00+08:00");
    expect((await linkSame(ctx)).state.status).toBe("registered");
    const other = await acceptedPetition();
    await other.engine.execute(commandsFor("P-3").register);
    const { state } = await other.engine.execute({
      ...commandsFor("P-3").linkRepeat,
      previousPetitionId: "P-1",
      sameFactsAndReasons: false,
    });
    expect(state.status).toBe("registered");
  });
});

describe("review and re-examination one level up (W22 Art. 35–36)", () => {
  const orgs = orgHierarchy({
    "org-x": "org-review",
    "org-y": "org-review",
    "org-review": "org-reexamination",
  });

  const repliedUnder = async (options: Parameters<typeof setup>[1]) => {
    const ctx = await acceptedPetition("P-1", options);
    await ctx.engine.execute(ctx.c.reply);
    ctx.clock.set("2024-04-10T10:00:00+08:00");
    return ctx;
  };

  it("refuses a review asked of the org that replied, or of one not above it", async () => {
    const ctx = await repliedUnder({ orgs });
    const same = (await refused(ctx, {
      ...ctx.c.requestReview,
      toOrg: "org-x",
    })) as IllegalCommandError;
    expect([same.rule, same.article, same.field]).toEqual([
      "review one level up",
      "W22 Art. 35",
      "toOrg",
    ]);
    const sibling = (await refused(ctx, {
      ...ctx.c.requestReview,
      toOrg: "org-y",
    })) as IllegalCommandError;
    expect(sibling.message).toContain("org-y is not above org-x");
    await ctx.engine.execute(ctx.c.requestReview);
    ctx.clock.set("2024-04-20T10:00:00+08:00");
    await ctx.engine.execute(ctx.c.decideReview);
    ctx.clock.set("2024-04-25T10:00:00+08:00");
    const down = (await refused(ctx, {
      ...ctx.c.requestReexamination,
      toOrg: "org-x",
    })) as IllegalCommandError;
    expect(down.rule).toBe("re-examination one level up");
    const { state } = await ctx.engine.execute(ctx.c.requestReexamination);
    expect(state.status).toBe("underReexamination");
  });

  it("without a hierarchy takes any org, as before", async () => {
    const ctx = await repliedUnder({});
    const { state } = await ctx.engine.execute({ ...ctx.c.requestReview, toOrg: "org-y" });
    expect(state.reviewOrg).toBe("org-y");
  });

  it("refuses a hierarchy with a cycle, naming the org", () => {
    expect(() => orgHierarchy({ a: "b", b: "a" })).toThrow(ValidationError);
    expect(() => orgHierarchy({ a: "" })).toThrow(/a: must name the org one level above/);
  });
});

describe("an objection takes effect when the routing office verifies it (W22 Art. 23 ¶3)", () => {
  const objected = async () => {
    const ctx = setup("2024-03-04T09:00:00+08:00");
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    await ctx.engine.execute(c.route);
    ctx.clock.set("2024-03-05T09:00:00+08:00");
    const { state } = await ctx.engine.execute(c.objectRouting);
    return { ...ctx, c, state };
  };

  it("leaves the acceptance duty with the routed org until then", async () => {
    const ctx = await objected();
    expect(ctx.state).toMatchObject({ status: "routed", org: "org-x", stage: "acceptance" });
    expect(ctx.state.objection).toMatchObject({ byOrg: "org-x" });
    // The acceptance deadline still runs: its timers stay set, and the org may still accept.
    const timers = await ctx.store.listTimers("petition-P-1");
    expect(timers.some((t) => t.id.includes(":acceptance:"))).toBe(true);
    expect(timers.some((t) => t.id.includes(":routing:"))).toBe(false);
    expect(await refused(ctx, ctx.c.objectRouting)).toBeInstanceOf(IllegalCommandError);
    const { state } = await ctx.engine.execute(ctx.c.accept);
    expect(state.status).toBe("accepted");
  });

  it("is verified only by the routing office; then routing starts again", async () => {
    const ctx = await objected();
    const bySelf = (await refused(ctx, {
      ...ctx.c.confirmObjection,
      actor: actors.agency,
    })) as IllegalCommandError;
    expect([bySelf.rule, bySelf.article]).toEqual([
      "objection verified by the routing office",
      "W22 Art. 23 ¶3",
    ]);
    ctx.clock.set("2024-03-06T09:00:00+08:00");
    const { state, events } = await ctx.engine.execute(ctx.c.confirmObjection);
    expect(state.status).toBe("objected");
    expect(state.org).toBeUndefined();
    expect(events[0]).toMatchObject({ type: "RoutingObjected", data: { byOrg: "org-x" } });
    expect(state.routingDueAt).toBe(events[0]!.data.routingDueAt);
    const rerouted = await ctx.engine.execute({ ...ctx.c.route, toOrg: "org-y" });
    expect(rerouted.state).toMatchObject({ status: "routed", org: "org-y" });
  });

  it("is settled by routing the petition elsewhere, and nothing to verify is refused", async () => {
    const ctx = await objected();
    const { state } = await ctx.engine.execute({ ...ctx.c.route, toOrg: "org-y" });
    expect(state).toMatchObject({ status: "routed", org: "org-y" });
    expect(state.objection).toBeUndefined();
    const nothing = (await refused(ctx, ctx.c.confirmObjection)) as IllegalCommandError;
    expect(nothing.rule).toBe("objection to verify");
    expect(
      (await refused(ctx, { ...ctx.c.route, toOrg: "org-z" })) as IllegalCommandError,
    ).toMatchObject({
      rule: "routing again after an objection",
    });
  });
});

describe("an objection the routing office refuses ends, the acceptance duty runs on (W22 Art. 23 ¶3)", () => {
  const objected = async (options: Parameters<typeof setup>[1] = {}) => {
    const ctx = setup("2024-03-04T09:00:00+08:00", options);
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    const routed = await ctx.engine.execute(c.route);
    ctx.clock.set("2024-03-05T09:00:00+08:00");
    await ctx.engine.execute(c.objectRouting);
    return { ...ctx, c, routed: routed.state };
  };

  it("records RoutingObjectionRejected with the objecting org and the office's reason", async () => {
    const ctx = await objected();
    ctx.clock.set("2024-03-06T09:00:00+08:00");
    const { state, events } = await ctx.engine.execute(ctx.c.rejectObjection);
    expect(events.map((e) => e.type)).toEqual(["RoutingObjectionRejected"]);
    expect(events[0]!.data).toEqual({ byOrg: "org-x", reason: ctx.c.rejectObjection.reason });
    // Still with org-x, in its acceptance period, due as routed; nothing awaits verification.
    expect(state).toMatchObject({ status: "routed", org: "org-x", stage: "acceptance" });
    expect(state.objection).toBeUndefined();
    expect(state.acceptanceDueAt).toBe(ctx.routed.acceptanceDueAt);
    const timers = await ctx.store.listTimers("petition-P-1");
    expect(timers.some((t) => t.id.includes(":acceptance:"))).toBe(true);
    // Nothing is left to confirm, or to route again on; the org accepts or declines.
    const confirm = (await refused(ctx, ctx.c.confirmObjection)) as IllegalCommandError;
    expect([confirm.rule, confirm.article]).toEqual(["objection to verify", "W22 Art. 23 ¶3"]);
    expect(confirm.allowed).not.toContain("rejectObjection");
    expect(confirm.allowed).toContain("accept");
    const reroute = (await refused(ctx, { ...ctx.c.route, toOrg: "org-y" })) as IllegalCommandError;
    expect(reroute.rule).toBe("routing again after an objection");
    expect((await ctx.engine.execute(ctx.c.accept)).state.status).toBe("accepted");
  });

  it("is refused only by the routing office, and only while an objection awaits it", async () => {
    // The engine's default authorization refuses another office first; the lifecycle's own checks, without it.
    expect(
      await refused(await objected(), {
        ...commandsFor("P-1").rejectObjection,
        actor: actors.agency,
      }),
    ).toBeInstanceOf(NotAuthorizedError);
    const ctx = await objected({ authorize: false });
    const bySelf = await refused(ctx, { ...ctx.c.rejectObjection, actor: actors.agency });
    expect(bySelf).toBeInstanceOf(ForbiddenRoleError);
    const otherOffice = (await refused(ctx, {
      ...ctx.c.rejectObjection,
      actor: { id: "clerk-9", role: "intake", org: "another-office" },
    })) as IllegalCommandError;
    expect([otherOffice.rule, otherOffice.article]).toEqual([
      "objection verified by the routing office",
      "W22 Art. 23 ¶3",
    ]);
    expect(await refused(ctx, { ...ctx.c.rejectObjection, reason: " " })).toBeInstanceOf(
      ValidationError,
    );
    await ctx.engine.execute(ctx.c.rejectObjection);
    const again = (await refused(ctx, ctx.c.rejectObjection)) as IllegalCommandError;
    expect(again.rule).toBe("objection to verify");
  });

  it("is judged in a stored log as the engine judges it (checkEvent)", async () => {
    const ctx = await objected();
    await ctx.engine.execute(ctx.c.rejectObjection);
    const events = await ctx.store.readStream("petition-P-1");
    expect(foldChecked(events)).toEqual([]);
    // The same event with no objection before it, or by another office, is a defect.
    const rejection = events.at(-1)!;
    const withoutObjection = events.filter((e) => e.type !== "RoutingObjectionRaised");
    expect(foldChecked(withoutObjection).map((v) => v.rule)).toEqual(["objection to verify"]);
    const byOther = [
      ...events.slice(0, -1),
      { ...rejection, actor: { id: "clerk-9", role: "intake" as const, org: "another-office" } },
    ];
    expect(foldChecked(byOther).map((v) => v.rule)).toEqual([
      "objection verified by the routing office",
    ]);
  });
});

/** Every violation `checkEvent` finds folding `events` in order. */
const foldChecked = (events: readonly EventEnvelope[]): Violation[] => {
  let state: PetitionState | undefined;
  const found: Violation[] = [];
  for (const event of events) {
    found.push(...checkEvent(state, event));
    state = evolve(state, event);
  }
  return found;
};
