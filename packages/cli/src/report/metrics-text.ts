import { type MetricsGroup, type MetricsReport, RATE_NAMES } from "@petitio/core";
import { renderCsv } from "../output/csv.js";
import { renderTable } from "../output/table.js";
import { percent, RATE_LABELS, type RateName } from "./labels.js";
import { type NotRecorded, notRecordedLines } from "./rate-evidence.js";

const period = (r: MetricsReport): string =>
  r.from === null && r.to === null ? "all time" : `[${r.from ?? "…"}, ${r.to ?? "…"})`;

/**
 * The metrics report as aligned text tables. A rate in `notRecorded` shows —
 * for its value (its numerator and denominator stay) and a line below says why.
 */
export const metricsTable = (report: MetricsReport, notRecorded: NotRecorded = {}): string => {
  const c = report.counts;
  const shown = (n: RateName, value: number | null) =>
    notRecorded[n] === undefined ? percent(value) : "—";
  const parts = [
    `Petitio metrics as of ${report.asOf}, period ${period(report)}`,
    "",
    `registered ${c.registered}    open ${c.open}    overdue ${c.overdue}    due soon ${c.dueSoon}    awaiting petitioner ${c.awaitingPetitioner}`,
    "",
    renderTable(
      [
        {
          header: "rate",
          value: (n: (typeof RATE_NAMES)[number]) => `${RATE_LABELS[n].en} ${RATE_LABELS[n].zh}`,
        },
        { header: "numerator", value: (n) => String(report.rates[n].numerator), align: "right" },
        {
          header: "denominator",
          value: (n) => String(report.rates[n].denominator),
          align: "right",
        },
        { header: "value", value: (n) => shown(n, report.rates[n].value), align: "right" },
      ],
      RATE_NAMES,
    ),
    ...notRecordedLines(report, notRecorded),
  ];
  if (report.groups.length > 0) {
    parts.push(
      "",
      renderTable<MetricsGroup>(
        [
          { header: "group", value: (g) => g.key, maxWidth: 30 },
          { header: "registered", value: (g) => String(g.counts.registered), align: "right" },
          { header: "open", value: (g) => String(g.counts.open), align: "right" },
          { header: "overdue", value: (g) => String(g.counts.overdue), align: "right" },
          ...RATE_NAMES.map((n) => ({
            header: RATE_LABELS[n].zh.replace(/率$/, ""),
            value: (g: MetricsGroup) => shown(n, g.rates[n].value),
            align: "right" as const,
          })),
        ],
        report.groups,
      ),
    );
  }
  return `${parts.join("\n")}\n`;
};

/** One CSV row per scope (the whole log, then each group), numerators and denominators included. */
export const metricsCsv = (report: MetricsReport): string => {
  const header = [
    "scope",
    "key",
    "asOf",
    "from",
    "to",
    "registered",
    "open",
    "overdue",
    "dueSoon",
    "awaitingPetitioner",
    ...RATE_NAMES.flatMap((n) => [`${n}.numerator`, `${n}.denominator`, `${n}.value`]),
  ];
  const row = (scope: string, key: string, g: Pick<MetricsGroup, "counts" | "rates">) => [
    scope,
    key,
    report.asOf,
    report.from ?? "",
    report.to ?? "",
    g.counts.registered,
    g.counts.open,
    g.counts.overdue,
    g.counts.dueSoon,
    g.counts.awaitingPetitioner,
    ...RATE_NAMES.flatMap((n) => [g.rates[n].numerator, g.rates[n].denominator, g.rates[n].value]),
  ];
  return renderCsv(header, [
    row("all", "", report),
    ...report.groups.map((g) => row("group", g.key, g)),
  ]);
};
