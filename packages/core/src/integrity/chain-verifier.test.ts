import { describe, expect, it } from "vitest";
import { chainHash, GENESIS_HASH } from "./chain.js";
import { type ChainReport, ChainVerifier, MAX_BREAKS } from "./chain-verifier.js";
import { sealLog } from "./seal-log.js";

const envelopes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    position: i + 1,
    streamId: `petition-p${i % 3}`,
    version: Math.floor(i / 3) + 1,
    type: "Custom",
    data: { n: i },
  }));

const verify = (
  lines: readonly unknown[],
  head?: { hash: string; position?: number },
): ChainReport => {
  const verifier = new ChainVerifier(head);
  for (const [i, raw] of lines.entries()) verifier.push(i + 1, raw);
  return verifier.finish();
};

const log = sealLog(envelopes(10));

describe("ChainVerifier", () => {
  it("accepts an intact chain and reports its head", () => {
    const report = verify(log);
    expect(report).toMatchObject({ sealed: 10, unsealed: 0, breaks: [], omitted: 0 });
    expect(report.last).toEqual({ position: 10, hash: log[9]?.hash });
  });

  it("names an edited line", () => {
    const edited = log.map((e, i) => (i === 4 ? { ...e, data: { n: 999 } } : e));
    expect(verify(edited).breaks).toEqual([
      expect.objectContaining({ line: 5, position: 5, kind: "edited" }),
    ]);
  });

  it("names a line whose hash was recomputed, as the break on the next line", () => {
    const body = { ...log[4], data: { n: 999 } };
    const rehashed = { ...body, hash: chainHash(body.prevHash as string, body) };
    const breaks = verify(log.map((e, i) => (i === 4 ? rehashed : e))).breaks;
    expect(breaks).toEqual([expect.objectContaining({ line: 6, kind: "deleted" })]);
    expect(breaks[0]?.message).toMatch(/line 5 was replaced/);
  });

  it("names deleted lines, in the middle and at the start", () => {
    expect(verify([...log.slice(0, 3), ...log.slice(6)]).breaks).toEqual([
      expect.objectContaining({ line: 4, position: 7, kind: "deleted" }),
    ]);
    expect(verify(log.slice(2)).breaks).toEqual([
      expect.objectContaining({ line: 1, kind: "deleted" }),
    ]);
  });

  it("names inserted lines, even with a valid hash of their own", () => {
    const forged = sealLog([{ position: 99, type: "Forged" }], log[2]?.hash)[0];
    const inserted = [...log.slice(0, 3), forged, ...log.slice(3)];
    expect(verify(inserted).breaks).toEqual([
      expect.objectContaining({
        line: 5,
        kind: "inserted",
        message: expect.stringMatching(/line 4 was inserted/),
      }),
    ]);
  });

  it("names reordered lines once", () => {
    const [a, b, c, d, ...rest] = log;
    expect(verify([a, c, b, d, ...rest]).breaks).toEqual([
      expect.objectContaining({ line: 2, kind: "reordered" }),
    ]);
    // Move line 8 to the front of line 2.
    const moved = [log[0], log[7], ...log.slice(1, 7), ...log.slice(8)];
    expect(verify(moved).breaks).toEqual([expect.objectContaining({ line: 2, kind: "reordered" })]);
  });

  it("reports lines stripped of their chain among sealed ones, and malformed hashes", () => {
    const { prevHash: _p, hash: _h, ...bare } = log[3] as (typeof log)[number];
    const report = verify([...log.slice(0, 3), bare, ...log.slice(4)]);
    expect(report.breaks.map((b) => [b.line, b.kind])).toEqual([[4, "unsealed"]]);
    const bad = verify(log.map((e, i) => (i === 0 ? { ...e, hash: "zz" } : e)));
    expect(bad.breaks.map((b) => [b.line, b.kind])).toEqual([[1, "unsealed"]]);
  });

  it("treats a log without any chain as unsealed, not broken", () => {
    const report = verify(envelopes(3));
    expect(report).toMatchObject({ sealed: 0, unsealed: 3, breaks: [] });
  });

  it("does not link across an unreadable line", () => {
    const verifier = new ChainVerifier();
    verifier.push(1, log[0]);
    verifier.unreadable();
    verifier.push(3, log[2]);
    expect(verifier.finish().breaks).toEqual([]);
  });

  it("keeps at most MAX_BREAKS breaks and counts the rest", () => {
    const n = MAX_BREAKS + 50;
    const lines = sealLog(envelopes(n)).map((e) => ({ ...e, data: { n: -1 } }));
    const report = verify(lines);
    expect(report.breaks).toHaveLength(MAX_BREAKS);
    expect(report.omitted).toBe(50);
  });

  describe("against a published head", () => {
    const head = { position: 10, hash: log[9]?.hash as string };
    it("finds the head in the log, also in a longer log", () => {
      expect(verify(log, head).head).toMatchObject({ ok: true, line: 10 });
      const longer = sealLog(envelopes(12));
      expect(verify(longer, head).head).toMatchObject({ ok: true, line: 10 });
      expect(verify(longer, { hash: head.hash }).head).toMatchObject({ ok: true, line: 10 });
    });

    it("catches a cut tail that the chain alone cannot see", () => {
      const cut = log.slice(0, 7);
      expect(verify(cut).breaks).toEqual([]);
      const report = verify(cut, head);
      expect(report.head).toMatchObject({ ok: false });
      expect(report.head?.message).toMatch(/ends at position 7.*tail was cut off/);
      expect(verify(cut, { hash: head.hash }).head?.ok).toBe(false);
    });

    it("catches a log rewritten and re-hashed from the start", () => {
      const rewritten = sealLog(envelopes(10).map((e) => ({ ...e, data: { n: 0 } })));
      expect(verify(rewritten).breaks).toEqual([]);
      expect(verify(rewritten, head).head?.message).toMatch(/position 10 \(line 10\).*rewritten/);
    });
  });

  it("starts from the genesis hash", () => {
    expect(log[0]?.prevHash).toBe(GENESIS_HASH);
  });
});
