// Builds the recognizer variants the demo compares: the original SoftMax model and MultiMax-patched copies,
// each with the attention values exposed as extra outputs.
import type { ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, exposeValues, findSoftmaxSites, type PatchResult, patchModel } from '@multimax/onnx';

/** One attention Softmax of the model and the graph values around it. */
export interface AttentionLayer {
  /** Index among the attention Softmax nodes, in topological order, as params files count layers. */
  layer: number;
  softmaxNode: string;
  /** The Softmax input in the original model, where the patch inserts σ. */
  scoresValue: string;
  /** The Softmax output: the attention probabilities. Patching keeps this name. */
  probabilitiesValue: string;
}

export interface ModelVariant {
  bytes: Uint8Array;
  /** Undefined for the original model. */
  patch: PatchResult | undefined;
}

export interface VariantOptions {
  /** Params to patch the model with. Without them the variant keeps the original SoftMax model. */
  params?: ParamsFile;
  /** Also expose the pre-softmax scores, which costs a little memory per run. */
  exposeScores?: boolean;
}

/** Lists the attention Softmax nodes of a model, in layer order. */
export function findAttentionLayers(modelBytes: Uint8Array): AttentionLayer[] {
  const model = decodeModel(modelBytes);
  return findSoftmaxSites(model)
    .filter((site) => site.kind === 'attention')
    .map((site) => ({
      layer: site.layer,
      softmaxNode: site.name,
      scoresValue: site.insertion.value,
      probabilitiesValue: requireOutputName(site.node.output[0], site.name),
    }));
}

/**
 * Decodes a fresh copy of the original model, patches it when params are given, exposes the attention
 * probabilities (and optionally the scores) of `layers` as extra outputs, and encodes it again.
 * `originalBytes` is left unchanged, so one buffer serves every variant.
 */
export function buildModelVariant(originalBytes: Uint8Array, layers: readonly AttentionLayer[], options: VariantOptions = {}): ModelVariant {
  const model = decodeModel(originalBytes);
  const patch = options.params === undefined ? undefined : patchModel(model, options.params);

  const exposed = layers.map((layer) => layer.probabilitiesValue);
  if (options.exposeScores === true) exposed.push(...layers.map((layer) => layer.scoresValue));
  exposeValues(model, exposed);

  return { bytes: encodeModel(model), patch };
}

function requireOutputName(name: string | undefined, softmaxNode: string): string {
  if (name === undefined || name === '') throw new Error(`Softmax ${softmaxNode} has no output name`);
  return name;
}
