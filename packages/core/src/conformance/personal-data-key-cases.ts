import { describe, expect, it } from "vitest";
import { collect, expectError, note, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

const key = (byte: number) => Buffer.alloc(32, byte);

/** Per-subject keys for crypto-shredding: kept apart from the log, destroyed for good. */
export const personalDataKeyCases = (h: Harness): void => {
  describe("personal-data keys", () => {
    it("createKey stores a key once and returns the existing one after", async () => {
      const store = h.store();
      expect(await store.getKey("subject-1")).toBeUndefined();
      expect((await store.createKey("subject-1", key(1))).equals(key(1))).toBe(true);
      expect((await store.createKey("subject-1", key(2))).equals(key(1))).toBe(true);
      expect((await store.getKey("subject-1"))?.equals(key(1))).toBe(true);
      expect(await store.getKey("subject-2")).toBeUndefined();
    });

    it("a key handed out cannot change the stored one", async () => {
      const store = h.store();
      const given = key(3);
      await store.createKey("s", given);
      given.fill(9);
      (await store.getKey("s"))!.fill(8);
      expect((await store.getKey("s"))?.equals(key(3))).toBe(true);
    });

    it("destroyKey is forever: getKey undefined, createKey refused", async () => {
      const store = h.store();
      await store.createKey("s", key(4));
      await store.destroyKey("s");
      expect(await store.getKey("s")).toBeUndefined();
      expectError(await rejectionOf(store.createKey("s", key(5))), "PII_KEY_INVALID", {
        subjectId: "s",
      });
      // Destroying a subject that never had a key also bars it.
      await store.destroyKey("never");
      expectError(await rejectionOf(store.createKey("never", key(6))), "PII_KEY_INVALID");
      expect(await store.getKey("s")).toBeUndefined();
    });

    it("keys are never in the log or its export", async () => {
      const store = h.store();
      await store.createKey("s", key(7));
      await store.append("a", [note("x")], { expectedVersion: "any" });
      const text = JSON.stringify(await collect(store.readAll()));
      expect(text).not.toContain(key(7).toString("base64"));
      expect(text).not.toContain(key(7).toString("hex"));
    });

    it("arguments are checked", async () => {
      const store = h.store();
      expectError(await rejectionOf(store.createKey("", key(1))), "VALIDATION_FAILED", {
        field: "subjectId",
      });
      expectError(await rejectionOf(store.createKey("s", Buffer.alloc(4))), "PII_KEY_INVALID");
      expectError(await rejectionOf(store.createKey("s", "k" as never)), "PII_KEY_INVALID");
      expectError(await rejectionOf(store.getKey("\uD800")), "VALIDATION_FAILED", {
        subject: "getKey",
      });
    });
  });
};
