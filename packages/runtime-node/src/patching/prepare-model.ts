import type { ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import type { InferenceSession } from 'onnxruntime-node';

import { checkExternalData } from '../model/external-data.js';
import type { ModelSource } from '../model/model-source.js';
import { type PatchSummary, summarizePatch } from './patch-summary.js';
import { exposeAttentionProbes, type ProbeOutput, type ProbeRequest } from './probes.js';

/** The patched model bytes, ready for onnxruntime, with what the patch did. */
export interface PreparedModel {
  bytes: Uint8Array;
  patch: PatchSummary;
  probes: ProbeOutput[];
}

/** Patches the model in memory and adds the probe outputs; the source bytes and files stay unchanged. */
export async function preparePatchedModel(source: ModelSource, params: ParamsFile, probes: ProbeRequest | undefined, sessionOptions: InferenceSession.SessionOptions): Promise<PreparedModel> {
  const model = decodeModel(source.bytes, source.label);
  await checkExternalData(model, source, sessionOptions);

  const result = patchModel(model, params, { source: source.label });
  const probeOutputs = probes === undefined ? [] : exposeAttentionProbes(model, result, probes, source.label);

  return { bytes: encodeModel(model), patch: summarizePatch(result), probes: probeOutputs };
}
