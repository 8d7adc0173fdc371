/**
 * @petitio/cli: the `petitio` command as a library, for embedding or testing.
 * `runCli(argv, context)` runs a command and returns its exit code.
 */
export { type CliContext, processContext } from "./cli/context.js";
export { EXIT, InputError, UsageError } from "./cli/errors.js";
export { COMMANDS, runCli } from "./cli/run.js";
export { buildLog } from "./importers/build-log.js";
export { IMPORTERS, type Importer, importerFor } from "./importers/index.js";
export { buildHtmlReport } from "./report/build-html.js";
export { loadCharts } from "./report/charts.js";
export { renderHtmlReport } from "./report/html-report.js";
export { type Finding, type VerifyResult, verifyLogFile } from "./verify/verify-log.js";
