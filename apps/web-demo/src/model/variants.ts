// Builds the recognizer variants the page compares, as apps/ocr-demo does: the original SoftMax model
// and MultiMax-patched copies, each with the attention probabilities exposed as extra outputs.
import type { ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, exposeValues, findSoftmaxSites, type ModelProto, type PatchResult, patchModel } from '@multimax/onnx';

/** One attention Softmax of the model. */
export interface AttentionLayer {
  /** Index among the attention Softmax nodes, in topological order, as params files count layers. */
  layer: number;
  softmaxNode: string;
  /** The Softmax output: the attention probabilities. Patching keeps this name. */
  probabilitiesValue: string;
}

export interface ModelVariant {
  bytes: Uint8Array;
  /** Undefined for the original model. */
  patch: PatchResult | undefined;
  /** Time to decode, patch, expose and encode, in milliseconds. */
  buildMs: number;
}

/** Lists the attention Softmax nodes of a decoded model, in layer order. */
export function findAttentionLayers(model: ModelProto): AttentionLayer[] {
  return findSoftmaxSites(model)
    .filter((site) => site.kind === 'attention')
    .map((site) => ({ layer: site.layer, softmaxNode: site.name, probabilitiesValue: requireOutputName(site.node.output[0], site.name) }));
}

/**
 * Decodes a fresh copy of the original model, patches it when params are given, exposes the
 * attention probabilities of `layers` as extra outputs and encodes it again. Decoding anew each time
 * leaves `originalBytes` unchanged, so one buffer serves every variant. All four steps took 70 to
 * 190 ms for this model in headless Chromium on a 2-core x86-64 machine.
 */
export function buildModelVariant(originalBytes: Uint8Array, layers: readonly AttentionLayer[], params?: ParamsFile): ModelVariant {
  const start = performance.now();
  const model = decodeModel(originalBytes);
  const patch = params === undefined ? undefined : patchModel(model, params);

  exposeValues(model, layers.map((layer) => layer.probabilitiesValue));

  return { bytes: encodeModel(model), patch, buildMs: performance.now() - start };
}

function requireOutputName(name: string | undefined, softmaxNode: string): string {
  if (name === undefined || name === '') throw new Error(`Softmax ${softmaxNode} has no output name`);
  return name;
}
