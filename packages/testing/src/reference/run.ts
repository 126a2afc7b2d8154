import * as ort from 'onnxruntime-node';
import { float16BitsToFloat32 } from '../builder/fp16.js';
import type { FeedTensors } from '../fixture.js';
import { addExtraOutputs } from './extra-outputs.js';

/** An output tensor with its values widened to float64 (bool as 0/1, int64 as the nearest number). */
export interface Float64Tensor {
  /** onnxruntime type name of the original tensor, e.g. 'float32', 'float16', 'bool'. */
  type: string;
  dims: number[];
  data: Float64Array;
}

/** Converts fixture feeds to onnxruntime-node tensors. */
export function toOrtFeeds(feeds: FeedTensors): Record<string, ort.Tensor> {
  const tensors: Record<string, ort.Tensor> = {};
  for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
  return tensors;
}

/** Widens an onnxruntime tensor to float64, decoding float16 bits. */
export function toFloat64Tensor(tensor: ort.Tensor): Float64Tensor {
  const source = tensor.data;
  const data = new Float64Array(tensor.size);
  if (tensor.type === 'float16') {
    const bits = source as Uint16Array;
    for (let i = 0; i < data.length; i++) data[i] = float16BitsToFloat32(bits[i] ?? 0);
  } else if (source instanceof BigInt64Array || source instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) data[i] = Number(source[i] ?? 0n);
  } else if (typeof source === 'object' && source !== null && 'length' in source) {
    const values = source as ArrayLike<number | boolean>;
    for (let i = 0; i < data.length; i++) data[i] = Number(values[i] ?? Number.NaN);
  } else {
    throw new Error(`Cannot read tensor data of type ${tensor.type} as numbers.`);
  }
  return { type: tensor.type, dims: [...tensor.dims], data };
}

export interface RunOptions {
  /** External data files the model refers to, by the `location` written in the model. */
  externalData?: ReadonlyArray<{ path: string; data: Uint8Array }>;
}

/**
 * Runs a model in onnxruntime-node with the named values added as outputs and returns them, keyed by
 * the requested names, together with the model's own outputs. A value inside an If branch that did not
 * run comes back with no elements.
 */
export async function runWithExtraOutputs(
  bytes: Uint8Array,
  feeds: FeedTensors,
  names: readonly string[],
  options: RunOptions = {},
): Promise<Map<string, Float64Tensor>> {
  const extended = addExtraOutputs(bytes, names);
  const sessionOptions: ort.InferenceSession.SessionOptions = {};
  if (options.externalData !== undefined) sessionOptions.externalData = options.externalData.map((file) => ({ path: file.path, data: file.data }));

  const session = await ort.InferenceSession.create(extended.bytes, sessionOptions);
  try {
    const results = await session.run(toOrtFeeds(feeds));
    const values = new Map<string, Float64Tensor>();
    const liftedNames = new Set(extended.outputNames.values());
    for (const outputName of session.outputNames) {
      const tensor = results[outputName];
      if (tensor !== undefined && !liftedNames.has(outputName)) values.set(outputName, toFloat64Tensor(tensor));
    }
    for (const [requested, outputName] of extended.outputNames) {
      const tensor = results[outputName];
      if (tensor === undefined) throw new Error(`onnxruntime returned no output "${outputName}" for value "${requested}".`);
      values.set(requested, toFloat64Tensor(tensor));
    }
    return values;
  } finally {
    await session.release();
  }
}
