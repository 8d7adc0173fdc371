import { describe, expect, it } from "vitest";
import { terminalSafe } from "./terminal-text.js";

describe("terminalSafe", () => {
  it("removes escape sequences and control characters, keeps the words", () => {
    expect(terminalSafe("路灯\u001b[2J\u001b[31m不亮\u001b[0m")).toBe("路灯不亮");
    // An OSC sequence that would retitle the terminal (ended by BEL or by ST).
    expect(terminalSafe("a\u001b]0;pwned\u0007b")).toBe("ab");
    expect(terminalSafe("a\u001b]8;;http://x\u001b\\link")).toBe("alink");
    expect(terminalSafe("a\u001b(Bb\u0008c\u009bd\u007f")).toBe("abcd");
    expect(terminalSafe("one\ntwo\tthree\r")).toBe("one two three ");
  });

  it("leaves ordinary text, CJK and emoji alone", () => {
    for (const text of ["关于梅峰河内河治理", "Noise - Residential: Loud Music", "👍🏽 ok"]) {
      expect(terminalSafe(text)).toBe(text);
    }
  });
});
