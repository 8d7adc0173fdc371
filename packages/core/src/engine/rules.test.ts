import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { ForbiddenRoleError, IllegalCommandError } from "../lifecycle/errors.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/** Run a command that must fail; returns the error and checks nothing was appended. */
const refused = async (
  ctx: ReturnType<typeof setup>,
  command: Parameters<ReturnType<typeof setup>["engine"]["execute"]>[0],
) => {
  const before = await ctx.store.headPosition();
  const error = await ctx.engine.execute(command).then(
    () => {
      throw new Error(`${command.type} was accepted`);
    },
    (e: unknown) => e,
  );
  expect(await ctx.store.headPosition()).toBe(before);
  return error as Error;
};

/**
 * These tests judge the lifecycle's own rules, so the engine runs without the
 * default authorize (which would refuse first, engine-trust.test.ts).
 */
const lifecycleOnly = { authorize: false } as const;

/** A petition taken through registration, routing and acceptance. */
const accepted = async (id = "P-1") => {
  const ctx = setup("2024-03-01T09:00:00+08:00", lifecycleOnly);
  const c = commandsFor(id);
  await ctx.engine.execute(c.register);
  ctx.clock.set("2024-03-02T09:00:00+08:00");
  await ctx.engine.execute(c.route);
  ctx.clock.set("2024-03-04T09:00:00+08:00");
  await ctx.engine.execute(c.accept);
  return { ...ctx, c };
};

const replied = async (id = "P-1") => {
  const ctx = await accepted(id);
  ctx.clock.set("2024-04-01T10:00:00+08:00");
  const { events } = await ctx.engine.execute(ctx.c.reply);
  return { ...ctx, reply: events[0]! };
};

