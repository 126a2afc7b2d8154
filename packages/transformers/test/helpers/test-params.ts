import type { ModulatorParams, ParamsFile } from '@multimax/core';

/** σ = identity: MultiMax equals Softmax, and the patch inserts nothing. */
export const IDENTITY_PARAMS: ModulatorParams = { ranges: [-1, 1], ts: [0, 0] };

/** First order: slope 2 below −0.5 (sparser attention), 0.5 above 0.5 (flatter peaks). */
export const ATTENTION_PARAMS: ModulatorParams = { ranges: [-0.5, 0.5], ts: [-1, -0.5] };

/** Second order, for the params carried by a model's own multimax.json. */
export const SECOND_ORDER_PARAMS: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-0.5, -0.3, -0.1, 0.05] };

/** Decreasing above 0 (slope −0.8), so the largest logits lose and greedy decoding picks other tokens. */
export const LOGITS_PARAMS: ModulatorParams = { ranges: [-100, 0], ts: [0, -1.8] };

/** Wraps params for every attention Softmax in a params file. */
export function attentionParamsFile(params: ModulatorParams): ParamsFile {
  return { format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, params }] };
}
