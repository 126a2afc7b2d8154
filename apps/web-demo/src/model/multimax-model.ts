// Builds the MultiMax recognizer for params per attention layer: patch a fresh copy of the model, then
// create its session on the page's backend.
import type { BuiltModel } from '../app/explorer';
import { type FirstOrderParams, toParamsFile } from '../params/first-order';
import { Recognizer } from './recognizer';
import type { BackendName } from './runtime';
import { type AttentionLayer, buildModelVariant } from './variants';

export interface MultimaxModelSource {
  originalBytes: Uint8Array;
  layers: readonly AttentionLayer[];
  classes: readonly string[];
  backend: BackendName;
}

/** Patches a fresh copy of the model with `params` and creates its session on `source.backend`. */
export async function buildMultimaxModel(source: MultimaxModelSource, params: readonly FirstOrderParams[]): Promise<BuiltModel> {
  const variant = buildModelVariant(source.originalBytes, source.layers, toParamsFile(params, 'MultiMax web demo'));

  const start = performance.now();
  const model = await Recognizer.create(
    variant.bytes,
    source.backend,
    source.classes,
    source.layers.map((layer) => layer.probabilitiesValue),
  );
  return { model, patchMs: variant.buildMs, sessionMs: performance.now() - start };
}
