import { describe, expectTypeOf, it } from "vitest";
import type { EventData, PetitionEvent, PetitionEventType } from "./catalog.js";
import { isEventOfType } from "./catalog.js";
import type { EventEnvelope } from "./envelope.js";

describe("catalog types", () => {
  it("EventData<'ReplyIssued'> has the reply's fields with their types", () => {
    type Reply = EventData<"ReplyIssued">;
    expectTypeOf<Reply["org"]>().toEqualTypeOf<string>();
    expectTypeOf<Reply["outcome"]>().toEqualTypeOf<"supported" | "explained" | "notSupported">();
    expectTypeOf<Reply["legalBasis"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Reply["deliveredAt"]>().toEqualTypeOf<string>();
    expectTypeOf<Reply["reviewRequestDueAt"]>().toEqualTypeOf<string>();
  });

  it("optional fields stay optional", () => {
    expectTypeOf<EventData<"PetitionWithdrawn">["reason"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<EventData<"PetitionRegistered">["representatives"]>().toEqualTypeOf<
      number | undefined
    >();
  });

  it("PetitionEvent narrows on type", () => {
    const describeEvent = (event: PetitionEvent): string => {
      switch (event.type) {
        case "SatisfactionEvaluated":
          expectTypeOf(event.data.rating).toEqualTypeOf<
            "satisfied" | "basicallySatisfied" | "unsatisfied"
          >();
          return event.data.rating;
        case "HandlingExtended":
          expectTypeOf(event.data.days).toEqualTypeOf<number>();
          return String(event.data.days);
        default:
          expectTypeOf(event.type).toEqualTypeOf<
            Exclude<PetitionEventType, "SatisfactionEvaluated" | "HandlingExtended">
          >();
          return event.type;
      }
    };
    expectTypeOf(describeEvent)
      .parameter(0)
      .toHaveProperty("type")
      .toEqualTypeOf<PetitionEventType>();
  });

  it("isEventOfType narrows a plain envelope", () => {
    const envelope = {} as EventEnvelope;
    if (isEventOfType(envelope, "PetitionRouted")) {
      expectTypeOf(envelope.data.mode).toEqualTypeOf<"transfer" | "assign">();
    }
  });
});
