import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { commandsFor, setup } from "./test-kit.testkit.js";

/** What `run` rejects with (it must reject). */
const rejection = async (run: () => Promise<unknown>): Promise<unknown> =>
  run().then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe("engine.load and engine.tick arguments", () => {
  const noPrototype = Object.create(null) as object;

  it.each([
    ["an object without a prototype", noPrototype, "must be a non-empty string"],
    ["a number", 42, "must be a non-empty string"],
    ["an empty string", "", "must be a non-empty string"],
    ["a lone surrogate", "P\ud800", "well-formed Unicode"],
    ["spaces", "P 1", "must not contain spaces"],
  ])("load refuses %s with a ValidationError naming petitionId", async (_, id, reason) => {
    const { engine } = setup();
    const error = await rejection(() => engine.load(id as string));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: "load", field: "petitionId" });
    expect((error as Error).message).toContain(reason);
  });

  it.each([
    ["an object without a prototype", noPrototype],
    ["null", null],
    ["a number", Date.parse("2024-03-01T00:00:00Z")],
    ["a date without offset", "2024-03-01T09:00:00"],
    ["a day that does not exist", "2024-02-30T09:00:00+08:00"],
    ["text", "tomorrow"],
  ])("tick refuses %s with a ValidationError naming now, changing nothing", async (_, now) => {
    const { engine, store } = setup();
    await engine.execute(commandsFor("P-1").register);
    const timers = await store.listTimers();
    const error = await rejection(() => engine.tick(now as string));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: "tick", field: "now" });
    expect(await store.listTimers()).toEqual(timers);
  });

  it("still loads and ticks with good arguments, and tick() uses the clock", async () => {
    const { engine } = setup();
    await engine.execute(commandsFor("P-1").register);
    expect((await engine.load("P-1"))?.status).toBe("registered");
    expect(await engine.load("P-none")).toBeUndefined();
    await expect(engine.tick()).resolves.toMatchObject({ reminders: [] });
    await expect(engine.tick("2024-03-20T09:00:00+08:00")).resolves.toBeDefined();
  });
});
