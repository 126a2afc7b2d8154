import * as ort from 'onnxruntime-node';

export type Feeds = Record<string, ort.Tensor>;

/** Runs a model from bytes on CPU and returns every output's data and dims. */
export async function runModel(bytes: Uint8Array, feeds: Feeds): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
  try {
    const results = await session.run(feeds);
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, tensor] of Object.entries(results)) outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    return outputs;
  } finally {
    await session.release();
  }
}

export function floatTensor(data: Float32Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** Largest absolute elementwise difference; Infinity when lengths differ or NaN appears. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = Math.abs((a[i] as number) - (b[i] as number));
    if (Number.isNaN(difference)) return Number.POSITIVE_INFINITY;
    max = Math.max(max, difference);
  }
  return max;
}
