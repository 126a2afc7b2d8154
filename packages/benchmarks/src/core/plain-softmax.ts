/**
 * Softmax over each row of a row-major float32 tensor, as a plain JavaScript loop would write it:
 * maximum, exp and sum in float64, results rounded to float32. It has none of MultiMax's masking
 * or non-finite rules, which makes it the baseline for what those cost.
 */
export function plainSoftmaxRows(data: Float32Array, rowLength: number): Float32Array {
  const output = new Float32Array(data.length);
  for (let offset = 0; offset < data.length; offset += rowLength) {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = offset; i < offset + rowLength; i++) max = Math.max(max, data[i] as number);

    let sum = 0;
    for (let i = offset; i < offset + rowLength; i++) {
      const exponential = Math.exp((data[i] as number) - max);
      output[i] = exponential;
      sum += exponential;
    }
    for (let i = offset; i < offset + rowLength; i++) output[i] = (output[i] as number) / sum;
  }
  return output;
}
