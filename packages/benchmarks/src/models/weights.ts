import type { TensorProto } from '@multimax/onnx';
import { emptyTensor, float32Tensor, type GraphBuilder, SeededRandom } from '@multimax/testing';

/**
 * Where a model's float32 weights come from:
 * - `random`: seeded normal values stored in the model, for models that run;
 * - `zeros`: zeros stored in the model, for models that are only patched, read and written;
 * - `external`: nothing stored; every weight points into one external data file that the caller
 *   creates with `externalBytes` bytes (a sparse file is enough, because patching never reads it).
 */
export type WeightStorage = { kind: 'random'; seed: number } | { kind: 'zeros' } | { kind: 'external'; location: string };

type ExternalDataEntry = TensorProto['externalData'][number];

const FLOAT32_BYTES = 4;

/** Creates the float32 initializers of one model and counts their bytes. */
export class Weights {
  /** Bytes of all weights, stored in the model or in the external data file. */
  totalBytes = 0;
  /** Length of the external data file the weights point into; 0 unless the storage is `external`. */
  externalBytes = 0;
  private readonly random: SeededRandom | undefined;

  constructor(
    private readonly graph: GraphBuilder,
    private readonly storage: WeightStorage,
  ) {
    this.random = storage.kind === 'random' ? new SeededRandom(storage.seed) : undefined;
  }

  /** Adds the initializer `name` of normal values with standard deviation `std` around `mean`. */
  normal(name: string, dims: readonly number[], std: number, mean = 0): string {
    const count = dims.reduce((product, dim) => product * dim, 1);
    this.totalBytes += count * FLOAT32_BYTES;

    if (this.storage.kind === 'external') return this.graph.addInitializer(this.externalTensor(name, dims, count * FLOAT32_BYTES, this.storage.location));
    if (this.random === undefined) return this.graph.addFloat32Initializer(name, dims, new Float32Array(count));

    const values = this.random.normalArray(count, std);
    if (mean !== 0) for (let i = 0; i < count; i++) values[i] = (values[i] ?? 0) + mean;
    return this.graph.addInitializer(float32Tensor(name, dims, values));
  }

  /** A tensor whose bytes live at the end of the external data file, as onnx.save_model packs them. */
  private externalTensor(name: string, dims: readonly number[], length: number, location: string): TensorProto {
    const offset = this.externalBytes;
    this.externalBytes += length;

    const tensor = emptyTensor(name, 'float32');
    tensor.dims = dims.map((dim) => BigInt(dim));
    tensor.dataLocation = 1; // TensorProto.DataLocation.EXTERNAL
    tensor.externalData = [entry('location', location), entry('offset', String(offset)), entry('length', String(length))];
    return tensor;
  }
}

function entry(key: string, value: string): ExternalDataEntry {
  return { $typeName: 'onnx.StringStringEntryProto', key, value };
}
