import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_FORMAT,
  createCheckpoint,
  generateCheckpointKeyPair,
  loadCheckpointPublicKey,
  verifyCheckpoint,
} from "./checkpoint.js";
import { CheckpointError } from "./errors.js";

const keys = generateCheckpointKeyPair();
const head = { position: 42, hash: "ab".repeat(32) };
const at = "2026-03-01T12:00:00+08:00";

const errorOf = (f: () => unknown): CheckpointError => {
  try {
    f();
  } catch (error) {
    if (error instanceof CheckpointError) return error;
    throw error;
  }
  throw new Error("expected a CheckpointError");
};

describe("signed checkpoints", () => {
  it("sign a head and verify with the trusted key, and after a JSON round trip", () => {
    const cp = createCheckpoint(head, keys.privateKeyPem, at);
    expect(cp).toMatchObject({
      format: CHECKPOINT_FORMAT,
      position: 42,
      hash: head.hash,
      createdAt: at,
    });
    expect(cp.keyId).toMatch(/^[0-9a-f]{16}$/);
    const roundTrip = JSON.parse(JSON.stringify(cp));
    expect(verifyCheckpoint(roundTrip, keys.publicKeyPem)).toEqual(cp);
    expect(verifyCheckpoint(roundTrip)).toEqual(cp); // self-signed check
    expect(verifyCheckpoint(roundTrip, cp.publicKey).position).toBe(42);
  });

  it.each([
    ["hash", { hash: "cd".repeat(32) }],
    ["position", { position: 41 }],
    ["createdAt", { createdAt: "2026-03-02T12:00:00+08:00" }],
    ["an added field", { note: "x" }],
  ])("refuse a checkpoint whose %s was changed", (_what, change) => {
    const cp = { ...createCheckpoint(head, keys.privateKeyPem, at), ...change };
    expect(errorOf(() => verifyCheckpoint(cp, keys.publicKeyPem)).field).toBe("signature");
  });

  it("refuse a checkpoint re-signed with another key when a trusted key is given", () => {
    const other = generateCheckpointKeyPair();
    const forged = createCheckpoint({ ...head, position: 10 }, other.privateKeyPem, at);
    expect(verifyCheckpoint(forged).position).toBe(10); // intact, but...
    const error = errorOf(() => verifyCheckpoint(forged, keys.publicKeyPem));
    expect(error.field).toBe("publicKey");
    expect(error.message).toMatch(/not by the trusted key/);
  });

  it("refuse a swapped public key whose keyId was not updated", () => {
    const other = generateCheckpointKeyPair();
    const cp = createCheckpoint(head, keys.privateKeyPem, at);
    const swapped = { ...cp, publicKey: createCheckpoint(head, other.privateKeyPem, at).publicKey };
    expect(errorOf(() => verifyCheckpoint(swapped)).field).toBe("keyId");
  });

  it.each([
    [null, ""],
    [[], ""],
    [{ format: "other" }, "format"],
    [{ format: CHECKPOINT_FORMAT, position: 0, hash: head.hash }, "position"],
    [{ format: CHECKPOINT_FORMAT, position: 1, hash: "XYZ" }, "hash"],
    [{ format: CHECKPOINT_FORMAT, position: 1, hash: head.hash }, "createdAt"],
  ])("refuse malformed document %j naming %s", (doc, field) => {
    expect(errorOf(() => verifyCheckpoint(doc)).field).toBe(field);
  });

  it("refuse keys that are not Ed25519 and heads that are not heads", () => {
    expect(errorOf(() => createCheckpoint(head, "not a key", at)).field).toBe("privateKey");
    expect(
      errorOf(() => createCheckpoint({ position: 1, hash: "00" }, keys.privateKeyPem, at)).field,
    ).toBe("hash");
    expect(errorOf(() => loadCheckpointPublicKey("AAAA")).field).toBe("publicKey");
  });
});
