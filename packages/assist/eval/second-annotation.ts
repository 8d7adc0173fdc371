/**
 * A second, independent annotation of the labelled duplicate pool
 * (eval/duplicate-pairs-second.tsv, optional): lines
 * `a<TAB>b<TAB>secondLabel[<TAB>adjudicated]`, `#` starts a comment. The
 * second annotator labels every pair blind to the first labels and to the
 * detector; where the two disagree, the fourth column is the label agreed on
 * after reading the pair again. This file reads it, measures how far the two
 * annotations agree (Cohen's kappa) and gives every pair its adjudicated label.
 */
import { AssistInputError } from "../src/errors.js";

export const SECOND_LABELS_FILE = "duplicate-pairs-second.tsv";

export interface FirstLabel {
  a: string;
  b: string;
  duplicate: boolean;
}

export interface SecondLabel {
  a: string;
  b: string;
  second: boolean;
  /** The fourth column, where given. */
  adjudicated?: boolean;
}

/** One key for a pair whichever way round it is written. */
export const pairKey = (x: string, y: string): string => {
  const nx = Number(x);
  const ny = Number(y);
  const numeric = Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny;
  return (numeric ? nx < ny : x < y) ? `${x}:${y}` : `${y}:${x}`;
};

const readLabel = (field: string, value: string): boolean => {
  if (value === "1") return true;
  if (value === "0") return false;
  throw new AssistInputError(field, `a label is 0 or 1, not "${value}"`);
};

/** Parses the second annotation's text; `source` names the file in errors. */
export const parseSecondLabels = (text: string, source: string): Map<string, SecondLabel> => {
  const labels = new Map<string, SecondLabel>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("#")) return;
    const at = `${source} line ${i + 1}`;
    const cells = line.split("\t").map((cell) => cell.trim());
    if (cells.length < 3 || cells.length > 4)
      throw new AssistInputError(
        at,
        `expected a, b, second label and an optional adjudicated label separated by tabs, found ${cells.length} columns`,
      );
    const [a = "", b = "", second = "", adjudicated = ""] = cells;
    if (a === "" || b === "" || a === b)
      throw new AssistInputError(at, "a pair is two different petition ids");
    const key = pairKey(a, b);
    if (labels.has(key)) throw new AssistInputError(at, `pair ${a} ${b} is labelled twice`);
    labels.set(key, {
      a,
      b,
      second: readLabel(`${at} second label`, second),
      ...(adjudicated === ""
        ? {}
        : { adjudicated: readLabel(`${at} adjudicated label`, adjudicated) }),
    });
  });
  return labels;
};

/** The four cells of a 2×2 table of two annotations: first label, then second. */
export interface AgreementCounts {
  bothDuplicate: number;
  bothNot: number;
  /** First says duplicate, second says not. */
  firstOnly: number;
  /** First says not, second says duplicate. */
  secondOnly: number;
}

/**
 * Cohen's kappa: agreement beyond what two annotators with these label rates
 * would reach by chance, (pₒ − pₑ) / (1 − pₑ). Where chance agreement is
 * already certain (both gave every pair one and the same label) the two agree
 * on everything, and kappa is 1.
 */
export const cohenKappa = (c: AgreementCounts): number => {
  const n = c.bothDuplicate + c.bothNot + c.firstOnly + c.secondOnly;
  if (n === 0) return Number.NaN;
  const observed = (c.bothDuplicate + c.bothNot) / n;
  const firstYes = (c.bothDuplicate + c.firstOnly) / n;
  const secondYes = (c.bothDuplicate + c.secondOnly) / n;
  const chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
  return chance === 1 ? 1 : (observed - chance) / (1 - chance);
};

const secondOf = (p: FirstLabel, second: Map<string, SecondLabel>): SecondLabel => {
  const s = second.get(pairKey(p.a, p.b));
  if (s === undefined)
    throw new AssistInputError(
      `pair ${p.a} ${p.b}`,
      `has no second label in ${SECOND_LABELS_FILE}`,
    );
  return s;
};

export const agreementCounts = (
  first: readonly FirstLabel[],
  second: Map<string, SecondLabel>,
): AgreementCounts => {
  const c: AgreementCounts = { bothDuplicate: 0, bothNot: 0, firstOnly: 0, secondOnly: 0 };
  for (const p of first) {
    const s = secondOf(p, second).second;
    if (p.duplicate && s) c.bothDuplicate++;
    else if (!p.duplicate && !s) c.bothNot++;
    else if (p.duplicate) c.firstOnly++;
    else c.secondOnly++;
  }
  return c;
};

/**
 * Every first-labelled pair, in the same order, with its adjudicated label:
 * the common label where the two annotations agree, else the fourth column.
 * Every pair must have a second label, and the second file no pair the first
 * lacks; a disagreement without a fourth column, or a fourth column that
 * contradicts a label both gave, is an error naming the pair.
 */
export const adjudicate = (
  first: readonly FirstLabel[],
  second: Map<string, SecondLabel>,
): FirstLabel[] => {
  const known = new Set(first.map((p) => pairKey(p.a, p.b)));
  for (const [key, s] of second)
    if (!known.has(key))
      throw new AssistInputError(`pair ${s.a} ${s.b}`, "is not one of the first-labelled pairs");
  return first.map((p) => {
    const s = secondOf(p, second);
    if (s.second === p.duplicate) {
      if (s.adjudicated !== undefined && s.adjudicated !== p.duplicate)
        throw new AssistInputError(
          `pair ${p.a} ${p.b}`,
          `both annotations say ${p.duplicate ? 1 : 0} but the adjudicated label says ${s.adjudicated ? 1 : 0}`,
        );
      return { ...p };
    }
    if (s.adjudicated === undefined)
      throw new AssistInputError(
        `pair ${p.a} ${p.b}`,
        `first label ${p.duplicate ? 1 : 0} and second label ${s.second ? 1 : 0} disagree and there is no adjudicated label (4th column)`,
      );
    return { ...p, duplicate: s.adjudicated };
  });
};

/** The second labels alone, as first-label rows in the first file's order. */
export const secondOnly = (
  first: readonly FirstLabel[],
  second: Map<string, SecondLabel>,
): FirstLabel[] => first.map((p) => ({ ...p, duplicate: secondOf(p, second).second }));

/** "n 485: agree 93.2 %, kappa 0.781; both 1: …, both 0: …, first 1 / second 0: …, first 0 / second 1: …" */
export const agreementLine = (c: AgreementCounts): string => {
  const n = c.bothDuplicate + c.bothNot + c.firstOnly + c.secondOnly;
  const raw = n === 0 ? 0 : (100 * (c.bothDuplicate + c.bothNot)) / n;
  return `n ${n}: agree ${raw.toFixed(1)} %, kappa ${cohenKappa(c).toFixed(3)}; both 1: ${c.bothDuplicate}, both 0: ${c.bothNot}, first 1 / second 0: ${c.firstOnly}, first 0 / second 1: ${c.secondOnly}`;
};
