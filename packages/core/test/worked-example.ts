import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/**
 * The worked example of the log format, committed with texts written for the
 * project: 7,616 events for 1,300 petitions, and metrics computed independently
 * of Petitio. Any package's tests may use it, so none needs a dataset to run.
 */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The gzipped worked example log. */
export const WORKED_EXAMPLE_GZ = fixture("metrics-sample.log.jsonl.gz");
/** Its expected metrics: `asOf` 2018-03-31T23:59:59+08:00, period [2017-07-01, 2018-01-01). */
export const WORKED_EXAMPLE_EXPECTED = fixture("metrics-sample.expected.json");
/** The line of the variant whose review is requested late (W22 Art. 35 allows 30 days). */
export const LATE_REVIEW_LINE = 66;

let text: string | undefined;
/** The worked example log as text (one event per line, trailing newline). */
export const workedExampleText = (): string => {
  text ??= gunzipSync(readFileSync(WORKED_EXAMPLE_GZ)).toString("utf8");
  return text;
};

/**
 * The worked example with one violation: the review on line 66 requested
 * 2012-04-13, 45 days after the reply was delivered.
 */
export const lateReviewText = (): string => {
  const lines = workedExampleText().split("\n");
  const late = JSON.parse(lines[LATE_REVIEW_LINE - 1] ?? "{}");
  if (late.type !== "ReviewRequested") throw new Error("line 66 of the worked example moved");
  late.occurredAt = late.recordedAt = "2012-04-13T10:19:55+08:00";
  lines[LATE_REVIEW_LINE - 1] = JSON.stringify(late);
  return lines.join("\n");
};

/** Write both logs into `dir`, under the names the log-format docs use. */
export const writeWorkedExamples = (dir: string): { sample: string; lateReview: string } => {
  const sample = join(dir, "metrics-sample.log.jsonl");
  const lateReview = join(dir, "verify-late-review.log.jsonl");
  writeFileSync(sample, workedExampleText());
  writeFileSync(lateReview, lateReviewText());
  return { sample, lateReview };
};
