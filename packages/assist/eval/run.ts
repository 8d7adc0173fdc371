/** `pnpm eval:assist [router|duplicates|review|topics]`: print the assist figures of docs/assist.md. */
import { runRouterEval } from "./router.js";

const EVALS: Record<string, () => void | Promise<void>> = {
  router: runRouterEval,
};

const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(EVALS)) {
  const run = EVALS[name];
  if (!run) {
    console.error(`unknown evaluation "${name}"; one of ${Object.keys(EVALS).join(", ")}`);
    process.exit(2);
  }
  await run();
}
