import { promises as fs } from 'node:fs';
import path from 'node:path';

import { type BertShape, buildBert } from '../models/bert.js';

/** A synthetic BERT-like model for the patching benchmark, sized by its weight bytes. */
export interface SyntheticModelSpec {
  label: string;
  /** Weight bytes to reach; the vocabulary fills what the layers leave. */
  targetBytes: number;
  hidden: number;
  heads: number;
  layers: number;
  /** Keep the weights in one external data file, as models beyond protobuf's 2 GiB limit must. */
  external: boolean;
}

export interface WrittenModel {
  modelPath: string;
  /** Size of the .onnx file. */
  modelFileBytes: number;
  /** Size of all weights, stored in the .onnx file or in the external data file. */
  weightBytes: number;
  externalDataBytes: number;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Sizes of the full run: two models that fit in one protobuf message, two with external data. */
export const FULL_SYNTHETIC_MODELS: SyntheticModelSpec[] = [
  { label: '10 MiB', targetBytes: 10 * MIB, hidden: 256, heads: 4, layers: 3, external: false },
  { label: '100 MiB', targetBytes: 100 * MIB, hidden: 768, heads: 12, layers: 3, external: false },
  { label: '1 GiB, external data', targetBytes: GIB, hidden: 1024, heads: 16, layers: 19, external: true },
  { label: '2.5 GiB, external data', targetBytes: 2.5 * GIB, hidden: 1600, heads: 25, layers: 21, external: true },
];

/** Sizes of the --quick run, which only checks that the harness works. */
export const QUICK_SYNTHETIC_MODELS: SyntheticModelSpec[] = [
  { label: '1 MiB', targetBytes: MIB, hidden: 64, heads: 2, layers: 2, external: false },
  { label: '8 MiB, external data', targetBytes: 8 * MIB, hidden: 128, heads: 2, layers: 2, external: true },
];

const MAX_POSITIONS = 512;

/**
 * Writes the model into `folder`: weights are zeros in the .onnx file, or a sparse external data
 * file of the right length, which takes no time to write and no disk space. Patching and a plain
 * load and save never read external data, so its contents do not matter here.
 */
export async function writeSyntheticModel(spec: SyntheticModelSpec, folder: string, name: string): Promise<WrittenModel> {
  const modelPath = path.join(folder, `${name}.onnx`);
  const location = `${name}.onnx.data`;
  const built = buildBert(bertShapeFor(spec), spec.external ? { kind: 'external', location } : { kind: 'zeros' });

  await fs.writeFile(modelPath, built.model.toBytes());
  if (spec.external) {
    const handle = await fs.open(path.join(folder, location), 'w');
    await handle.truncate(built.externalBytes);
    await handle.close();
  }

  const modelFileBytes = (await fs.stat(modelPath)).size;
  return { modelPath, modelFileBytes, weightBytes: built.weightBytes, externalDataBytes: built.externalBytes };
}

/** The BERT shape whose weights come closest to `spec.targetBytes`: the vocabulary takes the rest. */
function bertShapeFor(spec: SyntheticModelSpec): BertShape {
  const { hidden, layers } = spec;
  // Floats per layer: Q, K, V and output projections 4(h² + h), two LayerNorms 4h, feed-forward 8h² + 5h.
  const layerFloats = 12 * hidden * hidden + 13 * hidden;
  // Besides the word table: positions, 2 token types and the embedding LayerNorm.
  const embeddingFloats = (MAX_POSITIONS + 2 + 2) * hidden;
  const remainingFloats = spec.targetBytes / 4 - layers * layerFloats - embeddingFloats;
  const vocabSize = Math.max(2, Math.round(remainingFloats / hidden));
  return { layers, hidden, heads: spec.heads, intermediate: 4 * hidden, vocabSize, maxPositions: MAX_POSITIONS };
}
