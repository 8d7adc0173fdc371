import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { CommandType } from "../lifecycle/command-types.js";
import type { Command, CommandInput, CommandOf, commandSchemas } from "./commands.js";

describe("command types are inferred from the zod schemas", () => {
  it("discriminates on type", () => {
    expectTypeOf<Command["type"]>().toEqualTypeOf<CommandType>();
    expectTypeOf<CommandOf<"extend">>().toEqualTypeOf<z.output<typeof commandSchemas.extend>>();
    expectTypeOf<CommandOf<"extend">["days"]>().toEqualTypeOf<number>();
    expectTypeOf<CommandOf<"conclude">["reason"]>().toEqualTypeOf<
      "resolved" | "reviewWindowLapsed"
    >();
  });

  it("applies defaults on output and leaves them optional on input", () => {
    expectTypeOf<CommandOf<"route">["mode"]>().toEqualTypeOf<"transfer" | "assign">();
    expectTypeOf<Extract<CommandInput, { type: "route" }>["mode"]>().toEqualTypeOf<
      "transfer" | "assign" | undefined
    >();
  });
});
