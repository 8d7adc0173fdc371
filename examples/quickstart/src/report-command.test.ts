import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportCommandLine } from "./report-command.js";

describe("reportCommandLine", () => {
  it("names the root script, which the repository defines, so it runs as printed", () => {
    const root = JSON.parse(
      readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
    );
    expect(root.scripts.petitio).toBe("node packages/cli/dist/bin.js");
    expect(reportCommandLine("/tmp/p/hotline12345.db")).toBe(
      "npx -y pnpm@10.34.9 -w petitio report /tmp/p/hotline12345.db",
    );
  });

  it("quotes a path the shell would split", () => {
    expect(reportCommandLine("/tmp/my logs/it's.db")).toBe(
      "npx -y pnpm@10.34.9 -w petitio report '/tmp/my logs/it'\\''s.db'",
    );
  });
});
