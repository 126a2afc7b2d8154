import { promises as fs } from 'node:fs';

import { ModelError } from '@multimax/onnx';
import { readModelFile } from '@multimax/onnx/node';

import { UsageError } from '../errors.js';
import { formatTable } from '../format.js';
import { loadOnnxRuntime } from '../verify/runtime.js';
import { type SynthesizedInput, synthesizeInputs } from '../verify/synthesize.js';

export interface VerifyOptions {
  inputs?: string;
  dim: string[];
  defaultDim: string;
  seed: string;
  maxDiff?: string;
}

export interface OutputComparison {
  name: string;
  dims: readonly number[];
  maxAbsDifference: number;
  nonFiniteOriginal: number;
  nonFinitePatched: number;
}

/**
 * Runs the original and the patched model on the same inputs in onnxruntime-node (CPU) and prints
 * the max absolute difference per output. With --max-diff, a larger difference fails (exit 1).
 */
export async function runVerify(originalPath: string, patchedPath: string, options: VerifyOptions, print: (text: string) => void): Promise<void> {
  const dims = parseDims(options.dim);
  const defaultDim = Number(options.defaultDim);
  if (!Number.isInteger(defaultDim) || defaultDim < 1) throw new UsageError(`invalid --default-dim ${JSON.stringify(options.defaultDim)}; use a positive integer`);
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`invalid --seed ${JSON.stringify(options.seed)}; use an integer`);
  const maxDiff = options.maxDiff === undefined ? undefined : Number(options.maxDiff);
  if (maxDiff !== undefined && !(maxDiff >= 0)) throw new UsageError(`invalid --max-diff ${JSON.stringify(options.maxDiff)}; use a number ≥ 0`);

  // Reading both first validates them (and their external data) with the CLI's own error messages.
  const original = await readModelFile(originalPath);
  await readModelFile(patchedPath);

  const graph = original.model.graph!;
  const inputs = options.inputs !== undefined ? await readInputsFile(options.inputs) : synthesizeInputs(graph, { dims, defaultDim, seed });

  const ort = await loadOnnxRuntime();
  const feeds = Object.fromEntries(inputs.map((input) => [input.name, new ort.Tensor(input.type, input.data, input.dims)]));
  const run = async (file: string) => {
    const session = await ort.InferenceSession.create(file);
    try {
      return await session.run(feeds);
    } catch (error) {
      throw new ModelError('invalid-model', `onnxruntime-node failed to run the model (${(error as Error).message.split('\n')[0]}); check the inputs and --dim sizes`, { file, cause: error });
    } finally {
      await session.release();
    }
  };
  const [expected, actual] = [await run(originalPath), await run(patchedPath)];

  const comparisons = Object.entries(expected).map(([name, tensor]): OutputComparison => {
    const other = actual[name];
    if (other === undefined) throw new ModelError('invalid-model', `output ${JSON.stringify(name)} of the original model is missing from the patched model`, { file: patchedPath });
    return compareOutputs(name, tensor.dims, tensor.data as ArrayLike<number | bigint>, other.data as ArrayLike<number | bigint>);
  });

  print(`inputs: ${inputs.map((input) => `${input.name} ${input.type}[${input.dims.join(',')}]`).join(', ')}`);
  print(formatTable(['output', 'shape', 'max |Δ|', 'non-finite (original/patched)'], comparisons.map((row) => [row.name, `[${row.dims.join(',')}]`, row.maxAbsDifference.toExponential(3), `${row.nonFiniteOriginal}/${row.nonFinitePatched}`])));

  if (maxDiff !== undefined) {
    const failing = comparisons.filter((row) => !(row.maxAbsDifference <= maxDiff));
    if (failing.length > 0) throw new ModelError('invalid-model', `outputs differ by more than --max-diff ${maxDiff}: ${failing.map((row) => `${row.name} (${row.maxAbsDifference.toExponential(3)})`).join(', ')}`);
    print(`all outputs within ${maxDiff}`);
  }
}

export function compareOutputs(name: string, dims: readonly number[], a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): OutputComparison {
  let maxAbsDifference = a.length === b.length ? 0 : Number.POSITIVE_INFINITY;
  let nonFiniteOriginal = 0;
  let nonFinitePatched = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (!Number.isFinite(x)) nonFiniteOriginal++;
    if (!Number.isFinite(y)) nonFinitePatched++;
    // Equal infinities (e.g. masked logits) do not count as a difference; NaN does.
    if (x === y) continue;
    const difference = Math.abs(x - y);
    maxAbsDifference = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(maxAbsDifference, difference);
  }
  return { name, dims, maxAbsDifference, nonFiniteOriginal, nonFinitePatched };
}

function parseDims(entries: string[]): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const entry of entries) {
    const match = /^([^=]+)=(\d+)$/.exec(entry);
    if (match === null) throw new UsageError(`invalid --dim ${JSON.stringify(entry)}; use NAME=SIZE, e.g. --dim sequence_length=16`);
    dims[match[1]!] = Number(match[2]);
  }
  return dims;
}

/** Reads inputs from JSON: `{ "name": { "type": "float32", "dims": [1, 3], "data": [0.1, 0.2, 0.3] } }`. */
async function readInputsFile(file: string): Promise<SynthesizedInput[]> {
  let parsed: Record<string, { type: SynthesizedInput['type']; dims: number[]; data: number[] }>;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new ModelError('io', `cannot read the inputs file (${(error as Error).message}); it must be JSON like {"x": {"type": "float32", "dims": [1, 2], "data": [0, 1]}}`, { file, cause: error });
  }
  return Object.entries(parsed).map(([name, input]) => {
    if (input.type === 'float16') throw new UsageError(`input ${JSON.stringify(name)} in ${file}: float16 inputs are not supported in an inputs file; let verify synthesize them instead`);
    const data = input.type === 'int64' ? BigInt64Array.from(input.data, (value) => BigInt(value))
      : input.type === 'int32' ? Int32Array.from(input.data)
      : input.type === 'bool' ? Uint8Array.from(input.data)
      : input.type === 'float64' ? Float64Array.from(input.data)
      : Float32Array.from(input.data);
    return { name, type: input.type, dims: input.dims, data };
  });
}
