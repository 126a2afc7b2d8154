import type { GraphProto } from '@multimax/onnx';
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

/** Integer ids stay below this when no embedding table bounds them. */
const DEFAULT_ID_BOUND = 100;

/**
 * Builds deterministic inputs for a model from its declared input types and shapes. Floats come
 * from a seeded normal distribution. Inputs named like "mask" are all ones and token_type_ids are
 * zeros. Other integer ids are uniform below the row count of the embedding table they index (a
 * Gather on an initializer), or below 100 when no table bounds them.
 */
export function synthesizeInputs(graph: GraphProto, options: SynthesisOptions): SynthesizedInput[] {
  const random = seededRandom(options.seed);
  const initializerNames = new Set(graph.initializer.map((tensor) => tensor.name));
  return graph.input
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
      const fill = /mask/i.test(input.name) ? 1 : /token_type/i.test(input.name) ? 0 : undefined;
      const idBound = embeddingRows(graph, input.name) ?? DEFAULT_ID_BOUND;
      return { name: input.name, dims, ...synthesizeData(type.value.elemType, size, fill, idBound, random, input.name) };
    });
}

/** Returns the smallest row count of the initializer tables that Gather nodes index with `input`. */
function embeddingRows(graph: GraphProto, input: string): number | undefined {
  const rows = graph.node
    .filter((node) => node.opType === 'Gather' && node.input[1] === input)
    .map((node) => graph.initializer.find((tensor) => tensor.name === node.input[0])?.dims[0])
    .filter((dim): dim is bigint => dim !== undefined)
    .map(Number);
  return rows.length === 0 ? undefined : Math.min(...rows);
}

function synthesizeData(elemType: number, size: number, fill: number | undefined, idBound: number, random: () => number, name: string): Pick<SynthesizedInput, 'type' | 'data'> {
  const float = () => fill ?? normal(random);
  const id = () => fill ?? Math.floor(random() * idBound);
  switch (elemType) {
    case DataType.FLOAT:
      return { type: 'float32', data: Float32Array.from({ length: size }, float) };
    case DataType.DOUBLE:
      return { type: 'float64', data: Float64Array.from({ length: size }, float) };
    case DataType.FLOAT16:
      return { type: 'float16', data: Uint16Array.from({ length: size }, () => float32ToFloat16Bits(float())) };
    case DataType.INT64:
      return { type: 'int64', data: BigInt64Array.from({ length: size }, () => BigInt(id())) };
    case DataType.INT32:
      return { type: 'int32', data: Int32Array.from({ length: size }, id) };
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
