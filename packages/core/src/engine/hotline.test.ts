import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { definePolicy, hotline12345Policy } from "../time/policy.js";
import type { CommandInput } from "./commands.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/** A 12345 ticket (BJ Art. 11) registered and accepted on Monday 2024-03-04. */
const acceptedTicket = async (requestType?: string) => {
  const { engine, clock } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
  const c = commandsFor("H-1");
  const registered = await engine.execute({
    ...c.register,
    channel: "hotline",
    ...(requestType ? { requestType } : {}),
  } as CommandInput);
  await engine.execute(c.route);
  const accepted = await engine.execute(c.accept);
  return { engine, clock, c, registered, accepted };
};

const refusal = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
    return "accepted";
  } catch (error) {
    return (error as { rule?: string }).rule ?? String(error);
  }
};

describe("12345 request types (BJ Art. 11, 13)", () => {
  it("records the request type at registration and keeps it in the state", async () => {
    const { registered, accepted } = await acceptedTicket("complaint");
    expect(registered.events[0]!.data.requestType).toBe("complaint");
    expect(accepted.state.requestType).toBe("complaint");
  });

  it.each([
    // Five working days from Monday 4 March: 5, 6, 7, 8, 11 March (JN Art. 24, WF Art. 20).
    ["complaint", "2024-03-11T23:59:59+08:00"],
    ["help", "2024-03-11T23:59:59+08:00"],
    ["report", "2024-03-11T23:59:59+08:00"],
    // Two working days for a consultation not answered at once.
    ["consultation", "2024-03-06T23:59:59+08:00"],
    // Fifteen working days for a suggestion: 5–8, 11–15, 18–22, 25 March.
    ["suggestion", "2024-03-25T23:59:59+08:00"],
  ])("a %s ticket is due for handling at %s", async (type, due) => {
    const { accepted } = await acceptedTicket(type);
    expect(accepted.events[0]!.data.handlingDueAt).toBe(due);
  });

  it("a ticket without a type gets the policy's handling limit", async () => {
    const { accepted } = await acceptedTicket();
    expect(accepted.events[0]!.data.handlingDueAt).toBe("2024-03-11T23:59:59+08:00");
  });

  it("the per-type limits are configurable and validated by field", () => {
    const longer = definePolicy(hotline12345Policy, {
      requestTypeHandling: { complaint: { days: 10, unit: "workingDays", basis: "local rule" } },
    });
    expect(longer.requestTypeHandling?.complaint?.days).toBe(10);
    expect(longer.requestTypeHandling?.help).toBeUndefined();
    let error: unknown;
    try {
      definePolicy(hotline12345Policy, {
        requestTypeHandling: { help: { days: 0, unit: "workingDays", basis: "x" } },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).issues)).toContain(
      "requestTypeHandling.help.days",
    );
  });

  it("refuses an unknown request type naming the field", async () => {
    const { engine } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const c = commandsFor("H-2");
    await expect(
      engine.execute({ ...c.register, requestType: "praise" } as unknown as CommandInput),
    ).rejects.toThrow(/requestType/);
  });
});

describe("12345 call-back and 退回再办 (BJ Art. 23, JN Art. 27)", () => {
  it("an unsatisfied call-back sends the ticket back with a new handling due time", async () => {
    const { engine, clock, c } = await acceptedTicket("complaint");
    clock.set("2024-03-08T09:00:00+08:00");
    const reply = await engine.execute(c.reply);
    expect(reply.state.callBackDueAt).toEqual(expect.any(String));
    clock.set("2024-03-12T10:00:00+08:00");
    const called = await engine.execute(c.callBack);
    expect(called.events.map((e) => e.type)).toEqual(["CallBackRecorded"]);
    expect(called.events[0]!.data).toMatchObject({ resolved: false, rating: "unsatisfied" });
    expect(called.state.status).toBe("replied");
    const back = await engine.execute(c.returnForRehandling);
    expect(back.state.status).toBe("accepted");
    // Five working days from Tuesday 12 March: 13, 14, 15, 18, 19 March.
    expect(back.events[0]!.data.handlingDueAt).toBe("2024-03-19T23:59:59+08:00");
    expect(back.state.handlingDueAt).toBe("2024-03-19T23:59:59+08:00");
    expect(back.state.callBack).toBeUndefined();
    expect(back.state.callBackDueAt).toBeUndefined();
    expect(back.state.rehandlings).toBe(1);
    // Handled again: a new reply, a new call-back due, a new call-back allowed.
    clock.set("2024-03-15T10:00:00+08:00");
    const again = await engine.execute({ ...c.reply, idempotencyKey: "reply-2" });
    expect(again.state.callBackDueAt).toEqual(expect.any(String));
    const satisfied = await engine.execute({
      ...c.callBack,
      resolved: true,
      rating: "satisfied",
    } as CommandInput);
    expect(satisfied.state.callBack).toEqual({ resolved: true, rating: "satisfied" });
  });

  it("refuses a second call-back of the same reply, and a send-back after a satisfied one", async () => {
    const { engine, clock, c } = await acceptedTicket("help");
    clock.set("2024-03-08T09:00:00+08:00");
    await engine.execute(c.reply);
    expect(await refusal(() => engine.execute(c.returnForRehandling))).toBe(
      "sent back only after an unsatisfied call-back",
    );
    await engine.execute({
      ...c.callBack,
      resolved: true,
      rating: "basicallySatisfied",
    } as CommandInput);
    expect(await refusal(() => engine.execute({ ...c.callBack, idempotencyKey: "cb-2" }))).toBe(
      "one call-back per reply",
    );
    expect(await refusal(() => engine.execute(c.returnForRehandling))).toBe(
      "sent back only after an unsatisfied call-back",
    );
  });

  it("only the hotline office calls back", async () => {
    const { engine, clock, c } = await acceptedTicket("help");
    clock.set("2024-03-08T09:00:00+08:00");
    await engine.execute(c.reply);
    await expect(engine.execute({ ...c.callBack, actor: actors.agency })).rejects.toThrow();
  });
});
