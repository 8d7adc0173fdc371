import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { definePolicy, nationalPolicy } from "./policy.js";

// docs/policies.md quotes the regions of policies.examples.test.ts; this keeps
// the quotes identical to the code that is type-checked and asserted.
const examples = readFileSync(new URL("./policies.examples.test.ts", import.meta.url), "utf8");
const docs = readFileSync(
  fileURLToPath(new URL("../../../../docs/policies.md", import.meta.url)),
  "utf8",
);

function regions(source: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /\/\/ #region (\w+)\n([\s\S]*?)\n\s*\/\/ #endregion \1/g;
  for (const match of source.matchAll(pattern)) {
    const lines = (match[2] ?? "").split("\n");
    const indent = Math.min(
      ...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length),
    );
    found.set(match[1] ?? "", lines.map((l) => l.slice(indent)).join("\n"));
  }
  return found;
}

describe("docs/policies.md", () => {
  const snippets = regions(examples);

  it("has the snippets to check", () => {
    expect([...snippets.keys()]).toEqual([
      "imports",
      "province",
      "calendar",
      "ticket",
      "nyc",
      "rollover",
    ]);
  });

  it.each([...snippets].filter(([name]) => name !== "imports"))(
    "quotes the %s snippet verbatim",
    (_name, code) => {
      expect(docs).toContain(`\`\`\`ts\n${code}\n\`\`\``);
    },
  );

  it("shows the real validation message", () => {
    let message = "";
    try {
      definePolicy(nationalPolicy, { limits: { handling: { days: 0 } }, maxExtensionDays: 31 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid policy: /);
    expect(docs).toContain(`\`\`\`text\n${message}\n\`\`\``);
  });
});
