import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, chainHash, GENESIS_HASH, isChainHash, sealEnvelope } from "./chain.js";
import { CanonicalJsonError, InvalidChainHashError } from "./errors.js";

/*
 * Test vectors. The expected hashes were computed outside this code, with
 * Python's hashlib over the canonical strings written out by hand below:
 *   sha256((prevHash + "\n" + canonical).encode("utf-8")).hexdigest()
 * docs/log-integrity.md repeats them so a re-implementation can check itself.
 */
const first = {
  position: 1,
  streamId: "petition-p1",
  version: 1,
  type: "PetitionWithdrawn",
  schemaVersion: 1,
  occurredAt: "2026-01-05T09:00:00+08:00",
  recordedAt: "2026-01-05T09:00:01+08:00",
  actor: { id: "u1", role: "petitioner" },
  data: { reason: "已解决 ☺" },
};
const FIRST_CANONICAL =
  '{"actor":{"id":"u1","role":"petitioner"},"data":{"reason":"已解决 ☺"},"occurredAt":"2026-01-05T09:00:00+08:00","position":1,"recordedAt":"2026-01-05T09:00:01+08:00","schemaVersion":1,"streamId":"petition-p1","type":"PetitionWithdrawn","version":1}';
const FIRST_HASH = "25771fb0d1e403e3749d052acd046010e4a5052cdab306dcc25bc1cb4a2e97c9";
const second = { ...first, position: 2, version: 2, data: {} };
const SECOND_HASH = "324dc93be3813baab88a1d190e6e9db6e865c9a7347377e8470625bcc6c0dc31";
const EMPTY_OBJECT_AFTER_GENESIS =
  "5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e";

describe("canonicalJson", () => {
  it("sorts keys, drops whitespace and writes the vector exactly", () => {
    expect(canonicalJson(first)).toBe(FIRST_CANONICAL);
  });

  it("sorts keys by UTF-16 code units, not by code points", () => {
    // U+FF61 is below U+1F600 as a code point, but 😀 is the surrogate pair D83D DE00 < FF61.
    expect(canonicalJson({ "\uff61": 1, "😀": 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"😀":2,"｡":1}');
  });

  it("writes numbers and strings as JSON.stringify does", () => {
    expect(canonicalJson([0.1, -0, 1e21, 5e-7, 100, '\u001f"\\'])).toBe(
      '[0.1,0,1e+21,5e-7,100,"\\u001f\\"\\\\"]',
    );
  });

  it("omits undefined keys, writes undefined array elements as null, and uses toJSON", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, null], d: new Date(0) })).toBe(
      '{"b":[null,null],"d":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it.each([
    [{ a: { b: Number.NaN } }, "a.b"],
    [{ a: [1, Number.POSITIVE_INFINITY] }, "a.1"],
    [{ f: () => 1 }, "f"],
    [{ n: 1n }, "n"],
    [{ s: Symbol("x") }, "s"],
  ])("refuses %o naming %s", (value, path) => {
    const thrown = (() => {
      try {
        canonicalJson(value);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(CanonicalJsonError);
    expect((thrown as CanonicalJsonError).path).toBe(path);
    expect((thrown as CanonicalJsonError).code).toBe("NOT_CANONICAL_JSON");
  });

  it("refuses a cycle but accepts a shared (acyclic) object", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(/self\.back: the value contains itself/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("is stable under a JSON round trip and agrees with JSON.parse", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on key insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
      { numRuns: 300 },
    );
  });
});

describe("chainHash and sealEnvelope", () => {
  it("match the published vectors", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(chainHash(GENESIS_HASH, {})).toBe(EMPTY_OBJECT_AFTER_GENESIS);
    const sealed1 = sealEnvelope(GENESIS_HASH, first);
    expect(sealed1.prevHash).toBe(GENESIS_HASH);
    expect(sealed1.hash).toBe(FIRST_HASH);
    const sealed2 = sealEnvelope(sealed1.hash, second);
    expect(sealed2.prevHash).toBe(FIRST_HASH);
    expect(sealed2.hash).toBe(SECOND_HASH);
  });

  it("ignores chain fields already on the envelope and puts them last", () => {
    const sealed = sealEnvelope(GENESIS_HASH, first);
    expect(chainHash(GENESIS_HASH, sealed)).toBe(FIRST_HASH);
    const resealed = sealEnvelope(GENESIS_HASH, { ...sealed, hash: "f".repeat(64) });
    expect(resealed.hash).toBe(FIRST_HASH);
    expect(Object.keys(resealed).slice(-2)).toEqual(["prevHash", "hash"]);
    expect(Object.keys(resealed).slice(0, 3)).toEqual(["position", "streamId", "version"]);
  });

  it("changes when the predecessor or any field changes", () => {
    expect(chainHash("1".repeat(64), first)).not.toBe(FIRST_HASH);
    expect(chainHash(GENESIS_HASH, { ...first, data: { reason: "已解决 ☻" } })).not.toBe(
      FIRST_HASH,
    );
    expect(chainHash(GENESIS_HASH, { ...first, actor: { ...first.actor, org: "x" } })).not.toBe(
      FIRST_HASH,
    );
  });

  it.each(["", "0".repeat(63), "A".repeat(64), 42])("refuses prevHash %o", (prev) => {
    expect(() => chainHash(prev as string, first)).toThrow(InvalidChainHashError);
  });

  it("recognises chain hashes", () => {
    expect(isChainHash(FIRST_HASH)).toBe(true);
    expect(isChainHash(FIRST_HASH.toUpperCase())).toBe(false);
    expect(isChainHash(undefined)).toBe(false);
  });
});
