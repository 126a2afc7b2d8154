import { LogitsProcessor, type Tensor } from '@huggingface/transformers';
import { type AnyParams, isMaskedValue, type ModulatorParams, modulate, normalizeParams, type ParamsFile, selectTarget } from '@multimax/core';

import { toParamsFile } from '../params/params-value.js';

/**
 * Output-layer MultiMax for generate() and the text-generation pipeline: replaces each logit x by
 * σ(x), so the sampler's softmax becomes Softmax(σ(logits)). transformers.js models end at the
 * logits, so the output layer cannot be patched in the graph.
 *
 * Logits at or below the float32 lowest value (−Infinity from processors that ban tokens) stay
 * unchanged, as MultiMax treats them as masked. Pass it last in `logits_processor`; transformers.js
 * runs caller processors after its own.
 */
export class MultiMaxLogitsProcessor extends LogitsProcessor {
  readonly params: ModulatorParams;

  /**
   * Takes params in either notation, or a params file, whose target for output layer 0
   * (`{ "select": { "kind": "output" } }`) applies.
   */
  constructor(params: AnyParams | ParamsFile) {
    super();
    this.params = outputLayerParams(params);
  }

  /** Modulates `logits` (float32, [batch, vocab]) in place and returns them. */
  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data;
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
      throw new TypeError(`MultiMaxLogitsProcessor expects float32 or float64 logits, got ${logits.type}`);
    }

    const modulated = modulate(data, this.params);
    for (let index = 0; index < data.length; index++) {
      if (!isMaskedValue(data[index] as number)) data[index] = modulated[index] as number;
    }
    return logits;
  }
}

function outputLayerParams(params: AnyParams | ParamsFile): ModulatorParams {
  if (!('format' in params) && !('targets' in params)) return normalizeParams(params);

  const file = toParamsFile(params, 'MultiMaxLogitsProcessor params');
  const target = selectTarget(file, { name: '', kind: 'output', layer: 0 });
  if (target === undefined) {
    throw new Error('MultiMaxLogitsProcessor: the params file has no target for the output layer; add one with "select": { "kind": "output" }.');
  }
  return target.params;
}
