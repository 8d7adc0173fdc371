/** A sparse feature vector: ascending feature indices and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export const dot = (vector: SparseVector, weights: ArrayLike<number>): number => {
  let sum = 0;
  for (let k = 0; k < vector.indices.length; k++) {
    sum += (vector.values[k] ?? 0) * (weights[vector.indices[k] ?? 0] ?? 0);
  }
  return sum;
};

export const squaredNorm = (vector: SparseVector): number => {
  let sum = 0;
  for (const v of vector.values) sum += v * v;
  return sum;
};
