import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  DOC_PATH,
  diagramBlockIn,
  renderDiagramBlock,
  renderLifecycleMermaid,
  updateLifecycleDoc,
} from "../../scripts/lifecycle-doc.js";
import { COMMAND_TYPES } from "./command-types.js";
import { PETITION_STATUSES } from "./transitions.js";

const UPDATE =
  "PETITIO_UPDATE_DOCS=1 npx vitest run packages/core/src/lifecycle/lifecycle-doc.test.ts";

describe("docs/lifecycle.md diagram", () => {
  it("names every state and every command of the machine", () => {
    const diagram = renderLifecycleMermaid();
    for (const status of PETITION_STATUSES) expect(diagram).toContain(` ${status} `);
    for (const command of COMMAND_TYPES) expect(diagram).toContain(`: ${command}`);
    expect(diagram).toContain(
      "replied --> underReview : requestReview [reviewRequestWindowOpen, reviewOneLevelUp]",
    );
  });

  it("is current (generated from petitionMachine)", async () => {
    if (process.env.PETITIO_UPDATE_DOCS === "1") await updateLifecycleDoc();
    const doc = await readFile(DOC_PATH, "utf8");
    const block = diagramBlockIn(doc);
    expect(
      block,
      `docs/lifecycle.md has no diagram markers; run ${UPDATE} to update`,
    ).toBeDefined();
    if (block !== renderDiagramBlock()) {
      throw new Error(`docs/lifecycle.md is stale: run ${UPDATE} to update`);
    }
  });
});