describe("legal rules, each with its article", () => {
  it("W22 Art. 35: a review requested 31 days after the reply is refused, naming the rule and what is allowed", async () => {
    const ctx = await replied();
    expect(ctx.reply.data.reviewRequestDueAt).toBe("2024-05-06T23:59:59+08:00"); // 30 d → 05-01, May Day holidays roll over
    ctx.clock.set("2024-05-07T00:00:00+08:00");
    const error = await refused(ctx, ctx.c.requestReview);
    expect(error).toBeInstanceOf(IllegalCommandError);
    const e = error as IllegalCommandError;
    expect(e.state).toBe("replied");
    expect(e.rule).toBe("review request window");
    expect(e.article).toBe("W22 Art. 35");
    // The window has closed: the error no longer offers a review request.
    // Nor 催办 / 督办: a transferred petition owes no duty beside the window (no report-back, no call-back limit).
    expect(e.allowed).toEqual([
      "evaluate",
      "conclude",
      "withdraw",
      "callBack",
      "issueRecommendation",
    ]);
    ctx.clock.set("2024-05-06T23:59:59+08:00");
    const c2 = await replied("P-2");
    c2.clock.set("2024-05-06T23:59:59+08:00");
    const { events } = await c2.engine.execute(c2.c.requestReview);
    expect(events[0]!.data.reviewDueAt).toBe("2024-06-05T23:59:59+08:00");
  });

  it("W22 Art. 36: a re-examination requested after its 30-day window is refused", async () => {
    const ctx = await replied();
    ctx.clock.set("2024-04-10T10:00:00+08:00");
    await ctx.engine.execute(ctx.c.requestReview);
    ctx.clock.set("2024-04-20T10:00:00+08:00");
    const { events } = await ctx.engine.execute(ctx.c.decideReview);
    const due = events[0]!.data.reexaminationRequestDueAt as string;
    ctx.clock.set(new Date(Date.parse(due) + 1000).toISOString());
    const e = (await refused(ctx, ctx.c.requestReexamination)) as IllegalCommandError;
    expect([e.rule, e.article, e.state]).toEqual([
      "re-examination request window",
      "W22 Art. 36 ¶1", // the policy's own basis for the period
      "reviewed",
    ]);
  });

  it("W22 Art. 34: the handling period is extended once, by at most 30 days, with approval, before it ends", async () => {
    const ctx = await accepted();
    ctx.clock.set("2024-03-10T09:00:00+08:00");
    const tooLong = (await refused(ctx, { ...ctx.c.extend, days: 31 })) as IllegalCommandError;
    expect([tooLong.rule, tooLong.article]).toEqual(["extension length", "W22 Art. 34"]);
    expect(await refused(ctx, { ...ctx.c.extend, approvedBy: "" })).toBeInstanceOf(ValidationError);
    const before = (await ctx.engine.load("P-1"))!.handlingDueAt;
    expect(before).toBe("2024-05-06T23:59:59+08:00");
    const { events } = await ctx.engine.execute({ ...ctx.c.extend, days: 10 });
    // The period itself is longer: 60 + 10 days after 03-04 end Mon 05-13 (not the rolled 05-06 + 10).
    expect(events[0]!.data.handlingDueAt).toBe("2024-05-13T23:59:59+08:00");
    const twice = (await refused(ctx, { ...ctx.c.extend, days: 5 })) as IllegalCommandError;
    expect([twice.rule, twice.article]).toEqual(["one extension", "W22 Art. 34"]);
    expect(twice.allowed).not.toContain("extend");

    const late = await accepted("P-2");
    late.clock.set("2024-05-07T00:00:00+08:00");
    const e = (await refused(late, late.c.extend)) as IllegalCommandError;
    expect(e.rule).toBe("extension within the handling period");
  });

  it("W22 Art. 20 ¶3: a group visit elects at most 5 representatives", async () => {
    const ctx = setup();
    const c = commandsFor("P-1");
    const e = (await refused(ctx, { ...c.register, representatives: 6 })) as IllegalCommandError;
    expect([e.rule, e.article, e.state]).toEqual([
      "group visit representatives",
      "W22 Art. 20 ¶3",
      "unregistered",
    ]);
    const { events } = await ctx.engine.execute({ ...c.register, representatives: 5 });
    expect(events[0]!.data.representatives).toBe(5);
  });

  it("W22 Art. 23 ¶2: an anonymous petition is accepted without a notice and no outbox row", async () => {
    const ctx = setup();
    const c = commandsFor("P-anon");
    await ctx.engine.execute({ ...c.register, anonymous: true, petitioners: [] });
    await ctx.engine.execute(c.route);
    const { events } = await ctx.engine.execute(c.accept);
    expect(events[0]!.data.noticeSent).toBe(false);
    const rows = await ctx.store.claimOutbox({ now: ctx.clock.now(), limit: 10, leaseMs: 1 });
    expect(rows).toEqual([]);
  });

  it("W22 Art. 23 ¶3: the routed org objects within 5 working days, and once verified the petition goes back to routing", async () => {
    const ctx = setup("2024-09-27T10:00:00+08:00");
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    const { events } = await ctx.engine.execute(c.route);
    // 5 working days after Fri 27 Sep 2024: Sun 29 Sep (make-up working day), Mon 30, then 1–7 Oct
    // are off: Tue 8, Wed 9, Thu 10 Oct.
    expect(events[0]!.data.objectionDueAt).toBe("2024-10-10T23:59:59+08:00");
    ctx.clock.set("2024-10-11T08:00:00+08:00");
    const late = (await refused(ctx, c.objectRouting)) as IllegalCommandError;
    expect([late.rule, late.article]).toEqual(["objection window", "W22 Art. 23 ¶3"]);

    const ok = setup("2024-09-27T10:00:00+08:00");
    await ok.engine.execute(c.register);
    await ok.engine.execute(c.route);
    ok.clock.set("2024-10-10T20:00:00+08:00");
    await ok.engine.execute(c.objectRouting);
    expect((await ok.engine.load("P-1"))!.status).toBe("routed");
    await ok.engine.execute(c.confirmObjection);
    expect((await ok.engine.load("P-1"))!.status).toBe("objected");
    await ok.engine.execute({ ...c.route, toOrg: "org-y" });
    expect((await ok.engine.load("P-1"))!).toMatchObject({ status: "routed", org: "org-y" });
  });

  it("W22 Art. 33: mediation is recorded for claims only", async () => {
    const ctx = setup();
    const c = commandsFor("P-1");
    await ctx.engine.execute({ ...c.register, category: "suggestion" });
    await ctx.engine.execute(c.route);
    await ctx.engine.execute(c.accept);
    const e = (await refused(ctx, c.recordMediation)) as IllegalCommandError;
    expect([e.rule, e.article]).toEqual(["mediation of claims", "W22 Art. 33"]);
    const claim = await accepted("P-2");
    await claim.engine.execute(claim.c.recordMediation);
  });

  it("W22 Art. 32: a reply cites its legal basis, and waits for an open hearing to end", async () => {
    const ctx = await accepted();
    const e = (await refused(ctx, { ...ctx.c.reply, legalBasis: [] })) as IllegalCommandError;
    expect([e.rule, e.article]).toEqual(["reply states its legal basis", "W22 Art. 32"]);
    await ctx.engine.execute(ctx.c.startHearing);
    const during = (await refused(ctx, ctx.c.reply)) as IllegalCommandError;
    expect(during.rule).toBe("decision after the hearing");
    await ctx.engine.execute(ctx.c.endHearing);
    await ctx.engine.execute(ctx.c.reply);
  });

  it("W22 Art. 36 ¶3: a repeat on the same facts and reasons of a final petition is not accepted (终结)", async () => {
    const ctx = await replied("P-old");
    const c = ctx.c;
    await ctx.engine.execute(c.requestReview);
    await ctx.engine.execute(c.decideReview);
    await ctx.engine.execute(c.requestReexamination);
    await ctx.engine.execute(c.decideReexamination);
    expect((await ctx.engine.load("P-old"))!.status).toBe("final");

    const n = commandsFor("P-new");
    await ctx.engine.execute(n.register);
    const { events } = await ctx.engine.execute({
      ...n.linkRepeat,
      previousPetitionId: "P-old",
      sameFactsAndReasons: true,
    });
    expect(events.map((e) => e.type)).toEqual(["RepeatPetitionLinked", "PetitionNotAccepted"]);
    expect(String(events[1]!.data.reason)).toContain("W22 Art. 36 ¶3");
    expect((await ctx.engine.load("P-new"))!.status).toBe("notAccepted");

    // Different facts or reasons: a new matter, handled as usual.
    await ctx.engine.execute({ ...commandsFor("P-other").register });
    const other = await ctx.engine.execute({
      ...commandsFor("P-other").linkRepeat,
      previousPetitionId: "P-old",
      sameFactsAndReasons: false,
    });
    expect(other.state.status).toBe("registered");
  });

  it("W22 Art. 21: concluding as resolved needs the petitioner's satisfaction", async () => {
    const ctx = await replied();
    const e = (await refused(ctx, ctx.c.conclude)) as IllegalCommandError;
    expect(e.rule).toBe("conclusion");
    await ctx.engine.execute({ ...ctx.c.evaluate, rating: "basicallySatisfied" });
    const done = await ctx.engine.execute(ctx.c.conclude);
    expect(done.state.status).toBe("concluded");
  });

  it("refuses a command dated before the petition's last event", async () => {
    const ctx = await accepted();
    const e = (await refused(ctx, {
      ...ctx.c.reply,
      at: "2024-03-03T09:00:00+08:00",
    })) as IllegalCommandError;
    expect(e.rule).toBe("time order");
  });
});

