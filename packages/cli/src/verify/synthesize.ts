import type { ValueInfoProto } from '@multimax/onnx';
import { DataType, float32ToFloat16Bits } from '@multimax/onnx';

/** One synthesized input, in the element type and shape the model declares. */
export interface SynthesizedInput {
  name: string;
  type: 'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'bool';
  dims: number[];
  data: Float32Array | Float64Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array;
}

export interface SynthesisOptions {
  /** Sizes for symbolic dimensions by name (e.g. batch_size=2); others get `defaultDim`. */
  dims: Record<string, number>;
  defaultDim: number;
  seed: number;
}

/**
 * Builds deterministic inputs for a model from its declared input types and shapes: floats from a
 * seeded normal distribution, integer ids in [0, 100), masks (names containing "mask") all ones.
 */
export function synthesizeInputs(inputs: readonly ValueInfoProto[], initializerNames: ReadonlySet<string>, options: SynthesisOptions): SynthesizedInput[] {
  const random = seededRandom(options.seed);
  return inputs
    .filter((input) => !initializerNames.has(input.name))
    .map((input) => {
      const type = input.type?.value;
      if (type?.case !== 'tensorType') throw new Error(`input ${JSON.stringify(input.name)} is not a tensor; pass inputs explicitly`);
      const dims = (type.value.shape?.dim ?? []).map((dim) => {
        if (dim.value.case === 'dimValue') return Number(dim.value.value);
        if (dim.value.case === 'dimParam') return options.dims[dim.value.value] ?? options.defaultDim;
        return options.defaultDim;
      });
      const size = dims.reduce((product, dim) => product * dim, 1);
      const isMask = /mask/i.test(input.name);
      return { name: input.name, dims, ...synthesizeData(type.value.elemType, size, isMask, random, input.name) };
    });
}

function synthesizeData(elemType: number, size: number, isMask: boolean, random: () => number, name: string): Pick<SynthesizedInput, 'type' | 'data'> {
  switch (elemType) {
    case DataType.FLOAT:
      return { type: 'float32', data: Float32Array.from({ length: size }, () => (isMask ? 1 : normal(random))) };
    case DataType.DOUBLE:
      return { type: 'float64', data: Float64Array.from({ length: size }, () => (isMask ? 1 : normal(random))) };
    case DataType.FLOAT16:
      return { type: 'float16', data: Uint16Array.from({ length: size }, () => float32ToFloat16Bits(isMask ? 1 : normal(random))) };
    case DataType.INT64:
      return { type: 'int64', data: BigInt64Array.from({ length: size }, () => BigInt(isMask ? 1 : Math.floor(random() * 100))) };
    case DataType.INT32:
      return { type: 'int32', data: Int32Array.from({ length: size }, () => (isMask ? 1 : Math.floor(random() * 100))) };
    case DataType.BOOL:
      return { type: 'bool', data: new Uint8Array(size).fill(1) };
    default:
      throw new Error(`cannot synthesize input ${JSON.stringify(name)} of element type ${DataType[elemType] ?? elemType}; pass inputs explicitly`);
  }
}

/** mulberry32: a small, fast, seeded PRNG with uniform output in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
