import { describe, expect, it } from "vitest";
import { ConcurrencyError, ValidationError } from "./errors.js";

describe("error messages say what is wrong, where, and what to do", () => {
  it("ConcurrencyError names the stream and both versions, and how to recover", () => {
    const error = new ConcurrencyError("petition-7", 3, 4);
    expect(error.message).toBe(
      "stream petition-7: expected version 3, but it is at 4; nothing was appended: read the stream again, decide again, and append with its new version",
    );
    expect(new ConcurrencyError("petition-8", "exists", 0).message).toContain(
      "but it is at no stream",
    );
    expect(error.name).toBe("ConcurrencyError");
  });

  it("ValidationError lists every field with its line", () => {
    const error = new ValidationError(
      "event envelope",
      [
        { path: "occurredAt", message: "Invalid ISO datetime" },
        { path: "actor.role", message: "Invalid option" },
      ],
      12,
    );
    expect(error.message).toBe(
      "line 12: invalid event envelope: occurredAt: Invalid ISO datetime; actor.role: Invalid option",
    );
    expect(error.field).toBe("occurredAt");
  });
});
