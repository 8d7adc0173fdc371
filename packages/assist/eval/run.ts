/** `pnpm eval:assist [router|duplicates|review|topics]`: print the assist figures of docs/assist.md. */
import { runDuplicateEval } from "./duplicates.js";
import { runLabelPool } from "./label-pool.js";
import { runReviewEval } from "./review.js";
import { runRouterEval } from "./router.js";

const EVALS: Record<string, () => void | Promise<void>> = {
  router: runRouterEval,
  duplicates: runDuplicateEval,
  review: runReviewEval,
  "label-pool": runLabelPool,
};

const chosen = process.argv.slice(2);
// label-pool prints texts for labelling: only on request.
const DEFAULT = Object.keys(EVALS).filter((name) => name !== "label-pool");
for (const name of chosen.length > 0 ? chosen : DEFAULT) {
  const run = EVALS[name];
  if (!run) {
    console.error(`unknown evaluation "${name}"; one of ${Object.keys(EVALS).join(", ")}`);
    process.exit(2);
  }
  await run();
}
