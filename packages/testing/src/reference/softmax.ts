/** Rows of a softmax: `count` groups of `length` elements, element j of group g at offset(g) + j·stride. */
interface SoftmaxRows {
  count: number;
  length: number;
  stride: number;
  offset: (group: number) => number;
}

function normalizeAxis(axis: number, rank: number): number {
  const normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= Math.max(rank, 1)) throw new Error(`Axis ${axis} is out of range for rank ${rank}.`);
  return normalized;
}

function softmaxRows(dims: readonly number[], axis: number, coercesTo2d: boolean): SoftmaxRows {
  const normalized = normalizeAxis(axis, dims.length);
  const outer = dims.slice(0, normalized).reduce((count, dim) => count * dim, 1);
  if (coercesTo2d) {
    // Opset < 13: the tensor is viewed as [outer, product of dims from the axis on], rows are contiguous.
    const length = dims.slice(normalized).reduce((count, dim) => count * dim, 1);
    return { count: outer, length, stride: 1, offset: (group) => group * length };
  }
  const length = dims[normalized] ?? 1;
  const inner = dims.slice(normalized + 1).reduce((count, dim) => count * dim, 1);
  return {
    count: outer * inner,
    length,
    stride: inner,
    offset: (group) => Math.floor(group / inner) * length * inner + (group % inner),
  };
}

function normalizeRows(data: ArrayLike<number>, dims: readonly number[], axis: number, coercesTo2d: boolean, logarithm: boolean): Float64Array {
  const result = new Float64Array(data.length);
  const rows = softmaxRows(dims, axis, coercesTo2d);
  for (let group = 0; group < rows.count; group++) {
    const start = rows.offset(group);
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < rows.length; j++) max = Math.max(max, data[start + j * rows.stride] ?? Number.NaN);

    // A row that is -Infinity everywhere gives NaN, as x - max is NaN there in onnxruntime too.
    let sum = 0;
    for (let j = 0; j < rows.length; j++) sum += Math.exp((data[start + j * rows.stride] ?? Number.NaN) - max);
    const logSum = Math.log(sum);
    for (let j = 0; j < rows.length; j++) {
      const shifted = (data[start + j * rows.stride] ?? Number.NaN) - max;
      result[start + j * rows.stride] = logarithm ? shifted - logSum : Math.exp(shifted) / sum;
    }
  }
  return result;
}

/**
 * Computes Softmax in float64. With `coercesTo2d` (opset < 13) each row of the trailing dims
 * flattened from `axis` is normalized, otherwise the normalization runs along `axis` only.
 */
export function softmax64(data: ArrayLike<number>, dims: readonly number[], axis: number, coercesTo2d: boolean): Float64Array {
  return normalizeRows(data, dims, axis, coercesTo2d, false);
}

/** Computes LogSoftmax in float64, with the same axis semantics as softmax64. */
export function logSoftmax64(data: ArrayLike<number>, dims: readonly number[], axis: number, coercesTo2d: boolean): Float64Array {
  return normalizeRows(data, dims, axis, coercesTo2d, true);
}
