import type {
  ClassificationReport,
  PrecisionRecall,
} from "../src/evaluation/classification-metrics.js";

export const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
export const f3 = (value: number): string => value.toFixed(3);

export const prLine = (name: string, m: PrecisionRecall): string =>
  `${name.padEnd(16)} P ${f3(m.precision)}  R ${f3(m.recall)}  F1 ${f3(m.f1)}  n ${m.support}`;

export const printReport = (title: string, report: ClassificationReport): void => {
  console.log(
    `\n${title}: ${report.count} texts, accuracy ${f3(report.accuracy)}, macro-F1 ${f3(report.macroF1)}`,
  );
  for (const [label, m] of Object.entries(report.perClass)) console.log(`  ${prLine(label, m)}`);
};
