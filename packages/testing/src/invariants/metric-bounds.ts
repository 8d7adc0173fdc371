import type { Violation } from "./violation.js";

/**
 * Bounds every metric report must respect, whatever its grouping: each rate
 * `{ numerator, denominator, value }` has 0 ≤ numerator ≤ denominator, whole
 * counts, and `value` = numerator ÷ denominator (or `null` when the
 * denominator is 0, docs/metrics.md); every count is a whole number ≥ 0;
 * `overdue` + `dueSoon` ≤ `open`. The report is walked as data, so the check
 * fits any shape that nests rates and counts (per org, per month, …).
 */
export const metricBounds = (report: unknown): Violation[] => {
  const violations: Violation[] = [];
  const fail = (path: string, message: string) =>
    violations.push({ rule: "metricBounds", message: `${path || "(root)"}: ${message}` });
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  walk(report, "", (path, node) => {
    if (isRate(node)) {
      const { numerator: n, denominator: d, value } = node;
      if (!isCount(n) || !isCount(d))
        fail(path, `numerator ${n} and denominator ${d} must be whole numbers ≥ 0`);
      else if (n > d) fail(path, `numerator ${n} exceeds denominator ${d}`);
      const expected = d === 0 ? null : n / d;
      if (
        expected === null ? value !== null : value === null || Math.abs(value - expected) > 1e-12
      ) {
        fail(path, `value ${String(value)} is not ${n} ÷ ${d} = ${String(expected)}`);
      }
      return false;
    }
    if (isRecord(node) && isRecord(node.counts)) {
      const counts = node.counts;
      for (const [name, count] of Object.entries(counts)) {
        if (typeof count === "number" && !isCount(count)) {
          fail(join(path, `counts.${name}`), `${count} is not a whole number ≥ 0`);
        }
      }
      const { open, overdue, dueSoon } = counts;
      if (typeof open === "number") {
        const late =
          (typeof overdue === "number" ? overdue : 0) + (typeof dueSoon === "number" ? dueSoon : 0);
        if (late > open)
          fail(join(path, "counts"), `overdue + dueSoon = ${late} exceeds open = ${open}`);
      }
    }
    return true;
  });
  return violations;
};

interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

const isRecord = (node: unknown): node is Record<string, unknown> =>
  typeof node === "object" && node !== null && !Array.isArray(node);

const isRate = (node: unknown): node is Rate =>
  isRecord(node) &&
  typeof node.numerator === "number" &&
  typeof node.denominator === "number" &&
  "value" in node;

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Depth-first walk; `visit` returns false to skip a node's children. */
const walk = (
  node: unknown,
  path: string,
  visit: (path: string, node: unknown) => boolean,
): void => {
  if (!visit(path, node)) return;
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      walk(child, path ? `${path}.${i}` : String(i), visit);
    });
  } else if (isRecord(node)) {
    for (const [key, child] of Object.entries(node)) {
      walk(child, path ? `${path}.${key}` : key, visit);
    }
  }
};
