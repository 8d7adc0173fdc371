import type { MetricRates } from "@petitio/core";
import type { SynthesizedSummary } from "../input/synthesized-tally.js";
import { RATE_LABELS } from "../report/labels.js";

/**
 * The lines under a report's table that name each rate resting on
 * synthesized events, with how much of each input was synthesized.
 */
export const synthesizedNote = (summary: SynthesizedSummary): string => {
  const entries = Object.entries(summary.rates) as [
    keyof MetricRates,
    Record<string, { synthesized: number; total: number }>,
  ][];
  if (entries.length === 0) return "";
  const lines = entries.map(([rate, inputs]) => {
    const shares = Object.entries(inputs).map(
      ([type, s]) =>
        `${type} ${s.synthesized}/${s.total}${s.synthesized === s.total ? " (all)" : ""}`,
    );
    return `  ${RATE_LABELS[rate].en} ${RATE_LABELS[rate].zh}: ${shares.join(", ")}`;
  });
  return [
    "",
    `rates resting on synthesized events (${summary.events} events marked meta.synthesized: the importer's assumptions, not the source's record):`,
    ...lines,
    "",
  ].join("\n");
};
