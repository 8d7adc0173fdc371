/**
 * Logistic regression by batch gradient descent on standardised features
 * (L2-penalised), for fitting the duplicate score's weights on the tuning
 * half of the labelled pairs. Small and deterministic: a few hundred rows.
 */
export interface LogisticFit {
  /** Weight of each feature on its raw scale. */
  weights: number[];
  bias: number;
}

export const fitLogistic = (
  rows: readonly number[][],
  labels: readonly boolean[],
  { l2 = 0.01, iterations = 3000, rate = 0.5 } = {},
): LogisticFit => {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, k) => rows.reduce((s, r) => s + (r[k] ?? 0), 0) / n);
  const sd = mean.map(
    (m, k) => Math.sqrt(rows.reduce((s, r) => s + ((r[k] ?? 0) - m) ** 2, 0) / n) || 1,
  );
  const x = rows.map((r) => r.map((v, k) => (v - (mean[k] ?? 0)) / (sd[k] ?? 1)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    let gradB = 0;
    x.forEach((r, i) => {
      const z = b + r.reduce((s, v, k) => s + v * (w[k] ?? 0), 0);
      const error = 1 / (1 + Math.exp(-z)) - (labels[i] ? 1 : 0);
      gradB += error;
      r.forEach((v, k) => {
        grad[k] = (grad[k] ?? 0) + error * v;
      });
    });
    for (let k = 0; k < d; k++) w[k] = (w[k] ?? 0) - rate * ((grad[k] ?? 0) / n + l2 * (w[k] ?? 0));
    b -= (rate * gradB) / n;
  }
  const weights = w.map((v, k) => v / (sd[k] ?? 1));
  return { weights, bias: b - weights.reduce((s, v, k) => s + v * (mean[k] ?? 0), 0) };
};
