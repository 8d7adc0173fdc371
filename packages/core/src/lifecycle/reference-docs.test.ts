import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  blockIn,
  REFERENCES,
  renderBlock,
  renderCommandsReference,
  renderEventsReference,
  updateReferenceDocs,
} from "../../scripts/reference-docs.js";
import { EVENT_TYPES } from "../events/catalog.js";
import { COMMAND_TYPES } from "./command-types.js";

const UPDATE =
  "PETITIO_UPDATE_DOCS=1 npx vitest run packages/core/src/lifecycle/reference-docs.test.ts";

describe("docs/events.md and docs/commands.md (generated from the schemas and the procedure table)", () => {
  it("name every event type and every command, with what the table says of them", () => {
    const events = renderEventsReference();
    for (const type of EVENT_TYPES) expect(events).toContain(`#### \`${type}\``);
    expect(events).toContain("| `objectionDueAt?` | date-time |");
    const commands = renderCommandsReference();
    for (const type of COMMAND_TYPES) expect(commands).toContain(`### \`${type}\``);
    expect(commands).toContain(
      "| `replied` | `underReview` | `ReviewRequested` | `reviewRequestWindowOpen` review request window (W22 Art. 35); `reviewOneLevelUp` review one level up (W22 Art. 35) |",
    );
    expect(commands).toContain("| `days` | integer ≥ 1 |");
  });

  it.each(REFERENCES.map((r) => [r.name, r] as const))("%s is current", async (_name, ref) => {
    if (process.env.PETITIO_UPDATE_DOCS === "1") await updateReferenceDocs();
    const doc = await readFile(ref.path, "utf8");
    const current = blockIn(doc, ref.name);
    expect(
      current,
      `${ref.path} has no reference:${ref.name} markers; run ${UPDATE}`,
    ).toBeDefined();
    if (current !== renderBlock(ref.name, ref.render)) {
      throw new Error(`${ref.path} is stale: run ${UPDATE} to update`);
    }
  });
});
