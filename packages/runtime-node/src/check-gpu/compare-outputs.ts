import { toFloat64Tensor } from '@multimax/testing';
import type { Tensor } from 'onnxruntime-node';

/**
 * Largest absolute elementwise difference over every output of `expected`. NaN in both at the same
 * position counts as equal. A missing output, a shape mismatch or NaN on one side gives Infinity.
 */
export function maxAbsDifference(expected: Record<string, Tensor>, actual: Record<string, Tensor>): number {
  let max = 0;
  for (const [name, expectedTensor] of Object.entries(expected)) {
    const actualTensor = actual[name];
    if (actualTensor === undefined || expectedTensor.dims.join() !== actualTensor.dims.join()) return Number.POSITIVE_INFINITY;

    const a = toFloat64Tensor(expectedTensor).data;
    const b = toFloat64Tensor(actualTensor).data;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ?? 0;
      const y = b[i] ?? 0;
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const difference = Math.abs(x - y);
      if (Number.isNaN(difference)) return Number.POSITIVE_INFINITY;
      max = Math.max(max, difference);
    }
  }
  return max;
}