describe("role checks", () => {
  it("only the petitioner evaluates, withdraws and asks for review", async () => {
    const ctx = await replied();
    for (const type of ["evaluate", "requestReview", "withdraw"] as const) {
      const e = (await refused(ctx, {
        ...ctx.c[type],
        actor: actors.agency,
      })) as ForbiddenRoleError;
      expect(e).toBeInstanceOf(ForbiddenRoleError);
      expect(e.allowedRoles).toEqual(["petitioner"]);
      // A petitioner who is not the one registered on this petition.
      const stranger = await refused(ctx, { ...ctx.c[type], actor: actors.stranger });
      expect(stranger).toBeInstanceOf(ForbiddenRoleError);
    }
  });

  it("only the org a petition was routed to accepts, extends and replies (W22 Art. 23, 32, 34)", async () => {
    const ctx = setup(undefined, lifecycleOnly);
    const c = commandsFor("P-1");
    await ctx.engine.execute(c.register);
    await ctx.engine.execute(c.route);
    const e = (await refused(ctx, {
      ...c.accept,
      actor: actors.otherAgency,
    })) as ForbiddenRoleError;
    expect(e.message).toContain("only org-x");
    expect(await refused(ctx, { ...c.accept, actor: actors.intake })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    await ctx.engine.execute(c.accept);
    expect(await refused(ctx, { ...c.extend, actor: actors.otherAgency })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    expect(await refused(ctx, { ...c.reply, actor: actors.otherAgency })).toBeInstanceOf(
      ForbiddenRoleError,
    );
  });

  it("intake registers and routes; supervisors recommend and supervise (W22 Art. 40)", async () => {
    const ctx = setup(undefined, lifecycleOnly);
    const c = commandsFor("P-1");
    expect(await refused(ctx, { ...c.register, actor: actors.agency })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    await ctx.engine.execute(c.register);
    expect(await refused(ctx, { ...c.route, actor: actors.petitioner })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    expect(await refused(ctx, { ...c.issueRecommendation, actor: actors.intake })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    const { events } = await ctx.engine.execute(c.issueRecommendation);
    expect(events[0]!.type).toBe("RecommendationIssued");
    const supervision = await ctx.engine.execute(c.issueSupervision);
    expect(supervision.events[0]!.data).toMatchObject({ stage: "routing", level: 1 });
  });

  it("the review org decides the review (W22 Art. 35)", async () => {
    const ctx = await replied();
    await ctx.engine.execute(ctx.c.requestReview);
    expect(await refused(ctx, { ...ctx.c.decideReview, actor: actors.agency })).toBeInstanceOf(
      ForbiddenRoleError,
    );
    await ctx.engine.execute(ctx.c.decideReview);
  });
});
